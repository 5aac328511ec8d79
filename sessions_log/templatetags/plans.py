"""Training-plan template helpers: ``{% my_week_plan profile restrictions %}`` renders the patient's week,
planned and done (for the "My plan" page); ``{% todays_session patient check_in %}`` renders
"Dagens økt" (the home page and today's check-in result); ``dose`` and ``contraindication``
turn plain data into words; ``adherence_bars`` and ``adherence_rows`` write the adherence chart's
bars and table rows on the physiotherapist's patient page (``sessions_log.plans.review.markup``)."""

from django import template

from sessions_log import activity
from sessions_log.plans.review import markup as review_markup
from sessions_log.plans.rules.contraindications import describe_contraindication
from sessions_log.plans.rules.data import Dose
from sessions_log.plans.today.card import todays_card
from sessions_log.plans.today.week import planned_vs_done, week_plan
from sessions_log.plans.words import dose_text, weekday_names

register = template.Library()

# The adherence chart's bars and table rows on the physiotherapist's patient page.
register.simple_tag(review_markup.adherence_bars, name="adherence_bars")
register.simple_tag(review_markup.adherence_rows, name="adherence_rows")


@register.inclusion_tag("sessions_log/plans/_my_week.html")
def my_week_plan(profile, restrictions=None):
    """The patient's current programme, and this week's planned and done sessions (seven to
    ten queries; one fewer with today's ``restrictions`` from the page)."""
    plan = week_plan(patient=profile, restrictions=restrictions)
    days = []
    if plan is not None:
        today = profile.local_today()
        start = activity.week_start(today)
        days = planned_vs_done(
            patient=profile, start=start, end=activity.week_end(start), today=today
        )
    return {"plan": plan, "days": days}


@register.inclusion_tag("sessions_log/plans/_today.html")
def todays_session(patient, check_in=None, restrictions=None, week_workouts=None):
    """ "Dagens økt": today's planned sessions adapted to today's check-in (``check_in`` is
    today's, or None before the check-in). Renders nothing without a plan. ``restrictions``:
    those in force today, and ``week_workouts``: this week's workouts, where the page has
    read them (a query fewer each)."""
    day = check_in.date if check_in is not None else patient.local_today()
    card = todays_card(
        patient=patient,
        day=day,
        check_in=check_in,
        restrictions=restrictions,
        workouts=week_workouts,
    )
    return {"card": card}


@register.filter
def dose(value) -> str:
    """A Dose (or anything with ``.dose``) as "3 × 10", "3 × 30 s" or "20 min"."""
    value = getattr(value, "dose", value)
    return dose_text(value) if isinstance(value, Dose) else ""


@register.filter
def contraindication(codes) -> str:
    """Contraindication codes as the table's sentences."""
    return " ".join(filter(None, (describe_contraindication(c) for c in codes)))


@register.filter
def weekdays(value: str) -> str:
    return weekday_names(value)
