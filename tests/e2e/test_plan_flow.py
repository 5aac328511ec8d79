"""A training plan in a real browser: the physiotherapist builds a plan from a centre template
for a patient with a bone metastasis in the spine and sees the spine-loading exercises
replaced (desktop, within two minutes); the patient reads the week and an exercise on a
phone, and the week prints on one A4 page."""

from __future__ import annotations

import re
import time

from patients.models import Restriction
from sessions_log.models import PlannedExercise, Programme
from sessions_log.plans.programmes.services import ensure_starter_templates
from tests.factories import TEST_TOTP_SECRET
from tests.sessions_log.plans.helpers import load_library

PDF_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def test_a_physio_builds_a_plan_and_the_patient_reads_and_prints_it(
    transactional_db, cast, live, phone, desktop, login, shot, axe
):
    load_library()
    ensure_starter_templates(centre=cast.centre_a)
    patient = cast.patient_a
    Restriction.objects.create(
        patient=patient,
        kind="bone_metastasis",
        body_area="lower_back",
        starts_on=patient.local_today(),
        set_by=cast.physio_a,
    )

    # The physiotherapist, at the centre's desktop.
    login(desktop, cast.physio_a.email, totp_secret=TEST_TOTP_SECRET)
    started = time.monotonic()
    desktop.goto(f"{live}/physio/patients/{patient.pk}/")
    desktop.get_by_role("link", name="Treningsplan", exact=True).click()
    desktop.get_by_role("link", name="Lag treningsplan").click()
    desktop.wait_for_url(f"**/physio/patients/{patient.pk}/plan/new/")
    axe(desktop)
    shot(desktop, "plan-start-desktop")
    desktop.get_by_role("link", name=re.compile("Bruk denne malen.*Etter behandling")).click()
    notice = desktop.locator("section.notice").inner_text()
    assert "Økt 1: Romaskin er byttet med Ergometersykkel." in notice
    assert "Økt 2: Vedhogger med strikk er byttet med Antirotasjonspress med strikk." in notice
    assert "Økt 2: Markløft med kettlebell er byttet med Seteløft." in notice
    axe(desktop)
    shot(desktop, "plan-from-template-desktop")
    desktop.fill("textarea[name=note]", "Vi bygger opp rolig. Ingen vridning med vekt.")
    desktop.get_by_role("button", name="Lagre planen").click()
    desktop.wait_for_url(f"**/physio/patients/{patient.pk}/plan/")
    elapsed = time.monotonic() - started
    assert elapsed < 120, f"building the plan took {elapsed:.0f} s"
    assert "Versjon 1, lagret av" in desktop.locator("main").inner_text()
    axe(desktop)
    shot(desktop, "plan-detail-desktop")

    programme = Programme.objects.get(patient=patient)
    slugs = set(
        PlannedExercise.objects.filter(session__programme=programme).values_list(
            "exercise__slug", flat=True
        )
    )
    assert not slugs & {"rowing-machine", "woodchop", "kettlebell-deadlift", "overhead-press"}

    # The patient, on a phone: the week, then an exercise.
    login(phone, patient.user.email)
    phone.goto(f"{live}/me/plan/")
    week = phone.locator("section.my-week").inner_text()
    assert "Vi bygger opp rolig." in week
    assert "Ergometersykkel" in week and "Romaskin" not in week
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    axe(phone)
    shot(phone, "plan-my-week-phone")
    phone.get_by_role("link", name="Antirotasjonspress med strikk").first.click()
    phone.wait_for_url("**/me/exercises/*/")
    assert "Slik gjør du det" in phone.locator("main").inner_text()
    axe(phone)
    shot(phone, "plan-exercise-phone")

    # Printed, the week fits on one A4 page.
    phone.goto(f"{live}/me/plan/")
    phone.emulate_media(media="print")
    shot(phone, "plan-my-week-print")
    pdf = phone.pdf(format="A4", print_background=False)
    assert len(PDF_PAGE.findall(pdf)) == 1
