"""The demo patient on a phone: check in with poor sleep and mild nausea, get amber advice,
log a 20-minute walk, and see the week's progress move."""

from __future__ import annotations

import io

from django.core.management import call_command

from demo.patients import PATIENT_EMAIL
from demo.people import DEMO_PASSWORD


def progress(page) -> tuple[int, int]:
    """(sessions logged this week, light minutes this week) as the home page shows them."""
    sessions = page.locator('[data-progress="sessions"]')
    light = page.locator('[data-progress="light"]')
    return int(sessions.get_attribute("data-count")), int(light.get_attribute("data-minutes"))


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_it_guides_the_demo_patient_through_a_check_in_and_a_walk(
    transactional_db, live, phone, login, shot, axe
):
    call_command("seed_demo", stdout=io.StringIO())
    login(phone, PATIENT_EMAIL, DEMO_PASSWORD)
    assert phone.url == f"{live}/me/"
    sessions_before, light_before = progress(phone)
    assert "Så langt denne uken" in phone.locator("#progress-title").inner_text()

    # Check in (the demo history may hold a check-in for today already: it is updated).
    phone.locator('.stack a[href="/me/check-in/"]').click()
    phone.wait_for_url("**/me/check-in/")
    assert phone.locator("h1").inner_text() == "Hvordan har du det i dag?"
    no_sideways_scroll(phone)
    axe(phone)
    # The warning signs come first, as one question.
    for box in phone.locator('input[name="warning_signs"]').all():
        box.set_checked(False)
    phone.get_by_role("button", name="Nei, ingenting av dette").click()
    phone.wait_for_load_state()
    no_sideways_scroll(phone)
    axe(phone)
    phone.get_by_label("Dårlig").check()  # sleep
    phone.locator("#id_energy_6").check()
    phone.locator("fieldset", has_text="Er du kvalm?").get_by_label("Litt").check()
    phone.locator("fieldset", has_text="Er du svimmel?").get_by_label("Nei").check()
    phone.locator("#id_pain_1").check()
    phone.locator("fieldset", has_text="Er du støl").get_by_label("Nei").check()
    shot(phone, "checkin-form-phone")
    phone.get_by_role("button", name="Se dagens råd").click()

    phone.wait_for_url("**/me/check-ins/*/")
    level = phone.locator(".level")
    assert "level--amber" in level.get_attribute("class")
    assert "Ta det med ro i dag" in level.locator(".level__title").inner_text()
    reasons = level.locator(".level__reasons").inner_text()
    assert "Du sov dårlig i natt." in reasons
    assert "Du er litt kvalm." in reasons
    assert "4 x 5 minutter" in level.inner_text()
    no_sideways_scroll(phone)
    axe(phone)
    shot(phone, "checkin-result-amber-phone")

    # Log a 20-minute walk at an easy effort.
    phone.get_by_role("link", name="Registrer en økt").last.click()
    phone.wait_for_url("**/me/workouts/new/")
    no_sideways_scroll(phone)
    axe(phone)
    phone.locator("fieldset", has_text="Hva gjorde du?").get_by_label("Gåtur").check()
    phone.locator("fieldset", has_text="Hvor trente du?").get_by_label("På egen hånd").check()
    phone.get_by_label("20 min").check()
    phone.locator("#id_rpe_5").check()  # 11 – light
    shot(phone, "workout-form-phone")
    phone.get_by_role("button", name="Lagre økten").click()

    phone.wait_for_url("**/me/workouts/*/")
    assert phone.locator("h1").inner_text() == "Lagret. Bra jobbet!"
    assert "20 minutter, anstrengelse 11" in phone.locator("main").inner_text()
    no_sideways_scroll(phone)
    axe(phone)
    shot(phone, "workout-result-phone")

    # The week's progress on the home page has moved.
    phone.get_by_role("link", name="Tilbake til i dag").click()
    phone.wait_for_url("**/me/")
    assert progress(phone) == (sessions_before + 1, light_before + 20)
    assert "Ta det med ro i dag" in phone.locator(".level__title").inner_text()
    no_sideways_scroll(phone)
    axe(phone)
    shot(phone, "home-after-walk-phone")

    # The walk is in the history, under this week.
    phone.get_by_role("link", name="Historikk").click()
    phone.wait_for_url("**/me/history/")
    first_week = phone.locator("main section.card").first
    assert "Gåtur" in first_week.inner_text()
    assert "20 min, anstrengelse 11" in first_week.inner_text()
    no_sideways_scroll(phone)
    axe(phone)
    shot(phone, "history-phone")
