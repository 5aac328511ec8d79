"""Writes that follow from planned vs done: the physiotherapist's decision on a progression
suggestion (accepted: the next version; dismissed: it does not come back for that version),
and the patient list's adherence figure (``PatientProfile.plan_adherence``)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from patients.models import PatientProfile
from patients.selectors import active_restrictions
from pusterom.models import Centre
from sessions_log.models import Programme, ProgressionDecision, WorkoutSession
from sessions_log.plans.programmes.services import save_programme, session_inputs
from sessions_log.plans.review.adherence import adherence_by_patient
from sessions_log.plans.review.selectors import plan_review

# Progression suggestions ----------------------------------------------------------------------


class SuggestionGone(Exception):
    """The suggestion no longer applies: the plan has a newer version, it was dismissed, or
    the log no longer supports it."""


def accept_suggestion(
    *, patient: PatientProfile, physio, base_version: int, code: str, now=None
) -> tuple[Programme, bool]:
    """Make the next version from the suggestion for version ``base_version``; returns
    (programme, created). The suggestion is worked out again here, from the log as it is
    now. Accepting it twice (a double submit) makes one version: the second call returns
    it with created False. Raises SuggestionGone, StaleVersion, or ValidationError (an
    exercise of the plan no longer suits the patient's restrictions)."""
    with transaction.atomic():
        # One decision at a time per patient; save_programme takes the same lock.
        PatientProfile.objects.select_for_update().filter(pk=patient.pk).first()
        decided = (
            ProgressionDecision.objects.filter(
                programme__patient=patient, programme__version=base_version, code=code
            )
            .select_related("new_programme")
            .first()
        )
        if decided is not None:
            if decided.decision == ProgressionDecision.Decision.ACCEPTED:
                return decided.new_programme, False
            raise SuggestionGone
        suggestion = plan_review(patient=patient, now=now).suggestion
        if suggestion is None or (suggestion.code, suggestion.programme.version) != (
            code,
            base_version,
        ):
            raise SuggestionGone
        base = suggestion.programme
        exercises = {
            i.exercise_id: i.exercise for s in base.sessions.all() for i in s.exercises.all()
        }
        programme, created = save_programme(
            patient=patient,
            author=physio,
            base_version=base_version,
            note=base.note,
            sessions=session_inputs(suggestion.proposal.sessions, exercises),
            restrictions=active_restrictions(patient=patient, day=patient.local_today()),
            template=base.template,
        )
        if not created:  # suggestions.propose_for drops proposals that change nothing
            raise SuggestionGone
        decision = ProgressionDecision(
            programme=base,
            code=code,
            decision=ProgressionDecision.Decision.ACCEPTED,
            new_programme=programme,
            decided_by=physio,
            decided_at=programme.created_at,
        )
        decision.full_clean(validate_unique=False, validate_constraints=False)
        decision.save()
    return programme, True


def dismiss_suggestion(*, patient: PatientProfile, physio, base_version: int, code: str) -> bool:
    """Remember that the physiotherapist dismissed suggestion ``code`` for version
    ``base_version``; False when it was already decided (a double submit)."""
    programme = Programme.objects.filter(patient=patient, version=base_version).first()
    if programme is None:
        raise SuggestionGone
    decision = ProgressionDecision(
        programme=programme,
        code=code,
        decision=ProgressionDecision.Decision.DISMISSED,
        decided_by=physio,
    )
    decision.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        return False
    return True


# The patient list's figure --------------------------------------------------------------------

ADHERENCE_BATCH = 200


def patients_due_for_adherence(*, now=None):
    """Patients with a plan whose ``plan_adherence`` is out of date: never worked out, worked
    out before their local today began (a day has closed since), or older than a workout
    logged against the plan since (a session logged for an earlier day)."""
    now = now or timezone.now()
    logged_since = WorkoutSession.objects.filter(
        patient=OuterRef("pk"),
        planned_session__isnull=False,
        created_at__gt=OuterRef("plan_adherence_at"),
    )
    stale = Q()
    for centre in Centre.objects.only("pk", "timezone"):
        local = timezone.localtime(now, centre.tzinfo)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        stale |= Q(centre_id=centre.pk, plan_adherence_at__lt=midnight)
    return PatientProfile.objects.filter(
        Exists(Programme.objects.filter(patient=OuterRef("pk")))
    ).filter(Q(plan_adherence_at__isnull=True) | stale | Exists(logged_since))


def refresh_plan_adherence(*, patients=None, now=None) -> int:
    """Write ``PatientProfile.plan_adherence`` (see ``adherence.adherence_by_patient``) for
    ``patients``, or for every patient whose figure is out of date; returns how many.
    A fixed number of queries per batch of ``ADHERENCE_BATCH`` patients."""
    now = now or timezone.now()
    if patients is None:
        patients = patients_due_for_adherence(now=now)
    ids = sorted({getattr(p, "pk", p) for p in patients})
    for first in range(0, len(ids), ADHERENCE_BATCH):
        batch = list(
            PatientProfile.objects.filter(pk__in=ids[first : first + ADHERENCE_BATCH])
            .select_related("centre")
            .only("pk", "centre__timezone")
        )
        figures = adherence_by_patient(batch, now=now)
        for patient in batch:
            patient.plan_adherence = figures[patient.pk]
            patient.plan_adherence_at = now
        PatientProfile.objects.bulk_update(batch, ["plan_adherence", "plan_adherence_at"])
    return len(ids)
