"""A centre to benchmark against: 500 patients (by default) with 8 weeks of daily check-ins,
workout sessions, next-day recovery answers, restrictions, old injuries, intake
conversations, training plans (``seed_plans``) and flags, open and acknowledged
(``seed_followup``), as a busy centre has them.

Everything is written with ``bulk_create`` (a full seed takes seconds) and is reproducible:
one random generator with a fixed seed. The people it makes have unusable passwords; the
benchmark signs them in by creating their sessions directly.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from demo.bench.seed_followup import seed_followup
from demo.bench.seed_plans import seed_plans
from patients.models import (
    BodyArea,
    IntakeConversation,
    PatientProfile,
    PriorInjury,
    Restriction,
    TreatmentPhase,
)
from pusterom.models import Centre, User
from sessions_log import guidance
from sessions_log.models import CheckIn, Programme, WorkoutSession

TIMEZONE = "Europe/Oslo"
POSTERS = 100
FIRST_NAMES = (  # noqa: SIM905 - a word list, not one name a line
    "Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig "
    "Marianne Jan Per Bjørn Ole Lars Kjell Knut Arne Svein Thomas Hans Geir Tor "
    "Morten Terje Odd"
).split()
LAST_NAMES = (  # noqa: SIM905 - a word list, not one name a line
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl"
).split()
PHYSIOS = (("Fride", "Fysio"), ("Petter", "Bakke"), ("Sara", "Lund"), ("Nils", "Moen"))


@dataclass
class Seeded:
    """What the benchmark needs to find again."""

    centre_id: int
    physio_id: int  # the physiotherapist who opens the pages (TOTP set up)
    patient_user_id: int  # the patient whose pages are fetched
    patient_id: int  # ... and their profile (the physio's patient page)
    poster_user_ids: list[int]  # patients who post check-ins and workouts, in turn
    counts: dict[str, int] = field(default_factory=dict)


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _answers(rng: random.Random, base: dict) -> dict:
    warning = rng.random() < 0.012
    return {
        "sleep": "poor" if rng.random() < base["sleep_poor"] else rng.choice(["good", "ok"]),
        "energy": max(0, min(10, base["energy"] + rng.randint(-2, 2))),
        "nausea": "mild" if rng.random() < 0.1 else "none",
        "dizziness": "none",
        "pain": max(0, min(10, base["pain"] + rng.randint(-1, 2))),
        "pain_area": "",
        "fever_38": warning and rng.random() < 0.5,
        "chest_symptoms": False,
        "breathless": warning,
        "sore_from_last": rng.choice(["none", "none", "some"]),
    }


@transaction.atomic
def seed_centre(
    *, patients: int = 500, weeks: int = 8, seed: int = 14, now: dt.datetime | None = None
) -> Seeded:
    rng = random.Random(seed)
    now = now or timezone.now()
    centre = Centre.objects.create(
        name="Benchmark centre", region="Helse Sør-Øst", city="Oslo", timezone=TIMEZONE
    )
    tz = centre.tzinfo
    today = timezone.localtime(now, tz).date()
    days = weeks * 7
    unusable = make_password(None)
    counts: dict[str, int] = defaultdict(int)

    physios = User.objects.bulk_create(
        [
            User(
                email=f"physio{i}@bench.pusterom.invalid",
                password=unusable,
                role=User.Role.PHYSIO,
                centre=centre,
                first_name=first,
                last_name=last,
            )
            for i, (first, last) in enumerate(PHYSIOS)
        ]
    )
    User.objects.create(
        email="staff@bench.pusterom.invalid",
        password=unusable,
        role=User.Role.STAFF,
        centre=centre,
        first_name="Randi",
        last_name="Resepsjon",
    )
    # Physiotherapists must use two-factor authentication (RequireMfaMiddleware).
    for physio in physios:
        TOTP.activate(physio, generate_totp_secret())
    counts["authenticators"] = Authenticator.objects.count()

    users = User.objects.bulk_create(
        [
            User(
                email=f"patient{i}@bench.pusterom.invalid",
                password=unusable,
                role=User.Role.PATIENT,
                first_name=_person(rng)[0],
                last_name=_person(rng)[1],
                date_joined=now - dt.timedelta(days=days + rng.randint(1, 30)),
            )
            for i in range(patients)
        ]
    )
    profiles = PatientProfile.objects.bulk_create(
        [
            PatientProfile(
                user=user,
                centre=centre,
                birth_date=dt.date(rng.randint(1940, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                # A few patients are waiting for their intake and have no physiotherapist yet.
                assigned_physio=None if rng.random() < 0.04 else physios[i % len(physios)],
                treatment_phase=rng.choice(TreatmentPhase.values),
                phone=f"+479{rng.randint(1000000, 9999999)}",
                reminder_time=dt.time(rng.choice([8, 9, 10, 18])),
                privacy_accepted_at=user.date_joined,
            )
            for i, user in enumerate(users)
        ]
    )
    counts["patients"] = len(profiles)

    IntakeConversation.objects.bulk_create(
        [
            IntakeConversation(
                patient=p,
                physio_id=p.assigned_physio_id,
                held_on=today - dt.timedelta(days=days + 1),
                activity_background=rng.choice(IntakeConversation.Background.values),
                goals="Klare å gå tur med hunden hver dag og holde meg i form under behandlingen.",
                notes="",
            )
            for p in profiles
            if p.assigned_physio_id
        ]
    )
    restrictions = []
    injuries: dict[int, PriorInjury] = {}
    for p in profiles:
        if rng.random() < 0.25:
            if rng.random() < 0.5:
                restrictions.append(
                    Restriction(
                        patient=p,
                        kind=Restriction.Kind.CARDIOTOXIC,
                        max_rpe=13,
                        max_heart_rate=140,
                        starts_on=today - dt.timedelta(days=days),
                        set_by=physios[0],
                    )
                )
            else:
                restrictions.append(
                    Restriction(
                        patient=p,
                        kind=Restriction.Kind.AFTER_SURGERY,
                        body_area=rng.choice([BodyArea.ARM_LEFT, BodyArea.CHEST]),
                        starts_on=today - dt.timedelta(days=days),
                        ends_on=today + dt.timedelta(days=rng.randint(-20, 40)),
                        note="Ingen tunge løft.",
                        set_by=physios[0],
                    )
                )
        if rng.random() < 0.15:
            injuries[p.pk] = PriorInjury(
                patient=p,
                body_area=rng.choice([BodyArea.KNEE_LEFT, BodyArea.LOWER_BACK, BodyArea.NECK]),
                description="Gammel skade som kan blusse opp.",
                since_year=rng.randint(1990, 2020),
            )
    Restriction.objects.bulk_create(restrictions)
    PriorInjury.objects.bulk_create(injuries.values())
    counts["restrictions"] = len(restrictions)
    counts["prior_injuries"] = len(injuries)

    # Daily life: most days a check-in, a few sessions a week. Some patients went quiet.
    check_ins: list[CheckIn] = []
    sessions: list[WorkoutSession] = []
    quiet: set[int] = set()
    for p in profiles:
        base = {
            "energy": rng.randint(3, 8),
            "pain": rng.randint(0, 4),
            "sleep_poor": rng.uniform(0.05, 0.4),
            "per_week": rng.uniform(1.5, 4.5),
            "rpe": rng.randint(10, 14),
        }
        newest = 0
        if rng.random() < 0.06:
            newest = rng.randint(8, 20)  # quiet for more than a week
            quiet.add(p.pk)
        for ago in range(days, newest, -1):  # up to yesterday
            day = today - dt.timedelta(days=ago)
            check_in = None
            if rng.random() < 0.8:
                answers = _answers(rng, base)
                result = guidance.assess(answers)
                check_in = CheckIn(
                    patient=p, date=day, level=result.level, reasons=list(result.codes), **answers
                )
                check_ins.append(check_in)
            if rng.random() < base["per_week"] / 7 and (
                check_in is None or check_in.level != "red"
            ):
                start = dt.datetime.combine(day, dt.time(rng.choice([9, 11, 14, 17])), tzinfo=tz)
                sessions.append(
                    WorkoutSession(
                        patient=p,
                        check_in=check_in,
                        started_at=start,
                        performed_on=day,
                        duration_min=rng.choice([15, 20, 30, 30, 40, 45, 60]),
                        activity=rng.choice(WorkoutSession.Activity.values),
                        setting=rng.choice(WorkoutSession.Setting.values),
                        rpe=max(6, min(20, base["rpe"] + rng.randint(-2, 3))),
                        recovery_days=1,
                    )
                )
    CheckIn.objects.bulk_create(check_ins, batch_size=5000)
    # check_in objects now have primary keys: the sessions can point at them.
    for s in sessions:
        s.check_in_id = s.check_in.pk if s.check_in else None
    WorkoutSession.objects.bulk_create(sessions, batch_size=5000)
    counts["check_ins"] = len(check_ins)
    counts["sessions"] = len(sessions)

    counts.update(
        seed_plans(
            centre=centre,
            profiles=profiles,
            sessions=sessions,
            since=now - dt.timedelta(days=days + 1),
            rng=rng,
        )
    )
    counts.update(
        seed_followup(
            rng=rng,
            now=now,
            tz=tz,
            physios=physios,
            profiles=profiles,
            check_ins=check_ins,
            sessions=sessions,
            injuries=injuries,
            quiet=quiet,
        )
    )

    # bulk_create stamps auto_now_add fields with the present: date them as they happened.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CheckIn._meta.db_table} SET created_at = "  # noqa: S608 - our tables
            "(date + TIME '08:30') AT TIME ZONE %s, updated_at = (date + TIME '08:30') AT TIME ZONE %s",
            [TIMEZONE, TIMEZONE],
        )
        cursor.execute(
            f"UPDATE {WorkoutSession._meta.db_table} SET created_at = "  # noqa: S608
            "started_at + duration_min * INTERVAL '1 minute'"
        )
    # last_activity_at, as checking in and logging a session keep it.
    last: dict[int, dt.datetime] = {}
    for c in check_ins:
        at = dt.datetime.combine(c.date, dt.time(8, 30), tzinfo=tz)
        last[c.patient_id] = max(at, last.get(c.patient_id, at))
    for s in sessions:
        last[s.patient_id] = max(s.started_at, last.get(s.patient_id, s.started_at))
    for p in profiles:
        p.last_activity_at = last.get(p.pk)
    PatientProfile.objects.bulk_update(profiles, ["last_activity_at"], batch_size=5000)

    # The patient whose pages are fetched is one of the physiotherapist's own, with no quiet
    # spell; the posts are spread over up to 100 other patients (one session a day each
    # is what a patient logs, not hundreds).
    with_plan = set(Programme.objects.values_list("patient_id", flat=True))
    chosen = [
        p
        for p in profiles
        if p.assigned_physio_id == physios[0].pk and p.pk not in quiet and p.pk in with_plan
    ]
    others = [p for p in profiles if p.pk != chosen[0].pk and p.pk not in injuries]
    return Seeded(
        centre_id=centre.pk,
        physio_id=physios[0].pk,
        patient_user_id=chosen[0].user_id,
        patient_id=chosen[0].pk,
        poster_user_ids=[p.user_id for p in others[:POSTERS]],
        counts=dict(counts),
    )


def analyze() -> None:
    """Table statistics, as autovacuum would gather them some time after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
