"""``{% history_weeks page.weeks %}`` and ``{% history_days week.days %}``: the history page's
weeks and days (``sessions_log.checkins.markup``)."""

from django import template

from sessions_log.checkins import markup

register = template.Library()

register.simple_tag(markup.history_days, name="history_days")
register.simple_tag(markup.history_weeks, name="history_weeks")
