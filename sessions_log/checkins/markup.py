"""The history page's weeks and days, built in Python: each week's heading and totals, each
day's heading, its check-in and its sessions, each a link to its result. A page holds four
weeks of days; as template loops with a URL and a translation per entry that was most of the
page's time (``make bench``, page ``history``). Every value goes through ``format_html``
(escaped). ``tests/sessions_log/test_history_markup.py`` pins the weeks to the template
they replace."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def history_weeks(weeks) -> SafeString:
    """Each ``HistoryWeek`` of the page as a card: the week's number and dates, its sessions
    and minutes, and its days (``history_days``)."""
    cards = []
    for week in weeks:
        anchor = date(week.week_start, "Y-m-d")
        count, minutes = week.session_count, week.minutes
        totals = ngettext("%(counter)s session", "%(counter)s sessions", count) % {
            "counter": number_format(count)
        }
        if minutes:
            totals += ", " + ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {
                "minutes": number_format(minutes)
            }
        cards.append(
            format_html(
                '\n<section class="card" aria-labelledby="week-{}">\n'
                '  <h2 id="week-{}">{}</h2>\n'
                '  <p class="muted">{}.\n'
                "  {}.</p>\n"
                '  <ul class="list">\n'
                "    {}\n"
                "  </ul>\n"
                "</section>\n",
                anchor,
                anchor,
                _("Week %(number)s") % {"number": number_format(week.iso_week)},
                _("Monday %(start)s to Sunday %(end)s")
                % {
                    "start": date(week.week_start, "MONTH_DAY_FORMAT"),
                    "end": date(week.week_end, "MONTH_DAY_FORMAT"),
                },
                totals,
                history_days(week.days),
            )
        )
    return SafeString("".join(cards))
