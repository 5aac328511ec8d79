"""Access rules for referrals, invitations, the patient list, intake, restrictions, prior
injuries and the patient's plan."""

from tests.url_access import ROLES, Route, only


def _referral(cast):
    from tests.factories import ReferralFactory

    return ReferralFactory(centre=cast.centre_a, registered_by=cast.staff_a)


def _referral_of_patient_a(cast):
    """patient_a's own referral (active: the patient has an account)."""
    from tests.factories import ReferralFactory

    user = cast.patient_a.user
    referral = ReferralFactory(
        centre=cast.centre_a,
        registered_by=cast.staff_a,
        status="active",
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
    )
    cast.patient_a.referral = referral
    cast.patient_a.save(update_fields=["referral"])
    return referral


def _invitation_token(cast):
    from patients.services import invite_patient

    return invite_patient(referral=_referral(cast), by=cast.staff_a)


def _restriction(cast):
    from tests.factories import RestrictionFactory

    return RestrictionFactory(patient=cast.patient_a, set_by=cast.physio_a)


def _injury(cast):
    from tests.factories import PriorInjuryFactory

    return PriorInjuryFactory(patient=cast.patient_a)


EVERYONE = dict.fromkeys(ROLES, 200)
CLINICIANS = {"physio_a": 200, "physio_b": 200, "staff_a": 200, "staff_b": 200}

ROUTES = {
    "patients:referral_list": Route(
        expect=only({"staff_a": 200, "staff_b": 200}),
        shows_patient_data=True,
        given=_referral_of_patient_a,
    ),
    "patients:referral_create": Route(
        shows_patient_data=False, expect=only({"staff_a": 200, "staff_b": 200})
    ),
    "patients:referral_detail": Route(
        kwargs=lambda cast: {"pk": _referral_of_patient_a(cast).pk},
        expect=only({"staff_a": 200}),
        shows_patient_data=True,
    ),
    # POST-only: a GET is refused before anything is looked up.
    "patients:referral_invite": Route(
        shows_patient_data=False,
        kwargs=lambda cast: {"pk": _referral(cast).pk},
        expect=only({"staff_a": 405, "staff_b": 405}),
    ),
    "patients:referral_revoke": Route(
        shows_patient_data=False,
        kwargs=lambda cast: {"pk": _referral(cast).pk},
        expect=only({"staff_a": 405, "staff_b": 405}),
    ),
    "patients:referral_outcome": Route(
        kwargs=lambda cast: {"pk": _referral_of_patient_a(cast).pk},
        expect=only({"staff_a": 200}),
        shows_patient_data=True,
    ),
    # Public: the link is the key. A GET only shows the form.
    "patients:invitation": Route(
        shows_patient_data=False,
        kwargs=lambda cast: {"token": _invitation_token(cast)},
        expect=EVERYONE,
    ),
    "patients:privacy": Route(shows_patient_data=False, expect=EVERYONE),
    "patients:my_plan": Route(
        shows_patient_data=False, expect=only({"patient_a": 200, "patient_b": 200})
    ),
    "patients:patient_list": Route(expect=only(CLINICIANS), shows_patient_data=True),
    "patients:intake_create": Route(
        kwargs=lambda cast: {"pk": cast.patient_a.pk},
        expect=only({"physio_a": 200}),
        shows_patient_data=True,
    ),
    "patients:central_line": Route(
        kwargs=lambda cast: {"pk": cast.patient_a.pk},
        expect=only({"physio_a": 200}),
        shows_patient_data=True,
    ),
    # POST-only: a GET is refused before the patient is looked up.
    "patients:take_patient": Route(
        shows_patient_data=False,  # POST only
        kwargs=lambda cast: {"pk": cast.patient_a.pk},
        expect=only({"physio_a": 405, "physio_b": 405}),
    ),
    "patients:restriction_create": Route(
        kwargs=lambda cast: {"pk": cast.patient_a.pk},
        expect=only({"physio_a": 200}),
        shows_patient_data=True,
    ),
    "patients:restriction_edit": Route(
        kwargs=lambda cast: {"pk": _restriction(cast).pk},
        expect=only({"physio_a": 200}),
        shows_patient_data=True,
    ),
    "patients:restriction_end": Route(
        shows_patient_data=False,
        kwargs=lambda cast: {"pk": _restriction(cast).pk},
        expect=only({"physio_a": 405, "physio_b": 405}),
    ),
    "patients:injury_create": Route(
        kwargs=lambda cast: {"pk": cast.patient_a.pk},
        expect=only({"physio_a": 200}),
        shows_patient_data=True,
    ),
    "patients:injury_edit": Route(
        kwargs=lambda cast: {"pk": _injury(cast).pk},
        expect=only({"physio_a": 200}),
        shows_patient_data=True,
    ),
    "patients:injury_delete": Route(
        kwargs=lambda cast: {"pk": _injury(cast).pk},
        expect=only({"physio_a": 200}),
        shows_patient_data=True,
    ),
}
