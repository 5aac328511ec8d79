"""Training plans for the benchmark centre (``make bench``): most patients who have had their
intake get a programme from one of the centre's starter templates, written through the
product's own services and dated back to the start of the history; workouts done on a planned
day are logged against the plan (mostly as planned, some lighter, a few something else), as
"Dagens økt" records them; then each patient's "plan followed" figure is computed, as the
nightly task does."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError

from patients.selectors import active_restrictions
from sessions_log.models import PlannedSession, Programme, ProgrammeTemplate, WorkoutSession
from sessions_log.plans.exercises.selectors import centre_facts
from sessions_log.plans.programmes.selectors import session_data
from sessions_log.plans.programmes.services import (
    ensure_starter_templates,
    save_programme,
    session_inputs,
)
from sessions_log.plans.review.services import refresh_plan_adherence

PLAN_SHARE = 0.85  # of the patients with a physiotherapist
LINKED_SHARE = 0.85  # of the workouts on a planned day
HOW = (
    WorkoutSession.PlanFollowed.AS_PLANNED,
    WorkoutSession.PlanFollowed.LIGHTER,
    WorkoutSession.PlanFollowed.OTHER,
)


def seed_plans(
    *, centre, profiles, sessions: list[WorkoutSession], since: dt.datetime, rng: random.Random
) -> dict[str, int]:
    """Programmes for ``profiles`` and plan links for their ``sessions`` (saved workouts);
    returns counts by name."""
    ensure_starter_templates(centre=centre)
    templates = list(ProgrammeTemplate.objects.filter(centre=centre).prefetch_related("sessions"))
    exercises, facts = centre_facts(centre_id=centre.pk)
    today = centre.local_today()
    planned_for: list[int] = []
    refused = 0
    for profile in profiles:
        if profile.assigned_physio_id is None or rng.random() >= PLAN_SHARE:
            continue
        template = rng.choice(templates)
        data = [session_data(s, facts) for s in template.sessions.all()]
        try:
            save_programme(
                patient=profile,
                author=profile.assigned_physio,
                base_version=0,
                note="Rolig start, og litt mer når det går lett.",
                sessions=session_inputs(data, exercises),
                restrictions=active_restrictions(patient=profile, day=today),
                template=template,
            )
        except ValidationError:  # an exercise of the template does not suit a restriction
            refused += 1
            continue
        planned_for.append(profile.pk)
    Programme.objects.filter(patient_id__in=planned_for).update(created_at=since)

    by_patient: dict[int, list[PlannedSession]] = {}
    for session in PlannedSession.objects.filter(
        programme__patient_id__in=planned_for
    ).select_related("programme"):
        by_patient.setdefault(session.programme.patient_id, []).append(session)
    linked = []
    for workout in sessions:
        weekday = str(workout.performed_on.isoweekday())
        due = [s for s in by_patient.get(workout.patient_id, ()) if weekday in s.weekdays]
        if due and rng.random() < LINKED_SHARE:
            workout.planned_session = due[0]
            workout.plan_followed = rng.choices(HOW, weights=(75, 20, 5))[0]
            linked.append(workout)
    WorkoutSession.objects.bulk_update(
        linked, ["planned_session", "plan_followed"], batch_size=5000
    )
    refresh_plan_adherence(patients=planned_for)
    return {
        "programmes": len(planned_for),
        "plans_refused_by_restrictions": refused,
        "workouts_from_plan": len(linked),
    }
