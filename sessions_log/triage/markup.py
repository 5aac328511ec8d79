"""The triage lists' markup, built in Python: the flag badge, what a flag is about, the
answers behind a check-in, and the rows of the three lists (open flags, acknowledged flags,
inactive patients).

One home for each of these pieces: the queue, the acknowledge page and the patient page all
use them (``sessions_log.templatetags.triage``). The rows are built here rather than in a
template because a queue page holds 50 of them: as template includes that was about 2,000
template nodes and 180 includes a page, the slowest part of the physiotherapist's most used
page (``make bench``, page ``triage``). Every value goes through ``format_html`` (escaped).
"""

from __future__ import annotations

import functools

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from pusterom.markup import (
    choice_label,
    date,
    format_html,
    format_html_join,
    time_since,
    url_for_pk,
)
from sessions_log.models import Flag
from sessions_log.triage.selectors import SERIOUS

_SERIOUS_ICON = mark_safe(  # noqa: S308 - a constant
    '<svg class="badge__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
    '<path d="M8 1 15 14H1z" fill="none" stroke="currentColor" stroke-width="2" '
    'stroke-linejoin="round"/><path d="M8 6v4" stroke="currentColor" stroke-width="2"/></svg>'
)
_OTHER_ICON = mark_safe(  # noqa: S308 - a constant
    '<svg class="badge__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
    '<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="2"/></svg>'
)
_MUTED_DASH = mark_safe('<span class="muted">–</span>')  # noqa: S308 - a constant


def _name(user) -> str:
    return user.get_full_name() or user.email


def flag_badge(flag: Flag) -> SafeString:
    """The flag's kind as a badge: red with a warning triangle when it is serious
    (``selectors.SERIOUS``), amber with a circle otherwise."""
    return _badge(flag.kind, get_language())


@functools.lru_cache(maxsize=64)
def _badge(kind: str, language: str) -> SafeString:
    # One badge a kind and language: a page of 50 rows has a handful of kinds.
    serious = kind in SERIOUS
    return format_html(
        '<span class="badge badge--{}">{}{}</span>',
        "red" if serious else "amber",
        _SERIOUS_ICON if serious else _OTHER_ICON,
        Flag.Kind(kind).label if kind in Flag.Kind.values else kind,
    )


def checkin_signs(check_in) -> SafeString:
    """The answers behind an amber or red check-in, for the physiotherapist ("red" alone does
    not say whether to call about chest pain): each warning sign, then nausea and dizziness
    when there was some. Each part starts with ", "."""
    parts = [format_html(", <strong>{}</strong>", sign) for sign in check_in.signs_present()]
    if check_in.nausea != "none":
        parts.append(format_html(", {}: {}", _("nausea"), choice_label(check_in, "nausea")))
    if check_in.dizziness != "none":
        parts.append(format_html(", {}: {}", _("dizziness"), choice_label(check_in, "dizziness")))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def flag_subject(flag: Flag) -> SafeString:
    """What the flag is about: its session (activity, minutes, effort, day) or its check-in
    (day, level and the answers behind it)."""
    if flag.session_id:
        session = flag.session
        return format_html(
            '{}, {}, {} <span class="muted">({} {})</span>',
            choice_label(session, "activity"),
            _("%(minutes)s min") % {"minutes": session.duration_min},
            _("Borg %(rpe)s") % {"rpe": session.rpe},
            date(session.performed_on, "D"),
            date(session.performed_on, "MONTH_DAY_FORMAT"),
        )
    if flag.check_in_id:
        check_in = flag.check_in
        return format_html(
            "{}: {}{}",
            _("Check-in %(day)s") % {"day": date(check_in.date, "MONTH_DAY_FORMAT")},
            choice_label(check_in, "level"),
            checkin_signs(check_in),
        )
    return mark_safe("–")  # noqa: S308 - a constant


class _Urls:
    """Links of a list's rows, reversed once a page rather than twice a row."""

    def __init__(self):
        self.patient = url_for_pk("sessions_log:patient_page")
        self.acknowledge = url_for_pk("sessions_log:flag_acknowledge")


def _cell(label: str, content) -> SafeString:
    return format_html('<td data-label="{}">{}</td>', label, content)


