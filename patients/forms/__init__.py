"""Forms of the patients app; import them from here."""

from patients.forms.referrals import (
    AcceptInvitationForm,
    IntakeForm,
    PriorInjuryForm,
    ReferralForm,
    ReferralOutcomeForm,
    ReferralSearchForm,
    RestrictionForm,
)

__all__ = [
    "AcceptInvitationForm",
    "IntakeForm",
    "PriorInjuryForm",
    "ReferralForm",
    "ReferralOutcomeForm",
    "ReferralSearchForm",
    "RestrictionForm",
]
