"""Access rules for closing and opening accounts, requests to end participation, the centre's
team and the page a closed account lands on."""

from tests.url_access import ROLES, Route, only

STAFF = {"staff_a": 200, "staff_b": 200}
PATIENTS = {"patient_a": 200, "patient_b": 200}


def _patient_a(cast):
    return {"pk": cast.patient_a.pk}


def _physio_a(cast):
    return {"pk": cast.physio_a.pk}


ROUTES = {
    # Staff of the patient's own centre; everyone else gets a 404.
    "patients:patient_account": Route(kwargs=_patient_a, expect=only({"staff_a": 200})),
    # POST-only: a GET is refused before anything is looked up.
    "patients:patient_deactivate": Route(
        kwargs=_patient_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:patient_reactivate": Route(
        kwargs=_patient_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:end_request_dismiss": Route(
        kwargs=_patient_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:end_requests": Route(expect=only(STAFF)),
    "patients:team": Route(expect=only(STAFF)),
    "patients:team_member": Route(kwargs=_physio_a, expect=only({"staff_a": 200})),
    "patients:team_member_deactivate": Route(
        kwargs=_physio_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:team_member_reactivate": Route(
        kwargs=_physio_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:end_participation": Route(expect=only(PATIENTS)),
    "patients:end_participation_withdraw": Route(expect=only({"patient_a": 405, "patient_b": 405})),
    # Public: without a sign-in to a closed account it names no centre.
    "patients:account_closed": Route(expect=dict.fromkeys(ROLES, 200)),
}
