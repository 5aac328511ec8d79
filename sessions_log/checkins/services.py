"""Writes for the patient pages: check-ins and workout sessions, and the flags they raise."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.models import PatientProfile, PriorInjury
from sessions_log import guidance
from sessions_log.checkins import selectors
from sessions_log.models import CheckIn, Flag, PlannedSession, WorkoutSession
from sessions_log.recovery.services import raise_flag

logger = logging.getLogger(__name__)

# How far back a session may be logged (the patient's local days).
BACKDATE_DAYS = 7

# The same day, activity and minutes logged again this soon is asked about before it is saved:
# it is most often the same workout sent again after the browser's back button, which reloads
# the form with a fresh id (two real sessions alike are confirmed with one more tap).
REPEAT_WINDOW = dt.timedelta(minutes=10)


def _touch_activity(patient: PatientProfile) -> None:
    """Stamp the patient's last activity, first thing in the transaction that saves it.

    The patients app lists "last activity" without importing this app (DESIGN.md). Writing it
    in the same transaction means a request never reports failure for data it saved. Writing
    it *first* locks the patient's row before any other: a check-in (which locks the day's
    check-in row) and a workout (whose foreign key to that row is checked at commit) then take
    turns instead of deadlocking.
    """
    PatientProfile.objects.filter(pk=patient.pk).update(last_activity_at=timezone.now())


def record_check_in(*, patient: PatientProfile, answers: Mapping, day: dt.date | None = None):
    """Save the day's check-in (one per patient and local day; a second one updates it),
    assess it, and raise the flags it calls for.

    - every flag in the assessment's ``flags_due``: red_checkin and fall on the check-in,
      prolonged_soreness ("very sore" on day 5 or later) on the last session, through the
      recovery follow-up's ``raise_flag``;
    - repeated_hard_days on the check-in that completes a run of amber or red days
      (``guidance.completes_hard_run``).

    Flags are only ever added, never twice; the urgency is stored for the triage queue."""
    day = day or patient.local_today()
    values = {name: answers[name] for name in CheckIn.ANSWER_FIELDS if name in answers}
    values["pain_area"] = values.get("pain_area") or ""
    last_session = selectors.last_session(patient=patient, day=day)
    result = guidance.assess(
        values,
        restrictions=selectors.restrictions_on(patient=patient, day=day),
        recent_flags=selectors.recent_step_down_flags(patient=patient),
        days_since_session=(day - last_session.performed_on).days if last_session else None,
    )
    values["level"] = result.level
    values["reasons"] = list(result.codes)
    values["urgency"] = result.urgency
    save = {"patient": patient, "day": day, "values": values, "flags": result.flags_due}
    try:
        check_in = _save_check_in(**save, last_session=last_session)
    except IntegrityError:
        # Two submits raced to create the day's row: the loser updates the winner's row.
        check_in = _save_check_in(**save, last_session=last_session)
    logger.info("check-in saved patient=%s check_in=%s", patient.pk, check_in.pk)
    return check_in


@transaction.atomic
def _save_check_in(*, patient, day, values, flags, last_session) -> CheckIn:
    _touch_activity(patient)
    check_in = CheckIn.objects.select_for_update().filter(patient=patient, date=day).first()
    if check_in is None:
        check_in = CheckIn(patient=patient, date=day)
    for name, value in values.items():
        setattr(check_in, name, value)
    # Ranges are field validators; one-per-day is the database's unique constraint, which
    # also settles two submits that race. The patient was fetched in this request.
    check_in.full_clean(validate_unique=False, validate_constraints=False, exclude=["patient"])
    check_in.save()
    for kind in flags:
        if kind == guidance.PROLONGED_SORENESS_FLAG:
            raise_flag(session=last_session, kind=kind)
        else:
            _flag_check_in(check_in, kind)
    if guidance.completes_hard_run(
        selectors.recent_levels(patient=patient, day=day, days=guidance.HARD_DAYS_IN_A_ROW), day
    ):
        _flag_check_in(check_in, guidance.REPEATED_HARD_DAYS_FLAG)
    return check_in


def _flag_check_in(check_in: CheckIn, kind: str) -> None:
    Flag.objects.get_or_create(check_in=check_in, kind=kind, defaults={"patient": check_in.patient})


class PossibleRepeat(Exception):
    """A session just like this one was saved a moment ago; ask before saving another."""

    def __init__(self, earlier: WorkoutSession):
        super().__init__(f"like session {earlier.pk}")
        self.earlier = earlier


@dataclass(frozen=True)
class LoggedSession:
    session: WorkoutSession
    created: bool  # False when the same form was submitted again


def session_start(*, patient: PatientProfile, day: dt.date, duration_min: int) -> dt.datetime:
    """When a session logged for ``day`` began: just now minus its length for today,
    midday for an earlier day (the patient did not say when)."""
    tz = patient.centre.tzinfo
    now = timezone.localtime(timezone.now(), tz)
    if day == now.date():
        started = now - dt.timedelta(minutes=duration_min)
        return max(started, dt.datetime.combine(day, dt.time.min, tzinfo=tz))
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=tz)


def log_session(
    *,
    patient: PatientProfile,
    client_uuid: uuid.UUID,
    performed_on: dt.date,
    activity: str,
    setting: str,
    duration_min: int,
    rpe: int,
    avg_hr: int | None = None,
    max_hr: int | None = None,
    notes: str = "",
    flare_injury: PriorInjury | None = None,
    repeat_confirmed: bool = False,
    planned_session: PlannedSession | None = None,
    plan_followed: str = "",
    resend_checked: bool = False,
) -> LoggedSession:
    """Save a workout once per form (client_uuid), link it to that day's check-in, and flag
    effort above a restriction's cap or a flaring old injury for the physiotherapist.

    A session logged from the training plan ("Dagens økt") names the ``planned_session`` it
    carried out and how (``plan_followed``: as_planned, lighter or other); everything else
    (the recovery question, the flags, the weekly dose) is the same as for any session.

    Raises ``PossibleRepeat`` instead of saving when the patient saved the same day, activity
    and minutes within ``REPEAT_WINDOW`` from another form, unless ``repeat_confirmed``.

    ``resend_checked``: the caller has looked for a session saved from this form already
    (``selectors.session_for_form``), so this does not ask again; a resend that races it is
    still settled by the database's unique id."""
    if not resend_checked:
        existing = WorkoutSession.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return _same_form_again(existing, patient)
    today = patient.local_today()
    if performed_on > today:
        raise ValidationError({"performed_on": _("Choose today or a day before.")})
    if performed_on < today - dt.timedelta(days=BACKDATE_DAYS):
        raise ValidationError({"performed_on": _("You can log sessions from the last 7 days.")})
    if flare_injury is not None and flare_injury.patient_id != patient.pk:
        raise ValidationError({"flare_injury": _("Choose one of your registered old injuries.")})
    if planned_session is not None and planned_session.programme.patient_id != patient.pk:
        raise ValidationError({"planned_session": _("Choose a session of your own plan.")})
    if not repeat_confirmed:
        earlier = selectors.same_session_since(
            patient=patient,
            performed_on=performed_on,
            activity=activity,
            duration_min=duration_min,
            since=timezone.now() - REPEAT_WINDOW,
        )
        if earlier is not None:
            raise PossibleRepeat(earlier)
    session = WorkoutSession(
        patient=patient,
        client_uuid=client_uuid,
        check_in=selectors.check_in_on(patient=patient, day=performed_on),
        started_at=session_start(patient=patient, day=performed_on, duration_min=duration_min),
        performed_on=performed_on,
        activity=activity,
        setting=setting,
        duration_min=duration_min,
        rpe=rpe,
        avg_hr=avg_hr,
        max_hr=max_hr,
        notes=notes,
        flare_injury=flare_injury,
        planned_session=planned_session,
        plan_followed=plan_followed,
    )
    if (planned_session is None) != (plan_followed == ""):
        raise ValidationError(
            {"plan_followed": _("How it went goes with a session of the plan, and only with one.")}
        )
    if avg_hr and max_hr and avg_hr > max_hr:
        raise ValidationError(
            {"avg_hr": _("The average heart rate cannot be higher than the highest.")}
        )
    # Field validators only: client_uuid is settled by the database's unique constraint (two
    # submits may race), and the check constraints back up the validators and the two checks
    # above at the INSERT (asked here, each would be a query on every post). The patient and
    # the check-in were fetched in this request, so no query to see that they exist.
    session.full_clean(
        validate_unique=False, validate_constraints=False, exclude=["patient", "check_in"]
    )
    try:
        with transaction.atomic():
            _touch_activity(patient)
            session.save()
            _flag_session(session)
    except IntegrityError:
        existing = WorkoutSession.objects.filter(client_uuid=client_uuid).first()
        if existing is None:
            raise
        return _same_form_again(existing, patient)
    logger.info("session logged patient=%s session=%s", patient.pk, session.pk)
    return LoggedSession(session=session, created=True)


