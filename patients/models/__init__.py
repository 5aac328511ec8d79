"""The models of the patients app (one app label, ``patients``), one module per feature:
referrals and invitations, patient profiles and the intake conversation, restrictions and
prior injuries ("weakest link"), and requests to end participation (accounts). Import them
from here, ``from patients.models import Referral``, or a long list from their modules."""

from patients.body_areas import BodyArea  # the one list of areas; forms import it from here
from patients.models.accounts import END_REQUEST_MESSAGE_LIMIT, ParticipationEndRequest
from patients.models.profiles import (
    INTAKE_GOALS_LIMIT,
    INTAKE_NOTES_LIMIT,
    IntakeConversation,
    PatientProfile,
    age_on,
    default_reminder_time,
)
from patients.models.referrals import (
    REFERRAL_NOTES_LIMIT,
    REFERRAL_REASON_LIMIT,
    Invitation,
    Referral,
    TreatmentPhase,
)
from patients.models.restrictions import (
    PRIOR_INJURY_DESCRIPTION_LIMIT,
    RESTRICTION_NOTE_LIMIT,
    PriorInjury,
    Restriction,
    RestrictionQuerySet,
)

__all__ = [
    "END_REQUEST_MESSAGE_LIMIT",
    "INTAKE_GOALS_LIMIT",
    "INTAKE_NOTES_LIMIT",
    "PRIOR_INJURY_DESCRIPTION_LIMIT",
    "REFERRAL_NOTES_LIMIT",
    "REFERRAL_REASON_LIMIT",
    "RESTRICTION_NOTE_LIMIT",
    "BodyArea",
    "IntakeConversation",
    "Invitation",
    "ParticipationEndRequest",
    "PatientProfile",
    "PriorInjury",
    "Referral",
    "Restriction",
    "RestrictionQuerySet",
    "TreatmentPhase",
    "age_on",
    "default_reminder_time",
]
