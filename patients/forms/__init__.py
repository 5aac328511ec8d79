"""Forms of the patients app, one module per role; import them from here."""

from patients.forms.invitation import AcceptInvitationForm
from patients.forms.physio import CentralLineForm, IntakeForm, PriorInjuryForm, RestrictionForm
from patients.forms.referrals import ReferralForm, ReferralOutcomeForm, ReferralSearchForm

__all__ = [
    "AcceptInvitationForm",
    "CentralLineForm",
    "IntakeForm",
    "PriorInjuryForm",
    "ReferralForm",
    "ReferralOutcomeForm",
    "ReferralSearchForm",
    "RestrictionForm",
]
