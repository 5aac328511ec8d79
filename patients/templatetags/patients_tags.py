from django import template

from patients import markup
from patients.selectors import patient_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def summary_for(context, patient):
    """The page's ``summary`` when it gave one, else one built for ``patient``: the summary
    partial works on any page that has the patient."""
    summary = context.get("summary")
    if summary is not None and summary.patient.pk == patient.pk:
        return summary
    return patient_summary(patient=patient)


@register.simple_tag
def patient_rows(patients, user):
    """The patient list's rows (``patients.markup.patient_rows``)."""
    return markup.patient_rows(patients, user=user)
