"""The patient list's rows, built in Python: 50 a page, each with a link, the physiotherapist,
the treatment phase, the last activity and "plan followed". As a template loop that was most
of the page's time (``make bench``, page ``patient_list``). Every value goes through
``format_html`` (escaped)."""

from __future__ import annotations

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pusterom.markup import choice_label, date, format_html, format_html_join, url_for_pk


def patient_rows(patients, *, user) -> SafeString:
    """The ``<tr>`` of each patient (``PatientProfile`` with user and physiotherapist): a
    physiotherapist's link goes to the patient page, staff's to the patient's account."""
    link = url_for_pk(
        settings.LINKED_PAGES["patient_page"] if user.is_physio else "patients:patient_account"
    )
    closed = format_html(' <span class="badge badge--red">{}</span>', _("Account closed"))
    not_assigned = format_html('<span class="muted">{}</span>', _("Not assigned"))
    nothing_yet = format_html('<span class="muted">{}</span>', _("Nothing yet"))
    no_plan = format_html('<span class="muted">{}</span>', _("No planned sessions"))
    percent = _("%(percent)s %%")
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}, {}</a>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                link(patient.pk),
                patient.user.last_name,
                patient.user.first_name,
                "" if patient.user.is_active else closed,
                patient.assigned_physio.get_full_name()
                if patient.assigned_physio
                else not_assigned,
                choice_label(patient, "treatment_phase"),
                format_html(
                    '<time datetime="{}">{}</time>',
                    date(patient.last_activity_at, "c"),
                    date(patient.last_activity_at, "SHORT_DATE_FORMAT"),
                )
                if patient.last_activity_at
                else nothing_yet,
                percent % {"percent": patient.plan_adherence}
                if patient.plan_adherence is not None
                else no_plan,
            )
            for patient in patients
        ),
    )
