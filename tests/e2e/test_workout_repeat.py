"""Save a workout, press the browser's back button, tap save again: the patient is asked
("Du registrerte nettopp ...") instead of a second identical session being stored."""

from __future__ import annotations

import re

from sessions_log.models import WorkoutSession

RESULT = re.compile(r".*/me/workouts/\d+/$")  # a saved workout's page, not the form
QUESTION = "Du registrerte nettopp gåtur, 20 min, i dag. Vil du registrere en til?"


def fill_walk(page):
    page.locator("fieldset", has_text="Hva gjorde du?").get_by_label("Gåtur").check()
    page.locator("fieldset", has_text="Hvor trente du?").get_by_label("På egen hånd").check()
    page.get_by_label("20 min").check()
    page.locator("#id_rpe_5").check()  # 11 – light


def save_again_after_back(page):
    """Back to the form the browser shows again, then save: as a patient does it."""
    page.go_back()
    page.wait_for_url("**/me/workouts/new/")
    if not page.locator("fieldset", has_text="Hva gjorde du?").get_by_label("Gåtur").is_checked():
        fill_walk(page)  # this browser did not keep the answers: tap them again
    page.get_by_role("button", name="Lagre økten").click()
    page.wait_for_load_state()


def test_back_and_save_again_asks_before_a_second_workout(
    transactional_db, cast, live, phone, login, shot, axe
):
    login(phone, cast.patient_a.user.email)
    phone.goto(f"{live}/me/workouts/new/")
    fill_walk(phone)
    phone.get_by_role("button", name="Lagre økten").click()
    phone.wait_for_url(RESULT)
    assert WorkoutSession.objects.count() == 1

    # Back and save again: a question, the form still filled in, nothing saved.
    save_again_after_back(phone)
    assert QUESTION in phone.locator("[role=alert]").inner_text()
    assert phone.locator("fieldset", has_text="Hva gjorde du?").get_by_label("Gåtur").is_checked()
    assert WorkoutSession.objects.count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    axe(phone)
    shot(phone, "workout-repeat-question-phone")

    # "No": the workout saved first, and still one.
    phone.get_by_role("link", name="Nei, det er den samme").click()
    phone.wait_for_url(RESULT)
    assert "20 minutter" in phone.locator("main").inner_text()
    assert WorkoutSession.objects.count() == 1

    # The same walk from a new form, and "yes": a second walk is what the patient meant.
    phone.goto(f"{live}/me/workouts/new/")
    fill_walk(phone)
    phone.get_by_role("button", name="Lagre økten").click()
    phone.get_by_role("button", name="Ja, registrer en til").click()
    phone.wait_for_url(RESULT)
    assert WorkoutSession.objects.count() == 2
