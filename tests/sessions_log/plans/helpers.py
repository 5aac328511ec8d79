"""Training-plan test data: the shipped library, plans and templates for the fixed cast."""

from __future__ import annotations

from sessions_log.models import Exercise, Programme
from sessions_log.plans import library
from sessions_log.plans.exercises.services import save_centre_exercise
from sessions_log.plans.programmes import services
from sessions_log.plans.rules import data


def load_library() -> dict[str, Exercise]:
    """The shared library, as the data migration leaves it (tests with transactional_db
    empty the tables, so tests that need it load it again; it is idempotent)."""
    library.sync_library(Exercise)
    return {e.slug: e for e in Exercise.objects.filter(centre__isnull=True)}


def library_facts() -> dict[str, data.ExerciseFacts]:
    """The shipped library as plain facts, straight from the file (no database)."""
    entries = {entry["slug"]: entry for entry in library.read_library()}
    built: dict[str, data.ExerciseFacts] = {}

    def build(slug):
        if slug not in built:
            entry = entries[slug]
            values = library.model_values(entry)
            built[slug] = data.ExerciseFacts(
                key=slug,
                name=entry["name_en"],
                type=entry["type"],
                tags=frozenset(entry.get("tags", [])),
                variant=build(entry["variant"]) if entry.get("variant") else None,
                dose=data.Dose(
                    sets=values["sets"],
                    reps=values["reps"],
                    seconds=values["seconds"],
                    minutes=values["minutes"],
                ),
            )
        return built[slug]

    for slug in entries:
        build(slug)
    return built


def session_input(kind="strength", days="24", minutes=30, borg=(11, 13), items=(), **extra):
    """A SessionInput; items are (exercise, sets, reps, seconds, minutes)."""
    return services.SessionInput(
        weekdays=days,
        kind=kind,
        setting=extra.get("setting", "centre"),
        minutes=minutes,
        borg_min=borg[0],
        borg_max=borg[1],
        note=extra.get("note", ""),
        exercises=[
            services.ItemInput(e, sets=s, reps=r, seconds=sec, minutes=m)
            for e, s, r, sec, m in items
        ],
    )


def make_plan(patient, physio, *, note="Start rolig.") -> Programme:
    """Version 1 of a small plan for ``patient``: a walk and a strength session."""
    lib = load_library()
    programme, _created = services.save_programme(
        patient=patient,
        author=physio,
        base_version=Programme.objects.filter(patient=patient).count(),
        note=note,
        sessions=[
            session_input("endurance", "135", 30, (11, 13), [(lib["walk"], 1, None, None, 30)]),
            session_input(
                "strength",
                "24",
                30,
                (12, 14),
                [
                    (lib["sit-to-stand"], 3, 10, None, None),
                    (lib["band-row"], 3, 12, None, None),
                    (lib["one-leg-stand"], 3, None, 20, None),
                ],
            ),
        ],
    )
    return programme


def centre_exercise(centre, physio=None, **values) -> Exercise:
    fields = {
        "name_nb": "Trappeløp på senteret",
        "name_en": "",
        "type": "endurance",
        "steps_nb": "Gå til trappa\nGå opp og ned\nHvil på toppen",
        "sets": 1,
        "minutes": 10,
        "borg_min": 11,
        "borg_max": 14,
        "equipment": ["step"],
        "tags": ["load:knee_left", "load:knee_right"],
    } | values
    return save_centre_exercise(centre=centre, author=physio, values=fields)


def backdate(programme: Programme, when) -> Programme:
    """Pretend the version was saved at ``when`` (an aware datetime)."""
    Programme.objects.filter(pk=programme.pk).update(created_at=when)
    programme.refresh_from_db()
    return programme


def log_planned(planned, day, *, followed="as_planned", rpe=12, recovery_days=1, **fields):
    """A workout on ``day`` that carried out the planned session ``planned``."""
    from tests.factories import WorkoutSessionFactory

    return WorkoutSessionFactory(
        patient=planned.programme.patient,
        performed_on=day,
        planned_session=planned,
        plan_followed=followed,
        rpe=rpe,
        recovery_days=recovery_days,
        duration_min=planned.minutes,
        activity="walk" if planned.kind == "endurance" else "strength",
        **fields,
    )


def follow_plan(programme: Programme, *, start, end, skip=(), **outcome) -> list:
    """A workout for every session of ``programme`` due from ``start`` to ``end`` (dates,
    both included) except on the days in ``skip``; ``outcome`` as for ``log_planned``."""
    import datetime as dt

    logged = []
    day = start
    while day <= end:
        for planned in programme.sessions.all():
            if str(day.isoweekday()) in planned.weekdays and day not in skip:
                logged.append(log_planned(planned, day, **outcome))
        day += dt.timedelta(days=1)
    return logged


def two_good_weeks(patient, physio) -> Programme:
    """Version 1 of ``make_plan``, made 17 days ago, with every planned session up to
    yesterday done as planned, at or below the target effort and recovered the next day:
    the physiotherapist sees "ready for more" (relative to the real today, for pages a
    browser opens)."""
    import datetime as dt

    today = patient.local_today()
    made = dt.datetime.combine(
        today - dt.timedelta(days=17), dt.time(9, 0), tzinfo=patient.centre.tzinfo
    )
    programme = backdate(make_plan(patient, physio), made)
    follow_plan(programme, start=made.date(), end=today - dt.timedelta(days=1))
    return programme
