"""Training plans in words: the weekday choices and names ("Monday, Wednesday and Friday")
and a dose as "3 × 10", "3 × 30 s" or "20 min", in the active language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sessions_log.plans.rules.data import Dose

WEEKDAYS = [
    ("1", gettext_lazy("Monday")),
    ("2", gettext_lazy("Tuesday")),
    ("3", gettext_lazy("Wednesday")),
    ("4", gettext_lazy("Thursday")),
    ("5", gettext_lazy("Friday")),
    ("6", gettext_lazy("Saturday")),
    ("7", gettext_lazy("Sunday")),
]
WEEKDAY_NAMES = dict(WEEKDAYS)


def weekday_names(days: str) -> str:
    names = [str(WEEKDAY_NAMES[d]).lower() for d in days if d in WEEKDAY_NAMES]
    if len(names) <= 1:
        return "".join(names).capitalize()
    text = _("%(days)s and %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}
    return text[:1].upper() + text[1:]


def dose_text(dose: Dose) -> str:
    """ "3 × 10", "3 × 30 s", "20 min" or "2 × 5 min"."""
    if dose.minutes is not None:
        if dose.sets > 1:
            return _("%(sets)s × %(minutes)s min") % {"sets": dose.sets, "minutes": dose.minutes}
        return _("%(minutes)s min") % {"minutes": dose.minutes}
    if dose.seconds is not None:
        return _("%(sets)s × %(seconds)s s") % {"sets": dose.sets, "seconds": dose.seconds}
    return _("%(sets)s × %(reps)s") % {"sets": dose.sets, "reps": dose.reps}
