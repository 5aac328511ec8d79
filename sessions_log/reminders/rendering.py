"""A reminder as the patient reads it: subject, text, HTML and SMS in their language, and the
signed link that turns one kind of reminder off without logging in.

The message names no diagnosis, symptom, level or number: only what to do, and a link to the
page behind login.
"""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from patients.models import PatientProfile
from sessions_log.models import Reminder
from sessions_log.reminders.due import KIND_FIELDS

Kind = Reminder.Kind

UNSUBSCRIBE_SALT = "pusterom.reminders.unsubscribe"


def unsubscribe_token(*, patient_id: int, kind: str) -> str:
    return signing.dumps({"p": patient_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(patient id, kind), or None for a token that was not made by us."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        patient_id, kind = int(data["p"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if kind not in KIND_FIELDS:
        return None
    return patient_id, kind


def _absolute(name: str, *fallbacks: str) -> str:
    for candidate in (name, *fallbacks):
        try:
            return settings.SITE_URL + reverse(candidate)
        except NoReverseMatch:
            continue
    return settings.SITE_URL + "/"


def link_for(kind: str) -> str:
    """Where the message sends the patient: the page that does the thing, behind login."""
    if kind == Kind.CHECKIN:
        return _absolute("sessions_log:check_in", "sessions_log:home")
    if kind == Kind.WEEKLY:
        return _absolute("sessions_log:weekly_summary", "sessions_log:home")
    return _absolute("sessions_log:home")


class RenderedReminder:
    """The message in the patient's language. Each part is rendered when first read, so an
    email reminder does not render the text message, nor a text message the email."""

    def __init__(self, *, context: dict, language: str, unsubscribe_url: str):
        self.context = context
        self.language = language
        self.unsubscribe_url = unsubscribe_url

    def _render(self, template: str) -> str:
        with translation.override(self.language):
            return render_to_string(template, self.context)

    @cached_property
    def subject(self) -> str:
        return self._render("emails/reminder_subject.txt").strip()

    @cached_property
    def text(self) -> str:
        return self._render("emails/reminder_message.txt")

    @cached_property
    def html(self) -> str:
        return self._render("emails/reminder_message.html")

    @cached_property
    def sms(self) -> str:
        return " ".join(self._render("emails/reminder_sms.txt").split())


def render_reminder(*, reminder: Reminder, patient: PatientProfile) -> RenderedReminder:
    user = patient.user
    unsubscribe_url = settings.SITE_URL + reverse(
        "sessions_log:reminder_unsubscribe",
        kwargs={"token": unsubscribe_token(patient_id=patient.pk, kind=reminder.kind)},
    )
    context = {
        "kind": reminder.kind,
        "first_name": user.first_name,
        "url": link_for(reminder.kind),
        "unsubscribe_url": unsubscribe_url,
        "settings_url": _absolute("sessions_log:reminder_settings"),
    }
    return RenderedReminder(
        context=context,
        language=user.language or settings.LANGUAGE_CODE,
        unsubscribe_url=unsubscribe_url,
    )
