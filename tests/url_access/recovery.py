"""Access rules for the recovery follow-up and the physiotherapist's review."""

import datetime as dt

from django.utils import timezone

from sessions_log.models import Flag, RecoveryReport
from tests import factories
from tests.url_access import Route, only


def _session_of_patient_a(cast, *, hours_ago=21):
    started = timezone.now() - dt.timedelta(hours=hours_ago, minutes=20)
    return factories.WorkoutSessionFactory(
        patient=cast.patient_a, started_at=started, performed_on=timezone.localdate(started)
    )


def _flag_of_patient_a(cast):
    session = _session_of_patient_a(cast)
    return Flag.objects.create(
        patient=cast.patient_a, session=session, kind=Flag.Kind.SLOW_RECOVERY
    )


def _answered_session_of_patient_a(cast):
    session = _session_of_patient_a(cast)
    RecoveryReport.objects.create(
        session=session,
        asked_for=timezone.localdate(),
        answered_at=timezone.now(),
        recovered="yes",
        managed_chores=True,
        soreness="none",
    )
    return session


def _open_flag_of_patient_a(cast):
    _flag_of_patient_a(cast)


def _acknowledged_flag_of_patient_a(cast):
    flag = _flag_of_patient_a(cast)
    flag.acknowledged_by, flag.acknowledged_at = cast.physio_a, timezone.now()
    flag.save()


def _patient_a_inactive(cast):
    # No activity for longer than the inactivity limit, and an account older than that.
    long_ago = timezone.now() - dt.timedelta(days=30)
    type(cast.patient_a).objects.filter(pk=cast.patient_a.pk).update(
        created_at=long_ago, last_activity_at=long_ago
    )


PHYSIOS = {"physio_a": 200, "physio_b": 200}

ROUTES = {
    "sessions_log:triage": Route(
        expect=only(PHYSIOS), shows_patient_data=True, given=_open_flag_of_patient_a
    ),
    "sessions_log:triage_history": Route(
        expect=only(PHYSIOS), shows_patient_data=True, given=_acknowledged_flag_of_patient_a
    ),
    "sessions_log:triage_inactive": Route(
        expect=only(PHYSIOS), shows_patient_data=True, given=_patient_a_inactive
    ),
    "sessions_log:patient_page": Route(
        kwargs=lambda cast: {"pk": cast.patient_a.pk},
        expect=only({"physio_a": 200}),
        shows_patient_data=True,
    ),
    "sessions_log:flag_acknowledge": Route(
        kwargs=lambda cast: {"pk": _flag_of_patient_a(cast).pk},
        expect=only({"physio_a": 200}),
        shows_patient_data=True,
    ),
    "sessions_log:recovery_answer": Route(
        shows_patient_data=False,
        kwargs=lambda cast: {"pk": _session_of_patient_a(cast).pk},
        expect=only({"patient_a": 200}),
    ),
    "sessions_log:recovery_reply": Route(
        shows_patient_data=False,
        kwargs=lambda cast: {"pk": _answered_session_of_patient_a(cast).pk},
        expect=only({"patient_a": 200}),
    ),
    "sessions_log:note_seen": Route(
        shows_patient_data=False,
        kwargs=lambda cast: {"pk": _flag_of_patient_a(cast).pk},
        expect=only({"patient_a": 405, "patient_b": 405}),
    ),
}
