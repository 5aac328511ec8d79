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


# Notes a physiotherapist often leaves, to pick and edit (in the physiotherapist's language,
# which is usually the patient's too).
QUICK_NOTES = (
    gettext_lazy("Thank you for telling us. I will call you today."),
    gettext_lazy("Good that you told us. Take it easy, and tell us if it gets worse."),
    gettext_lazy("Try shorter and lighter sessions this week."),
    gettext_lazy("Let us talk about this the next time we meet."),
)


class AcknowledgeForm(LimitMessagesMixin, forms.Form):
    """Where JavaScript runs, picking a quick note fills the note field to edit; without it,
    a quick note is sent as it is unless a note is written (what is written wins)."""

    quick_note = forms.ChoiceField(
        label=gettext_lazy("Quick notes"),
        help_text=gettext_lazy("Pick one, or write your own note below."),
        required=False,
        widget=forms.RadioSelect(attrs={"data-fills": "#id_note", "class": "chips--notes"}),
    )
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices in the active language: the value is the note itself.
        self.fields["quick_note"].choices = [(str(note), str(note)) for note in QUICK_NOTES]

    def clean(self):
        data = super().clean()
        if not (data.get("note") or "").strip() and data.get("quick_note"):
            data["note"] = data["quick_note"]
        return data
