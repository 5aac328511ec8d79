"""Access rules for closing and opening accounts, requests to end participation, the centre's
team and the page a closed account lands on."""

from tests.url_access import ROLES, Route, only

STAFF = {"staff_a": 200, "staff_b": 200}
PATIENTS = {"patient_a": 200, "patient_b": 200}


def _patient_a(cast):
    return {"pk": cast.patient_a.pk}


def _physio_a(cast):
    return {"pk": cast.physio_a.pk}


def _end_request_of_patient_a(cast):
    from patients.models import ParticipationEndRequest

    ParticipationEndRequest.objects.create(patient=cast.patient_a)


ROUTES = {
    # Staff of the patient's own centre; everyone else gets a 404.
    "patients:patient_account": Route(
        kwargs=_patient_a, expect=only({"staff_a": 200}), shows_patient_data=True
    ),
    # POST-only: a GET is refused before anything is looked up.
    "patients:patient_deactivate": Route(
        shows_patient_data=False, kwargs=_patient_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:patient_reactivate": Route(
        shows_patient_data=False, kwargs=_patient_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:end_request_dismiss": Route(
        shows_patient_data=False, kwargs=_patient_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:end_requests": Route(
        expect=only(STAFF), shows_patient_data=True, given=_end_request_of_patient_a
    ),
    "patients:team": Route(shows_patient_data=False, expect=only(STAFF)),
    "patients:team_member": Route(
        shows_patient_data=False, kwargs=_physio_a, expect=only({"staff_a": 200})
    ),
    "patients:team_member_deactivate": Route(
        shows_patient_data=False, kwargs=_physio_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:team_member_reactivate": Route(
        shows_patient_data=False, kwargs=_physio_a, expect=only({"staff_a": 405, "staff_b": 405})
    ),
    "patients:end_participation": Route(shows_patient_data=False, expect=only(PATIENTS)),
    "patients:end_participation_withdraw": Route(
        shows_patient_data=False, expect=only({"patient_a": 405, "patient_b": 405})
    ),
    # Public: without a sign-in to a closed account it names no centre.
    "patients:account_closed": Route(shows_patient_data=False, expect=dict.fromkeys(ROLES, 200)),
}
