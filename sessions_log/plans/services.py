"""Writes for training plans: a new programme version, a centre's templates (and the starter
templates a new centre gets), a centre's own exercises, the physiotherapist's decision on a
progression suggestion, and the patient list's adherence figure.

A programme is never changed in place: ``save_programme`` writes the next version. It takes
the version the physiotherapist started from, so a second submit of the same form (or an
edit made meanwhile by a colleague) does not write a second version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from patients.models import PatientProfile
from patients.selectors import active_restrictions
from pusterom.models import Centre
from sessions_log.models import (
    Exercise,
    PlannedExercise,
    PlannedSession,
    Programme,
    ProgrammeTemplate,
    ProgressionDecision,
    WorkoutSession,
)
from sessions_log.plans import review, rules
from sessions_log.plans.selectors import facts


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


def session_inputs(sessions: Iterable[rules.PlannedSessionData], exercises) -> list[SessionInput]:
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


def excluded_items(
    sessions: list[SessionInput], restrictions
) -> list[tuple[int, int, rules.Check]]:
    """(session index, exercise index, check) for each exercise the restrictions exclude."""
    found = rules.exclusions(restrictions)
    if not found:
        return []
    exercise_facts = facts({item.exercise for s in sessions for item in s.exercises})
    bad = []
    for s_index, session in enumerate(sessions):
        for i_index, item in enumerate(session.exercises):
            check = rules.check_exercise(exercise_facts[item.exercise.pk], rules=found)
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


# Starter templates: written in English here, stored in Bokmål (the centre's language) by
# ensure_starter_templates. Exercises by library slug; a slug the library no longer has is
# skipped. Doses are (sets, reps, seconds, minutes).
def _s(weekdays, kind, setting, minutes, borg, exercises, note=""):
    return {
        "weekdays": weekdays,
        "kind": kind,
        "setting": setting,
        "minutes": minutes,
        "borg": borg,
        "note": note,
        "exercises": exercises,
    }


STARTER_TEMPLATES = (
    {
        "key": "during-chemo-start",
        "name": _("During chemotherapy - start"),
        "description": _(
            "A gentle start during treatment: short walks, a light strength round with the "
            "group, and balance and breathing at home."
        ),
        "note": _(
            "Start gently and adapt to the day's form. Short bouts count too. You should "
            "recover within about a day."
        ),
        "sessions": (
            _s(
                "135",
                "endurance",
                "home",
                20,
                (11, 13),
                [("walk", 1, None, None, 20)],
                _("Split it into 2 x 10 minutes if you like."),
            ),
            _s(
                "24",
                "strength",
                "group",
                30,
                (11, 13),
                [
                    ("sit-to-stand", 2, 10, None, None),
                    ("wall-push-up", 2, 10, None, None),
                    ("seated-band-row", 2, 12, None, None),
                    ("calf-raise", 2, 12, None, None),
                    ("bridge", 2, 10, None, None),
                ],
            ),
            _s(
                "6",
                "balance",
                "home",
                15,
                (9, 11),
                [
                    ("tandem-stance-supported", 3, None, 30, None),
                    ("one-leg-stand-supported", 3, None, 20, None),
                    ("belly-breathing", 1, None, None, 5),
                ],
            ),
        ),
    },
    {
        "key": "after-breast-surgery",
        "name": _("After breast surgery"),
        "description": _(
            "Shoulder and arm mobility every day, walks, and strength for the legs while the "
            "arm on the operated side is not loaded."
        ),
        "note": _(
            "Do the shoulder exercises gently every day, within what is comfortable. Do not "
            "lift heavy things with the arm on the operated side until your physiotherapist "
            "says so."
        ),
        "sessions": (
            _s(
                "1234567",
                "mobility",
                "home",
                10,
                (8, 10),
                [
                    ("wand-raise", 2, 10, None, None),
                    ("wall-walk", 2, 10, None, None),
                    ("elbow-wings", 2, 10, None, None),
                    ("shoulder-blade-squeeze", 2, 10, None, None),
                    ("snow-angel", 2, 10, None, None),
                ],
            ),
            _s("135", "endurance", "home", 30, (11, 13), [("walk", 1, None, None, 30)]),
            _s(
                "24",
                "strength",
                "centre",
                30,
                (11, 13),
                [
                    ("sit-to-stand", 3, 10, None, None),
                    ("bridge", 3, 10, None, None),
                    ("calf-raise", 2, 12, None, None),
                    ("seated-knee-extension", 2, 12, None, None),
                ],
            ),
        ),
    },
    {
        "key": "after-treatment-build-up",
        "name": _("After treatment - building up"),
        "description": _(
            "Building up after treatment: endurance at the centre, strength in a group twice "
            "a week, and a long walk at the weekend."
        ),
        "note": _(
            "Increase a little at a time: a few more minutes or one more set when a session "
            "has felt easy twice in a row."
        ),
        "sessions": (
            _s(
                "14",
                "endurance",
                "centre",
                30,
                (12, 14),
                [("rowing-machine", 1, None, None, 15), ("exercise-bike", 1, None, None, 15)],
            ),
            _s(
                "25",
                "strength",
                "group",
                45,
                (13, 15),
                [
                    ("goblet-squat", 3, 10, None, None),
                    ("split-squat", 3, 8, None, None),
                    ("overhead-press", 3, 10, None, None),
                    ("band-row", 3, 12, None, None),
                    ("woodchop", 3, 10, None, None),
                    ("kettlebell-deadlift", 3, 10, None, None),
                    ("one-leg-stand", 3, None, 20, None),
                ],
            ),
            _s("6", "endurance", "home", 40, (12, 14), [("nordic-walk", 1, None, None, 40)]),
        ),
    },
    {
        "key": "balance-and-neuropathy",
        "name": _("Balance and neuropathy"),
        "description": _(
            "For numb feet or poor balance: supported balance at home, the exercise bike, and "
            "seated or supported strength."
        ),
        "note": _("Always have something to hold on to when you practise balance."),
        "sessions": (
            _s(
                "135",
                "balance",
                "home",
                15,
                (9, 11),
                [
                    ("feet-together-supported", 3, None, 30, None),
                    ("tandem-stance-supported", 3, None, 30, None),
                    ("heel-to-toe-walk-supported", 3, 10, None, None),
                    ("one-leg-stand-supported", 3, None, 20, None),
                    ("ankle-circles", 2, 10, None, None),
                ],
            ),
            _s("246", "endurance", "centre", 20, (11, 13), [("exercise-bike", 1, None, None, 20)]),
            _s(
                "3",
                "strength",
                "group",
                30,
                (11, 13),
                [
                    ("sit-to-stand-supported", 3, 8, None, None),
                    ("calf-raise", 2, 12, None, None),
                    ("seated-knee-extension", 3, 12, None, None),
                    ("seated-band-row", 3, 12, None, None),
                ],
            ),
        ),
    },
)


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


# A centre's own exercises ---------------------------------------------------------------------


def _unique_slug(centre, name: str, exclude_pk=None) -> str:
    base = (slugify(name) or "exercise")[:70]
    slug, n = base, 2
    taken = Exercise.objects.filter(centre=centre)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_centre_exercise(*, centre, author, values: dict, exercise: Exercise | None = None):
    """Create or change one of the centre's own exercises. The shared library cannot be
    changed here."""
    if exercise is not None and (exercise.centre_id is None or exercise.centre_id != centre.pk):
        raise ValidationError(_("Only your centre's own exercises can be changed."))
    if exercise is None:
        exercise = Exercise(centre=centre, created_by=author)
        exercise.slug = _unique_slug(centre, values.get("name_nb", ""))
    for key, value in values.items():
        setattr(exercise, key, value)
    if exercise.variant_id and exercise.variant_id == exercise.pk:
        raise ValidationError({"variant": _("An exercise cannot be its own variant.")})
    exercise.full_clean()
    exercise.save()
    return exercise


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
        suggestion = review.plan_review(patient=patient, now=now).suggestion
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
        if not created:  # review.propose_for drops proposals that change nothing
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
    """Write ``PatientProfile.plan_adherence`` (see review.adherence_by_patient) for
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
        figures = review.adherence_by_patient(batch, now=now)
        for patient in batch:
            patient.plan_adherence = figures[patient.pk]
            patient.plan_adherence_at = now
        PatientProfile.objects.bulk_update(batch, ["plan_adherence", "plan_adherence_at"])
    return len(ids)