def open_rows(flags) -> SafeString:
    """The rows of the open-flag queue (``flags`` with ``own_words`` and ``today_check_in``
    from ``selectors.with_context``)."""
    urls = _Urls()
    labels = {
        "flag": _("Flag"),
        "subject": _("Session or check-in"),
        "words": _("In the patient's words"),
        "today": _("Today's check-in"),
        "open_for": _("Open for"),
    }
    acknowledge, none_yet = _("Acknowledge"), _("None yet")
    now = timezone.now()
    rows = []
    for flag in flags:
        patient = flag.patient
        physio = patient.assigned_physio
        words = (
            format_html_join("", '<q class="own-words">{}</q>', ((w.text,) for w in flag.own_words))
            or _MUTED_DASH
        )
        today = flag.today_check_in
        today_cell = (
            format_html(
                '<span class="badge badge--{}">{}</span>', today.level, choice_label(today, "level")
            )
            if today
            else format_html('<span class="muted">{}</span>', none_yet)
        )
        rows.append(
            format_html(
                '<tr><th scope="row"><a href="{}">{}</a>{}</th>{}{}{}{}'
                '<td data-label="{}"><time datetime="{}">{}</time></td>'
                '<td class="table--stack__action"><a class="button button--secondary '
                'button--small" href="{}">{}<span class="visually-hidden">: {}, {}</span></a>'
                "</td></tr>",
                urls.patient(flag.patient_id),
                _name(patient.user),
                format_html('<br><span class="muted">{}</span>', physio.get_full_name())
                if physio
                else "",
                _cell(labels["flag"], flag_badge(flag)),
                _cell(labels["subject"], flag_subject(flag)),
                _cell(labels["words"], words),
                _cell(labels["today"], today_cell),
                labels["open_for"],
                date(flag.created_at, "c"),
                time_since(flag.created_at, now),
                urls.acknowledge(flag.pk),
                acknowledge,
                choice_label(flag, "kind"),
                patient.user.get_full_name(),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row is built by format_html


def history_rows(flags) -> SafeString:
    """The rows of the acknowledged flags: who acknowledged when, and the note they left."""
    urls = _Urls()
    labels = {
        "flag": _("Flag"),
        "subject": _("Session or check-in"),
        "acknowledged": _("Acknowledged"),
        "note": _("Note to the patient"),
    }
    seen, no_note = _("Seen by the patient"), _("No note")
    rows = []
    for flag in flags:
        by = flag.acknowledged_by
        if flag.physio_note:
            note = format_html(
                "{}{}",
                linebreaksbr(flag.physio_note, autoescape=True),
                format_html('<br><span class="muted">{}</span>', seen) if flag.note_seen_at else "",
            )
        else:
            note = format_html('<span class="muted">{}</span>', no_note)
        rows.append(
            format_html(
                '<tr><th scope="row"><a href="{}">{}</a></th>{}{}{}{}</tr>',
                urls.patient(flag.patient_id),
                _name(flag.patient.user),
                _cell(labels["flag"], flag_badge(flag)),
                _cell(labels["subject"], flag_subject(flag)),
                _cell(
                    labels["acknowledged"],
                    format_html(
                        '{}<br><span class="muted">{}</span>',
                        date(flag.acknowledged_at, "SHORT_DATETIME_FORMAT"),
                        (by.get_full_name() if by else "") or "–",
                    ),
                ),
                _cell(labels["note"], note),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row is built by format_html


def inactive_rows(patients) -> SafeString:
    """The rows of the inactive list: physiotherapist, last activity, how long it is quiet."""
    urls = _Urls()
    labels = {
        "physio": _("Physiotherapist"),
        "last": _("Last activity"),
        "quiet": _("Quiet for"),
    }
    nothing = _("Nothing logged yet")
    now = timezone.now()
    rows = []
    for patient in patients:
        physio = patient.assigned_physio
        rows.append(
            format_html(
                '<tr><th scope="row"><a href="{}">{}</a></th>{}{}{}</tr>',
                urls.patient(patient.pk),
                _name(patient.user),
                _cell(labels["physio"], (physio.get_full_name() if physio else "") or "–"),
                _cell(
                    labels["last"],
                    date(patient.last_activity_at, "DATE_FORMAT")
                    if patient.last_activity_at
                    else nothing,
                ),
                _cell(labels["quiet"], time_since(patient.quiet_since, now)),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row is built by format_html


# The patient page's timeline -------------------------------------------------------------

_STATES = {
    "no_answer": lambda: format_html('<span class="badge">{}</span>', _("No answer")),
    "answered_today": lambda: _("not recovered yet"),
    "open": lambda: _("waiting for the recovery answer"),
}


def _check_in_entry(check_in) -> SafeString:
    answers = _("energy %(energy)s, pain %(pain)s, sleep: %(sleep)s") % {
        "energy": check_in.energy,
        "pain": check_in.pain,
        "sleep": choice_label(check_in, "sleep"),
    }
    area = f" ({choice_label(check_in, 'pain_area')})" if check_in.pain_area else ""
    return format_html(
        '<strong>{}</strong> <span class="badge badge--{}">{}</span> <span>{}{}{}</span>',
        _("Check-in"),
        check_in.level,
        choice_label(check_in, "level"),
        answers,
        area,
        checkin_signs(check_in),
    )


def _session_entry(session, state: str) -> SafeString:
    heart = ", " + _("max heart rate %(hr)s") % {"hr": session.max_hr} if session.max_hr else ""
    if state == "recovered":
        days = session.recovery_days
        recovery = ngettext(
            "recovered after %(days)s day", "recovered after %(days)s days", days
        ) % {"days": days}
    else:
        recovery = _STATES.get(state, lambda: _("recovery question not asked yet"))()
    return format_html(
        '<strong>{}</strong> <span>{}, {}{}</span> <span class="muted">· {}</span>',
        choice_label(session, "activity"),
        _("%(minutes)s min, Borg %(rpe)s") % {"minutes": session.duration_min, "rpe": session.rpe},
        choice_label(session, "setting").lower(),
        heart,
        recovery,
    )


def _recovery_entry(report) -> SafeString:
    session = report.session_obj
    return format_html(
        "<strong>{}</strong> <span>{}: {}, {}</span>{}",
        _("Recovery answer"),
        _("for the %(activity)s on %(day)s")
        % {
            "activity": choice_label(session, "activity").lower(),
            "day": date(session.performed_on, "MONTH_DAY_FORMAT"),
        },
        _("recovered: %(recovered)s, sore muscles: %(soreness)s")
        % {
            "recovered": choice_label(report, "recovered").lower(),
            "soreness": choice_label(report, "soreness").lower(),
        },
        _("managed daily chores") if report.managed_chores else _("could not manage daily chores"),
        format_html(' <q class="timeline__note">{}</q>', report.note) if report.note else "",
    )


def _flag_entry(flag) -> SafeString:
    if flag.acknowledged_at:
        by = flag.acknowledged_by
        state = format_html(
            '<span class="muted">{}</span>{}',
            _("acknowledged by %(who)s") % {"who": (by.get_full_name() if by else "") or "–"},
            format_html(' <q class="timeline__note">{}</q>', flag.physio_note)
            if flag.physio_note
            else "",
        )
    else:
        state = format_html('<span class="muted">{}</span>', _("open"))
    return format_html("{} {}", flag_badge(flag), state)


_ENTRIES = {
    "check_in": lambda entry: _check_in_entry(entry.obj),
    "session": lambda entry: _session_entry(entry.obj, entry.state),
    "recovery": lambda entry: _recovery_entry(entry.obj),
    "flag": lambda entry: _flag_entry(entry.obj),
}


def timeline_days(days) -> SafeString:
    """The ``<li>`` of each ``TimelineDay`` of the patient page (``selectors.patient_activity``):
    the day, then each check-in, session, recovery answer and flag of it."""
    return format_html_join(
        "\n",
        '<li class="card timeline__day"><h3>{} {}</h3><ul class="list">{}</ul></li>',
        (
            (
                date(day.day, "l"),
                date(day.day, "MONTH_DAY_FORMAT"),
                format_html_join(
                    "",
                    '<li class="timeline__entry timeline__entry--{}">{}</li>',
                    ((entry.kind, _ENTRIES[entry.kind](entry)) for entry in day.entries),
                ),
            )
            for day in days
        ),
    )
