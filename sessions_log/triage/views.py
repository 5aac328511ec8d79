"""Physiotherapist pages: the triage queue, its history, the inactive list, acknowledging a
flag, and the patient page. Own centre only; every read of patients' health data is audited.
The open flags' list and the patient page's body are kept in the pages cache while nothing
they show changes (``pusterom.page_cache``, ``page_parts``); the access check and the audit
of what is shown run every time."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from patients.access import patient_for_clinician
from patients.selectors import patient_summary
from pusterom import page_cache
from pusterom.access import physio_required
from pusterom.audit import record_reads
from sessions_log import activity
from sessions_log.access import flag_for_physio
from sessions_log.plans.review.selectors import plan_review
from sessions_log.triage import charts, page_parts, selectors, services
from sessions_log.triage.forms import AcknowledgeForm, TriageFilterForm

PAGE_SIZE = 50


# The three lists of the triage page: what each shows, and its name in the audit trail.
QUEUES = {
    "open": (selectors.open_flags, "triage_queue"),
    "history": (selectors.acknowledged_flags, "triage_history"),
    "inactive": (selectors.inactive_patients, "inactive_list"),
}


def _queue(request, tab: str):
    """One page of a triage list; every patient it shows gets an audit row. The open flags'
    list is kept in the pages cache while nothing it shows changes."""
    rows_of, object_type = QUEUES[tab]
    centre = request.user.centre
    today = centre.local_today()

    def rows_part() -> page_cache.Part:
        filters = TriageFilterForm(
            request.GET or None,
            physios=list(selectors.centre_physios(centre_id=centre.pk)),
            by_kind=tab != "inactive",
        )
        page = Paginator(rows_of(centre_id=centre.pk, **filters.filters()), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = list(page.object_list)
        if tab != "inactive":
            selectors.with_context(rows, today=today)
        query = request.GET.copy()
        query.pop("page", None)
        html = render_to_string(
            "sessions_log/triage/_queue_body.html",
            {
                "tab": tab,
                "page": page,
                "rows": rows,
                "filters": filters,
                "query": query.urlencode(),
                "inactive_days": activity.INACTIVE_DAYS,
            },
            request=request,
        )
        shown = [getattr(row, "patient", row) for row in rows]
        return page_cache.Part(html, extra={p.user_id: p.pk for p in shown})

    if tab == "open":
        part = page_cache.cached(
            "triage_open",
            request=request,
            scopes=page_parts.open_flags(centre_id=centre.pk, today=today),
            vary=(centre.pk, sorted(request.GET.lists())),
            today=today,
            render=rows_part,
        )
    else:
        part = rows_part()
    record_reads(request, reads=part.extra, object_type=object_type)
    return render(
        request,
        "sessions_log/triage/queue.html",
        {"tab": tab, "body": part.html, "inactive_days": activity.INACTIVE_DAYS},
    )


@physio_required
def triage(request):
    return _queue(request, "open")


@physio_required
def triage_history(request):
    return _queue(request, "history")


@physio_required
def triage_inactive(request):
    return _queue(request, "inactive")


@physio_required
def flag_acknowledge(request, pk):
    flag = flag_for_physio(request, pk)
    back = request.POST.get("back") or request.GET.get("back")
    back_url = (
        reverse("sessions_log:patient_page", args=[flag.patient_id])
        if back == "patient"
        else reverse("sessions_log:triage")
    )
    if request.method == "POST":
        form = AcknowledgeForm(request.POST)
        if form.is_valid():
            try:
                done = services.acknowledge_flag(
                    flag=flag, physio=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if done:
                    messages.success(request, _("Acknowledged. The flag is in the history now."))
                else:
                    messages.info(request, _("This flag was already acknowledged."))
                return redirect(back_url)
    else:
        form = AcknowledgeForm(initial={"back": back})
    return render(
        request,
        "sessions_log/triage/acknowledge.html",
        {"flag": flag, "form": form, "back_url": back_url},
    )


@physio_required
def patient_page(request, pk):
    patient = patient_for_clinician(request, pk, object_type="patient_page")
    body = page_cache.cached(
        "patient_page",
        request=request,
        scopes=page_parts.patient_page(patient),
        vary=(patient.pk,),
        today=patient.local_today(),
        render=lambda: page_cache.Part(_patient_page_body(request, patient)),
    )
    return render(
        request,
        "sessions_log/triage/patient_page.html",
        {"patient": patient, "body": body.html},
    )


def _patient_page_body(request, patient) -> str:
    activity = selectors.patient_activity(patient=patient)
    return render_to_string(
        "sessions_log/triage/_patient_page_body.html",
        {
            "patient": patient,
            "summary": patient_summary(patient=patient, today=activity.today),
            "activity": activity,
            "checkin_charts": charts.checkin_charts(
                check_ins=activity.check_ins, today=activity.today
            ),
            "minutes_chart": charts.weekly_minutes_chart(
                sessions=activity.sessions, today=activity.today
            ),
            "recovery_chart": charts.recovery_days_chart(sessions=activity.sessions),
            "plan_review": plan_review(
                patient=patient,
                sessions=activity.sessions,
                flags=activity.flags,
                flags_since=activity.flags_since,
            ),
        },
        request=request,
    )
