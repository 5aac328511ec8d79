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


PHYSIOS = {"physio_a": 200, "physio_b": 200}

ROUTES = {
    "sessions_log:triage": Route(expect=only(PHYSIOS)),
    "sessions_log:triage_history": Route(expect=only(PHYSIOS)),
    "sessions_log:triage_inactive": Route(expect=only(PHYSIOS)),
    "sessions_log:patient_page": Route(
        kwargs=lambda cast: {"pk": cast.patient_a.pk}, expect=only({"physio_a": 200})
    ),
    "sessions_log:flag_acknowledge": Route(
        kwargs=lambda cast: {"pk": _flag_of_patient_a(cast).pk}, expect=only({"physio_a": 200})
    ),
    "sessions_log:recovery_answer": Route(
        kwargs=lambda cast: {"pk": _session_of_patient_a(cast).pk},
        expect=only({"patient_a": 200}),
    ),
    "sessions_log:recovery_reply": Route(
        kwargs=lambda cast: {"pk": _answered_session_of_patient_a(cast).pk},
        expect=only({"patient_a": 200}),
    ),
    "sessions_log:note_seen": Route(
        kwargs=lambda cast: {"pk": _flag_of_patient_a(cast).pk},
        expect=only({"patient_a": 405, "patient_b": 405}),
    ),
}
