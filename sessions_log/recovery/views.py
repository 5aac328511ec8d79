"""Patient pages for the next-day recovery follow-up (phone first)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pusterom.access import patient_required
from sessions_log.access import own_flag, own_session
from sessions_log.models import RecoveryReport
from sessions_log.recovery import selectors, services
from sessions_log.recovery.forms import RecoveryForm
from sessions_log.recovery.rules import STILL_SORE


@patient_required
def answer(request, pk):
    session = own_session(request.user, pk)
    question = selectors.open_question_for(session=session)
    if question is None:
        # Answered already today (e.g. a double tap), recovered, or no longer asked.
        if selectors.latest_answer(session=session) is not None:
            return redirect("sessions_log:recovery_reply", pk=session.pk)
        return redirect("sessions_log:home")
    question_text = _question_text(session)
    if request.method == "POST":
        form = RecoveryForm(request.POST, question_text=question_text)
        if form.is_valid():
            data = form.cleaned_data
            services.answer_recovery_question(
                session=session,
                recovered=data["recovered"],
                managed_chores=data["managed_chores"] == "yes",
                soreness=data["soreness"],
                note=data["note"],
            )
            return redirect("sessions_log:recovery_reply", pk=session.pk)
    else:
        form = RecoveryForm(question_text=question_text)
    return render(
        request,
        "sessions_log/recovery/answer.html",
        {"session": session, "question": question, "form": form},
    )


@patient_required
def reply(request, pk):
    session = own_session(request.user, pk)
    report = selectors.latest_answer(session=session)
    if report is None:
        raise Http404
    return render(
        request,
        "sessions_log/recovery/reply.html",
        {
            "session": session,
            "report": report,
            "recovered": report.recovered == RecoveryReport.Recovered.YES,
            "still_sore": report.soreness in STILL_SORE,
            "chores_ok": report.managed_chores is not False,
            "day_number": (report.asked_for - session.performed_on).days,
        },
    )


@patient_required
@require_POST
def note_seen(request, pk):
    flag = own_flag(request.user, pk)
    services.mark_note_seen(flag=flag)
    return redirect("sessions_log:home")


def _question_text(session) -> str:
    today = localdate(timezone=session.patient.centre.tzinfo)
    if (today - session.performed_on).days == 1:
        return str(_("Have you recovered from yesterday's session?"))
    day = " ".join(
        [
            formats.date_format(session.performed_on, "l"),
            formats.date_format(session.performed_on, "MONTH_DAY_FORMAT"),
        ]
    )
    return str(_("Have you recovered from the session on %(day)s?") % {"day": day})
