"""Forms of the physiotherapist's review: the queue's filters and acknowledging a flag."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pusterom.forms import LimitMessagesMixin
from sessions_log.models import Flag
from sessions_log.triage.selectors import UNASSIGNED


class TriageFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    physio = forms.ChoiceField(label=gettext_lazy("Physiotherapist"), required=False)

    def __init__(self, *args, physios, by_kind: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if by_kind:
            self.fields["kind"].choices = [("", _("All kinds")), *Flag.Kind.choices]
        else:  # the inactive list is of patients, not flags
            del self.fields["kind"]
        self.fields["physio"].choices = [
            ("", _("Everyone")),
            *[(str(p.pk), p.get_full_name() or p.email) for p in physios],
            (UNASSIGNED, _("No physiotherapist")),
        ]

    def filters(self) -> dict:
        """The chosen filters by name; none when the query string is not valid."""
        valid = self.is_valid()
        return {name: self.cleaned_data[name] if valid else "" for name in self.fields}


class AcknowledgeForm(LimitMessagesMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note to the patient"),
        help_text=gettext_lazy(
            "The patient sees it on their home page. Leave it empty if no note is needed."
        ),
        required=False,
        max_length=Flag._meta.get_field("physio_note").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    back = forms.ChoiceField(
        choices=[("triage", "triage"), ("patient", "patient")],
        required=False,
        widget=forms.HiddenInput,
    )
