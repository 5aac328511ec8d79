"""The history page's days, built in Python: each day's heading, its check-in and its
sessions, each a link to its result. A page holds four weeks of days; as template loops with
a URL and a translation per entry that was most of the page's time (``make bench``, page
``history``). Every value goes through ``format_html`` (escaped)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pusterom.markup import choice_label, date, format_html, format_html_join, url_for_pk


def history_days(days) -> SafeString:
    """The ``<li>`` of each ``HistoryDay`` (``selectors.history_page``)."""
    check_in_url = url_for_pk("sessions_log:check_in_result")
    session_url = url_for_pk("sessions_log:workout_result")
    check_in_title = _("Check-in")
    items = []
    for day in days:
        entries = []
        if day.check_in:
            check_in = day.check_in
            entries.append(
                format_html(
                    '<p class="entry"><a class="entry__link" href="{}"><span class="entry__title">'
                    '{}</span> <span class="badge badge--{}">{}</span></a></p>',
                    check_in_url(check_in.pk),
                    check_in_title,
                    check_in.level,
                    choice_label(check_in, "level"),
                )
            )
        entries.extend(
            format_html(
                '<p class="entry"><a class="entry__link" href="{}"><span class="entry__title">'
                "{}</span> <span>{}</span></a></p>",
                session_url(session.pk),
                choice_label(session, "activity"),
                _("%(minutes)s min, effort %(rpe)s")
                % {"minutes": session.duration_min, "rpe": session.rpe},
            )
            for session in day.sessions
        )
        items.append(
            format_html(
                "<li><h3>{} {}</h3>{}</li>",
                date(day.date, "l"),
                date(day.date, "MONTH_DAY_FORMAT"),
                format_html_join("", "{}", ((entry,) for entry in entries)),
            )
        )
    return format_html_join("\n", "{}", ((item,) for item in items))
