"""The triage markup (``sessions_log.triage.markup``) for templates: ``flag|flag_badge``,
``flag|flag_subject``, ``check_in|checkin_signs``, ``{% triage_rows tab rows %}`` and the patient page's
``{% timeline_days activity.timeline %}``."""

from django import template

from sessions_log.triage import markup

register = template.Library()

register.filter("flag_badge", markup.flag_badge)
register.filter("flag_subject", markup.flag_subject)
register.filter("checkin_signs", markup.checkin_signs)

ROWS = {"open": markup.open_rows, "history": markup.history_rows, "inactive": markup.inactive_rows}


@register.simple_tag
def triage_rows(tab, rows):
    """The ``<tr>`` rows of one triage list."""
    return ROWS[tab](rows)


register.simple_tag(markup.timeline_days, name="timeline_days")