def _same_form_again(existing: WorkoutSession, patient: PatientProfile) -> LoggedSession:
    if existing.patient_id != patient.pk:
        # Not a resubmit but a clash of ids: an error on the id makes the form offer a fresh one.
        raise ValidationError(
            {"client_uuid": _("Something went wrong. Please send the form again.")}
        )
    return LoggedSession(session=existing, created=False)


def over_restriction(session: WorkoutSession, restrictions) -> list:
    """The restrictions whose effort or heart-rate cap the session went above."""
    over = []
    highest_hr = max(filter(None, (session.avg_hr, session.max_hr)), default=None)
    for restriction in restrictions:
        if (restriction.max_rpe and session.rpe > restriction.max_rpe) or (
            restriction.max_heart_rate
            and highest_hr is not None
            and highest_hr > restriction.max_heart_rate
        ):
            over.append(restriction)
    return over


def _flag_session(session: WorkoutSession) -> None:
    restrictions = selectors.restrictions_on(patient=session.patient, day=session.performed_on)
    if over_restriction(session, restrictions):
        Flag.objects.get_or_create(
            session=session, kind=Flag.Kind.OVER_RESTRICTION, defaults={"patient": session.patient}
        )
    if session.flare_injury_id:
        Flag.objects.get_or_create(
            session=session, kind=Flag.Kind.INJURY_FLARE, defaults={"patient": session.patient}
        )
