"""The hidden form behind the physiotherapist's buttons on a progression suggestion."""

from __future__ import annotations

from django import forms

from sessions_log.models import ProgressionDecision


class SuggestionForm(forms.Form):
    """Accepting or dismissing a progression suggestion: which one, for which version, and
    the page to go back to. All hidden: the page's buttons send them."""

    code = forms.ChoiceField(choices=ProgressionDecision.Code.choices, widget=forms.HiddenInput)
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=100_000)
    back = forms.ChoiceField(
        choices=[("patient", "patient"), ("plan", "plan")],
        widget=forms.HiddenInput,
        required=False,
    )
