from django import template

from patients.selectors_accounts import count_open_end_requests

register = template.Library()


@register.inclusion_tag("patients/accounts/_end_requests_notice.html", takes_context=True)
def end_requests_notice(context):
    """For clinic staff: "2 patients ask to end their participation", linking to the list."""
    user = context["request"].user
    count = 0
    if user.is_authenticated and user.is_clinic_staff:
        count = count_open_end_requests(centre=user.centre)
    return {"count": count}
