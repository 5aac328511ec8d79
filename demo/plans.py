"""Demo training plans for ``seed_demo``: the demo patients' programmes in several states,
made through the product's own services (``ensure_starter_templates``, ``save_programme``,
and ``progression.propose`` for the versions a physiotherapist accepted), back-dated.

- Kari Nordmann (the demo patient): stepped down. Version 1 from "Etter brystoperasjon" on the
  day of her intake; version 2, lighter, the day after the session that was too hard.
- Lars Olsen: progressing, and now due a step down. Version 1 from "Etter behandling - bygge
  opp"; version 2 (+10 %) after two good weeks; in the last two weeks two slow recoveries
  (demo.activity), so the physiotherapist sees "trapp ned".
- Sofie Nilsen: new. Version 1 from "Under cellegift - start", made yesterday; nothing done
  yet (she has been quiet for a while).
- Nils Moen: ready for more. Version 1 three weeks ago, on days chosen so that the last
  planned day is two days ago (its recovery answer is in); every planned session of the last
  two weeks is done as planned (demo.activity), so the physiotherapist sees "klar for mer".
- Eva Haugen has had no intake conversation, so no plan yet.

Safe to run again: a patient who has a plan already is left as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from django.utils import timezone

from demo.patients import PATIENT_EMAIL
from patients.models import PatientProfile
from patients.selectors import active_restrictions
from sessions_log.models import PlannedSession, Programme, ProgrammeTemplate
from sessions_log.plans import progression
from sessions_log.plans.exercises.selectors import centre_facts
from sessions_log.plans.programmes import services
from sessions_log.plans.programmes.selectors import session_data
from sessions_log.plans.review.matching import version_on

STEPPED_DOWN, PROGRESSING, NEW, READY = "stepped_down", "progressing", "new", "ready_for_more"
LARS, SOFIE, NILS = "lars.olsen@example.no", "sofie.nilsen@example.no", "nils.moen@example.no"

# email -> (state, starter template, [(days ago, how)] with how "template", "more" or "less",
# the note for the patient, and whether the days are chosen relative to today).
PLANS = {
    PATIENT_EMAIL: (
        STEPPED_DOWN,
        "after-breast-surgery",
        [(25, "template"), (19, "less")],
        "Skulderøvelsene hver dag, og gå- og styrkeøkter som du orker. Etter den tunge økten "
        "har vi gjort øktene litt kortere en stund.",
        False,
    ),
    LARS: (
        PROGRESSING,
        "after-treatment-build-up",
        [(38, "template"), (17, "more")],
        "Du har bygd deg fint opp. Hold deg innenfor målet for anstrengelse, også når det går "
        "lett.",
        False,
    ),
    SOFIE: (
        NEW,
        "during-chemo-start",
        [(1, "template")],
        "Vi starter rolig igjen. Korte turer teller, og del gjerne opp øktene.",
        False,
    ),
    NILS: (
        READY,
        "after-treatment-build-up",
        [(21, "template")],
        "Tre økter i uka: utholdenhet, styrke i gruppe og en lang tur.",
        True,
    ),
}


def _relative_days(today: dt.date, count: int) -> list[str]:
    """ISO weekdays two, four and six days ago (and so on): yesterday and today are never
    among them, so the last planned day's recovery answer is in whenever the demo is seeded."""
    return [str((today - dt.timedelta(days=2 * (n + 1))).isoweekday()) for n in range(count)]


def _version(*, patient, physio, template, base, how, day, restrictions, exercises, facts, days):
    """The sessions of the next version: the template's, or the proposal the physiotherapist
    accepted ("more": ready for more; "less": step down), as progression.propose makes it."""
    if how == "template":
        sessions = [session_data(s, facts) for s in template.sessions.all()]
        if days:
            sessions = [replace(s, weekdays=d) for s, d in zip(sessions, days, strict=True)]
    else:
        sessions = [session_data(s, facts) for s in base.sessions.all()]
        if how == "more":
            outcomes = [progression.Outcome(day, "as_planned", 12, 13, 1)]
            flags = []
        else:
            outcomes = []
            flags = [("slow_recovery", day), ("too_hard", day)]
        proposal = progression.propose(
            sessions=sessions,
            outcomes=outcomes,
            flags=flags,
            open_flags=0,
            today=day,
            programme_since=day - progression.WINDOW - dt.timedelta(days=7),
        )
        sessions = list(proposal.sessions)
    programme, _created = services.save_programme(
        patient=patient,
        author=physio,
        base_version=base.version if base else 0,
        note=base.note if base else "",
        sessions=services.session_inputs(sessions, exercises),
        restrictions=restrictions,
        template=template,
    )
    return programme


def seed_plans(*, centre, physio, patients) -> dict[str, str]:
    """Plans for the demo patients in ``patients`` (profiles) that have none; returns the
    state of each plan written, by email."""
    services.ensure_starter_templates(centre=centre, created_by=physio)
    templates = {t.starter_key: t for t in ProgrammeTemplate.objects.filter(centre=centre)}
    exercises, facts = centre_facts(centre_id=centre.pk)
    now = timezone.now()
    tz = centre.tzinfo
    today = timezone.localtime(now, tz).date()
    written = {}
    for patient in patients:
        email = patient.user.email
        if email not in PLANS or Programme.objects.filter(patient=patient).exists():
            continue
        state, key, versions, note, relative = PLANS[email]
        template = templates[key]
        days = _relative_days(today, template.sessions.count()) if relative else None
        restrictions = active_restrictions(patient=patient, day=today)
        base = None
        for number, (ago, how) in enumerate(versions, start=1):
            day = today - dt.timedelta(days=ago)
            base = _version(
                patient=patient,
                physio=physio,
                template=template,
                base=base,
                how=how,
                day=day,
                restrictions=restrictions,
                exercises=exercises,
                facts=facts,
                days=days,
            )
            made = min(dt.datetime.combine(day, dt.time(14, 0), tzinfo=tz), now)
            changes = {"created_at": made}
            if number == 1:
                changes["note"] = note
            Programme.objects.filter(pk=base.pk).update(**changes)
            base.refresh_from_db()
        written[email] = state
    return written


def plan_schedule(patient: PatientProfile) -> Callable[[dt.date], list[PlannedSession]] | None:
    """The planned sessions of each day, from the version in force that day (None without a
    plan): what the demo history follows."""
    programmes = list(
        Programme.objects.filter(patient=patient).prefetch_related("sessions__exercises__exercise")
    )
    if not programmes:
        return None
    tz = patient.centre.tzinfo

    def planned(day: dt.date) -> list[PlannedSession]:
        version = version_on(programmes, day, tz)
        if version is None:
            return []
        return [s for s in version.sessions.all() if str(day.isoweekday()) in s.weekdays]

    return planned
