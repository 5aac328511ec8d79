"""The patient's form for "Dagens økt": the effort of today's planned session, one tap."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions_log.checkins.workout_forms import RPE_WORDS


class PlannedEffortForm(forms.Form):
    """One tap for the effort of today's planned session, pre-set to its target (the rest
    comes from the plan: ``plans.today.log.planned_log``)."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    rpe = forms.TypedChoiceField(
        label=_("How hard was it?"),
        help_text=_(
            "The talk test: at 11-13 you can talk in whole sentences. At 14-16 you can say a "
            "few words at a time. At 17 or more you can hardly talk."
        ),
        choices=[(i, str(i)) for i in range(6, 21)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how hard it was, from 6 to 20.")},
    )

    def __init__(self, *args, target: tuple[int, int], suggested: int, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("client_uuid", uuid.uuid4())
        kwargs["initial"].setdefault("rpe", suggested)
        super().__init__(*args, **kwargs)
        self.target = target

    def chips(self):
        """(radio, value, Borg's word for it, whether it is in the target range) per step."""
        low, high = self.target
        for choice in self["rpe"]:
            value = int(choice.data["value"])
            yield choice, value, RPE_WORDS.get(value, ""), low <= value <= high
