"""The recovery question's form: three taps and an optional note (phone first)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pusterom.forms import LimitMessagesMixin
from sessions_log.models import RecoveryReport


class RecoveryForm(LimitMessagesMixin, forms.Form):
    recovered = forms.ChoiceField(
        label=_("Have you recovered?"),
        choices=RecoveryReport.Recovered,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you have recovered.")},
    )
    managed_chores = forms.ChoiceField(
        label=_("Could you manage your daily chores afterwards?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect(attrs={"class": "chips--row"}),
        error_messages={"required": _("Choose whether you could manage your daily chores.")},
    )
    soreness = forms.ChoiceField(
        label=_("Sore muscles?"),
        choices=RecoveryReport.Soreness,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how sore your muscles are.")},
    )
    note = forms.CharField(
        label=_("Anything else you want to tell us?"),
        required=False,
        max_length=RecoveryReport._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, question_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if question_text:
            self.fields["recovered"].label = question_text
