"""When the next-day recovery question is asked, and what an answer means: the rules of the
follow-up over one session's times, with no queries.

The clinical message behind it (DESIGN.md, "Recovery"): you should recover within about one
day. Soreness for a couple of days is normal; not recovering within a day means the next
sessions should be lighter or shorter, and the physiotherapist should see it.

All days here are local days in the patient's centre's time zone. Day 0 is the session's own
local date (``WorkoutSession.performed_on``), day 1 the next local day, and so on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from sessions_log.models import RecoveryReport, WorkoutSession

# The question opens this long after a session has ended (started_at + duration).
RECOVERY_QUESTION_DELAY = dt.timedelta(hours=20)
# A question nobody answers on this many local days in a row stops being asked.
UNANSWERED_DAYS_LIMIT = 3
# Sessions older than this cannot have an open question (first day + 3 days of asking, and
# at most one re-ask a day while the patient keeps answering "not yet"); it only bounds
# the query. A patient who keeps answering "not yet" for a month is still asked. The
# reminders bound their query with the same look-back.
RECOVERY_LOOKBACK = dt.timedelta(days=60)

NOT_RECOVERED = (RecoveryReport.Recovered.PARTLY, RecoveryReport.Recovered.NO)
STILL_SORE = (RecoveryReport.Soreness.SOME, RecoveryReport.Soreness.A_LOT)


def question_opens_at(session: WorkoutSession) -> dt.datetime:
    """When the first recovery question for ``session`` opens."""
    return session.started_at + dt.timedelta(minutes=session.duration_min) + RECOVERY_QUESTION_DELAY


def local_date(moment: dt.datetime, tz) -> dt.date:
    return timezone.localtime(moment, tz).date()


@dataclass(frozen=True)
class OpenQuestion:
    """One recovery question the patient can answer today (``asked_for``)."""

    session: WorkoutSession
    asked_for: dt.date
    day_number: int  # local days since the session; 1 = the next day
    # The day the patient last said "not yet", or None for the first ask.
    previous_answer_on: dt.date | None = None

    @property
    def is_follow_up(self) -> bool:
        return self.previous_answer_on is not None


def question_state(
    session: WorkoutSession, *, answered_days: list[dt.date], now: dt.datetime, tz
) -> str:
    """The state of one session's recovery question at ``now``.

    ``answered_days`` are the ``asked_for`` dates of the session's *answered* reports
    (``answered_at`` set). Returns one of:

    - ``"not_yet"``: the question has not opened (now < started_at + duration + 20 h);
    - ``"recovered"``: the patient answered "yes" (``recovery_days`` is set);
    - ``"answered_today"``: answered "not yet" today, asked again tomorrow;
    - ``"open"``: the patient can answer it today;
    - ``"no_answer"``: left unanswered for 3 local days, no longer asked.
    """
    if session.recovery_days is not None:
        return "recovered"
    opens_at = question_opens_at(session)
    if now < opens_at:
        return "not_yet"
    today = local_date(now, tz)
    last = max(answered_days) if answered_days else None
    if last is not None and last >= today:
        return "answered_today"
    # The first ask is on the day the question opens; after a "not yet" the question comes
    # back the next local day. It is asked on 3 local days at most without an answer.
    first_ask = local_date(opens_at, tz) if last is None else last + dt.timedelta(days=1)
    if (today - first_ask).days >= UNANSWERED_DAYS_LIMIT:
        return "no_answer"
    return "open"
