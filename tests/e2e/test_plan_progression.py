"""Adherence and progression in a real browser at 1280x800: with two weeks of the plan done
well, the physiotherapist sees planned vs done per week and "Klar for mer" on the patient
page, accepts it with one click, and the new version shows the proposal's change. The
patient page with both is also checked at 390 px wide (clinician tables scroll, nothing else
does)."""

from __future__ import annotations

from sessions_log.models import Programme
from tests.factories import TEST_TOTP_SECRET
from tests.sessions_log.plans.helpers import load_library, two_good_weeks


def test_the_physio_sees_adherence_and_accepts_ready_for_more(
    transactional_db, cast, live, desktop, browser, login, shot, axe
):
    load_library()
    patient = cast.patient_a
    two_good_weeks(patient, cast.physio_a)

    login(desktop, cast.physio_a.email, totp_secret=TEST_TOTP_SECRET)
    desktop.goto(f"{live}/physio/patients/{patient.pk}/")
    adherence = desktop.locator("section.adherence")
    assert "Treningsplan: planlagt og gjort" in adherence.inner_text()
    table = adherence.locator("table").inner_text()
    assert "Som planlagt" in table and "Ikke gjort" in table
    assert adherence.locator("svg.adherence__chart title").text_content() == (
        "Planlagte økter per uke og hvordan de gikk"
    )
    suggestion = desktop.locator("section.suggestion")
    assert "Forslag: Klar for mer" in suggestion.inner_text()
    assert "Økt 1 (Utholdenhet): 30 → 33 minutter." in suggestion.inner_text()
    axe(desktop)
    shot(desktop, "plan-progression-patient-page")
    element_shot(suggestion, "plan-progression-suggestion")
    element_shot(adherence, "plan-progression-adherence")
    # The same page at phone width, suggestion and all: the table scrolls in its own box,
    # the page does not.
    narrow = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nb-NO", timezone_id="Europe/Oslo"
    )
    narrow.add_cookies(desktop.context.cookies())
    page = narrow.new_page()
    page.goto(f"{live}/physio/patients/{patient.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe(page)
    assert "Forslag: Klar for mer" in page.locator("section.suggestion").inner_text()
    shot(page, "plan-progression-patient-page-narrow")
    narrow.close()

    suggestion.get_by_role("button", name="Godta: lag versjon 2").click()
    desktop.wait_for_url(f"**/physio/patients/{patient.pk}/plan/")
    main = desktop.locator("main").inner_text()
    assert "Versjon 2 av planen er lagret. Pasienten ser den nå." in main
    assert "33 min" in main
    assert "Reise seg fra stol\n4 × 10" in main
    assert "Forslag:" not in main
    axe(desktop)
    shot(desktop, "plan-progression-accepted")

    desktop.get_by_role("link", name="Versjoner").click()
    history = desktop.locator("main").inner_text()
    assert "Økt 1 (Utholdenhet): 30 → 33 minutter." in history
    assert "Økt 2 (Styrke): Reise seg fra stol 3 × 10 → 4 × 10." in history
    assert "laget fra forslaget «Klar for mer»" in history
    shot(desktop, "plan-progression-history")
    assert list(Programme.objects.filter(patient=patient).values_list("version", "created_by")) == [
        (2, cast.physio_a.pk),
        (1, cast.physio_a.pk),
    ]


def element_shot(locator, name):
    """One part of the page, as artifacts/<name>.png."""
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    locator.screenshot(path=str(ARTIFACTS / f"{name}.png"))
