"""Training-plan template helpers: ``{% my_week_plan profile %}`` renders the patient's week
(for the "My plan" page); ``dose`` and ``contraindication`` turn plain data into words."""

from django import template

from sessions_log.plans import rules, selectors

register = template.Library()


@register.inclusion_tag("sessions_log/plans/_my_week.html")
def my_week_plan(profile):
    """The patient's current programme for the week (four to seven queries)."""
    return {"plan": selectors.week_plan(patient=profile)}


@register.filter
def dose(value) -> str:
    """A rules.Dose (or anything with ``.dose``) as "3 × 10", "3 × 30 s" or "20 min"."""
    value = getattr(value, "dose", value)
    return selectors.dose_text(value) if isinstance(value, rules.Dose) else ""


@register.filter
def contraindication(codes) -> str:
    """Contraindication codes as the table's sentences."""
    return " ".join(filter(None, (rules.describe_contraindication(c) for c in codes)))


@register.filter
def weekdays(value: str) -> str:
    return selectors.weekday_names(value)
