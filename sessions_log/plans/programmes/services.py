"""Writes for programmes and templates: a new programme version, a centre's templates, and
the starter templates a new centre gets.

A programme is never changed in place: ``save_programme`` writes the next version. It takes
the version the physiotherapist started from, so a second submit of the same form (or an
edit made meanwhile by a colleague) does not write a second version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from patients.models import PatientProfile
from sessions_log.models import (
    Exercise,
    PlannedExercise,
    PlannedSession,
    Programme,
    ProgrammeTemplate,
)
from sessions_log.plans.exercises.selectors import facts
from sessions_log.plans.programmes.starter_templates import STARTER_TEMPLATES
from sessions_log.plans.rules.contraindications import Check, check_exercise, exclusions
from sessions_log.plans.rules.data import PlannedSessionData


@dataclass
class ItemInput:
    exercise: Exercise
    sets: int = 1
    reps: int | None = None
    seconds: int | None = None
    minutes: int | None = None

    def key(self):
        return (self.exercise.pk, self.sets, self.reps, self.seconds, self.minutes)


@dataclass
class SessionInput:
    weekdays: str
    kind: str
    setting: str
    minutes: int
    borg_min: int
    borg_max: int
    note: str = ""
    exercises: list[ItemInput] = field(default_factory=list)

    def key(self):
        return (
            self.weekdays,
            self.kind,
            self.setting,
            self.minutes,
            self.borg_min,
            self.borg_max,
            self.note,
            tuple(item.key() for item in self.exercises),
        )


def session_inputs(sessions: Iterable[PlannedSessionData], exercises) -> list[SessionInput]:
    """Plain sessions (e.g. an accepted progression.Proposal's) as input for
    ``save_programme``; ``exercises`` maps each ExerciseFacts key (a pk) to its Exercise."""
    return [
        SessionInput(
            weekdays=s.weekdays,
            kind=s.kind,
            setting=s.setting,
            minutes=s.minutes,
            borg_min=s.borg_min,
            borg_max=s.borg_max,
            note=s.note,
            exercises=[
                ItemInput(
                    exercises[item.exercise.key],
                    sets=item.dose.sets,
                    reps=item.dose.reps,
                    seconds=item.dose.seconds,
                    minutes=item.dose.minutes,
                )
                for item in s.items
            ],
        )
        for s in sessions
    ]


class StaleVersion(Exception):
    """The plan has a newer version than the one the form was opened on."""

    def __init__(self, current: Programme | None):
        super().__init__("stale programme version")
        self.current = current


def _stored_key(owner) -> tuple:
    return tuple(
        (
            s.weekdays,
            s.kind,
            s.setting,
            s.minutes,
            s.borg_min,
            s.borg_max,
            s.note,
            tuple((i.exercise_id, i.sets, i.reps, i.seconds, i.minutes) for i in s.exercises.all()),
        )
        for s in owner.sessions.order_by("order", "id").prefetch_related("exercises")
    )


def same_plan(programme: Programme, *, note: str, sessions: list[SessionInput]) -> bool:
    return programme.note == note and _stored_key(programme) == tuple(s.key() for s in sessions)


def excluded_items(sessions: list[SessionInput], restrictions) -> list[tuple[int, int, Check]]:
    """(session index, exercise index, check) for each exercise the restrictions exclude."""
    found = exclusions(restrictions)
    if not found:
        return []
    exercise_facts = facts({item.exercise for s in sessions for item in s.exercises})
    bad = []
    for s_index, session in enumerate(sessions):
        for i_index, item in enumerate(session.exercises):
            check = check_exercise(exercise_facts[item.exercise.pk], rules=found)
            if not check.allowed:
                bad.append((s_index, i_index, check))
    return bad


def _write_sessions(*, sessions: list[SessionInput], programme=None, template=None) -> None:
    for order, data in enumerate(sessions):
        session = PlannedSession(
            programme=programme,
            template=template,
            order=order,
            weekdays=data.weekdays,
            kind=data.kind,
            setting=data.setting,
            minutes=data.minutes,
            borg_min=data.borg_min,
            borg_max=data.borg_max,
            note=data.note,
        )
        session.full_clean()
        session.save()
        items = []
        for index, item in enumerate(data.exercises):
            planned = PlannedExercise(
                session=session,
                exercise=item.exercise,
                order=index,
                sets=item.sets,
                reps=item.reps,
                seconds=item.seconds,
                minutes=item.minutes,
            )
            planned.full_clean(exclude=["session"])
            items.append(planned)
        PlannedExercise.objects.bulk_create(items)


def save_programme(
    *,
    patient: PatientProfile,
    author,
    base_version: int,
    note: str,
    sessions: list[SessionInput],
    restrictions=(),
    template: ProgrammeTemplate | None = None,
) -> tuple[Programme, bool]:
    """Write the next version of the patient's programme; returns (programme, created).

    ``base_version`` is the version the form was opened on (0 for a first plan): if the plan
    has moved on since, StaleVersion is raised and nothing is written. Saving what is already
    the current version writes nothing. An exercise that an active restriction excludes is
    refused (ValidationError)."""
    if excluded_items(sessions, restrictions):
        raise ValidationError(
            _("An exercise in the plan does not suit the patient's restrictions.")
        )
    try:
        with transaction.atomic():
            # One writer per patient at a time; the unique version backs this up.
            PatientProfile.objects.select_for_update().filter(pk=patient.pk).first()
            current = Programme.objects.filter(patient=patient).order_by("-version").first()
            current_version = current.version if current else 0
            if base_version != current_version:
                raise StaleVersion(current)
            if current is not None and same_plan(current, note=note, sessions=sessions):
                return current, False
            programme = Programme(
                patient=patient,
                version=current_version + 1,
                note=note,
                template=template,
                created_by=author,
                created_at=timezone.now(),
            )
            programme.full_clean(exclude=["template"])
            programme.save()
            _write_sessions(sessions=sessions, programme=programme)
    except IntegrityError as exc:
        raise StaleVersion(
            Programme.objects.filter(patient=patient).order_by("-version").first()
        ) from exc
    return programme, True


# Templates ------------------------------------------------------------------------------------


@transaction.atomic
def save_template(
    *,
    centre,
    author,
    name: str,
    description: str,
    note: str,
    sessions: list[SessionInput],
    template: ProgrammeTemplate | None = None,
) -> ProgrammeTemplate:
    """Create a centre template or replace an existing one's contents (templates are not
    versioned: programmes made from them keep their own copy)."""
    name = name.strip()
    clash = ProgrammeTemplate.objects.filter(centre=centre, name__iexact=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise ValidationError({"name": _("The centre already has a template with this name.")})
    if template is None:
        template = ProgrammeTemplate(centre=centre, created_by=author)
    template.name, template.description, template.note = name, description, note
    template.full_clean()
    template.save()
    template.sessions.all().delete()
    _write_sessions(sessions=sessions, template=template)
    return template


def ensure_starter_templates(*, centre, created_by=None) -> list[ProgrammeTemplate]:
    """Give the centre the starter templates it does not have yet (by key, or by a template
    of the same name of its own). Safe to call again; returns the templates it created."""
    shared = {e.slug: e for e in Exercise.objects.filter(centre__isnull=True)}
    created = []
    with translation.override("nb"):
        for starter in STARTER_TEMPLATES:
            name = str(starter["name"])
            exists = ProgrammeTemplate.objects.filter(centre=centre).filter(
                starter_key=starter["key"]
            ) | ProgrammeTemplate.objects.filter(centre=centre, name__iexact=name)
            if exists.exists():
                continue
            sessions = [
                SessionInput(
                    weekdays=s["weekdays"],
                    kind=s["kind"],
                    setting=s["setting"],
                    minutes=s["minutes"],
                    borg_min=s["borg"][0],
                    borg_max=s["borg"][1],
                    note=str(s["note"]),
                    exercises=[
                        ItemInput(
                            shared[slug], sets=sets, reps=reps, seconds=seconds, minutes=minutes
                        )
                        for slug, sets, reps, seconds, minutes in s["exercises"]
                        if slug in shared
                    ],
                )
                for s in starter["sessions"]
            ]
            try:
                with transaction.atomic():
                    template = save_template(
                        centre=centre,
                        author=created_by,
                        name=name,
                        description=str(starter["description"]),
                        note=str(starter["note"]),
                        sessions=sessions,
                    )
                    template.starter_key = starter["key"]
                    template.save(update_fields=["starter_key"])
            except (IntegrityError, ValidationError):
                continue  # made meanwhile by another request
            created.append(template)
    return created
