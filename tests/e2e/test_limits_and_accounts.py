"""In a real browser: the live counter under a text field with a limit (nothing is cut), a
patient asking to end their participation, and signing in to a closed account."""

from __future__ import annotations

from patients.models import ParticipationEndRequest, Restriction
from tests import factories


def test_it_counts_down_and_cuts_nothing(transactional_db, cast, live, desktop, login, shot, axe):
    login(desktop, cast.physio_a.email, totp_secret=factories.TEST_TOTP_SECRET)
    desktop.goto(f"{live}/physio/patients/{cast.patient_a.pk}/restrictions/new/")
    counter = desktop.locator("#id_note_count")
    assert counter.inner_text() == "Du har 500 tegn igjen"

    desktop.fill("#id_note", "Unngå tunge løft.")
    assert counter.inner_text() == "Du har 483 tegn igjen"
    desktop.fill("#id_note", "x" * 512)  # as a paste would
    assert counter.inner_text() == "Du har 12 tegn for mye"
    assert "field__count--over" in counter.get_attribute("class")
    assert len(desktop.input_value("#id_note")) == 512  # the browser cut nothing
    shot(desktop, "limit-counter-over")

    desktop.check("input[name=kind][value=cardiotoxic]")
    desktop.fill("#id_max_rpe", "13")
    desktop.locator("form.form button[type=submit]").first.click()
    desktop.wait_for_load_state()
    assert "Teksten er for lang: høyst 500 tegn, og den har 512." in desktop.content()
    assert len(desktop.input_value("#id_note")) == 512
    assert not Restriction.objects.exists()
    axe(desktop)
    shot(desktop, "limit-error")


def test_it_lets_a_patient_ask_to_end_on_a_phone(
    transactional_db, cast, live, phone, login, shot, axe
):
    login(phone, cast.patient_a.user.email)
    phone.goto(f"{live}/account/")
    phone.get_by_role("link", name="Avslutt deltakelsen").click()
    phone.wait_for_load_state()
    axe(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "patient-end-participation")

    phone.fill("#id_message", "Jeg orker ikke mer akkurat nå.")
    phone.get_by_role("button", name="Send forespørselen").click()
    phone.wait_for_load_state()
    assert "kommer til å kontakte deg" in phone.content()
    assert ParticipationEndRequest.objects.get(patient=cast.patient_a).is_open
    shot(phone, "patient-end-participation-sent")


def test_it_shows_a_closed_account_which_centre_to_contact(
    transactional_db, cast, live, phone, login, shot, axe
):
    from patients.services_accounts import deactivate_patient

    deactivate_patient(patient=cast.patient_a, by=cast.staff_a, reason="Flyttet")
    login(phone, cast.patient_a.user.email)
    assert phone.url == f"{live}/account-closed/"
    assert phone.locator("h1").inner_text() == "Kontoen din er stengt"
    assert cast.centre_a.name in phone.content()
    axe(phone)
    shot(phone, "account-closed")


def test_it_asks_for_the_password_before_the_download_starts(
    transactional_db, cast, live, phone, login, shot
):
    login(phone, cast.patient_a.user.email)
    phone.goto(f"{live}/me/data/")
    phone.get_by_role("link", name="Last ned (CSV, for regneark)").click()
    phone.wait_for_load_state()
    assert "/accounts/reauthenticate/" in phone.url
    shot(phone, "export-reauthenticate")

    phone.fill("input[name=password]", factories.TEST_PASSWORD)
    with phone.expect_download() as info:
        phone.locator("form button[type=submit]").first.click()
    download = info.value
    assert download.suggested_filename == "pusterom-my-data-csv.zip"
    with open(download.path(), "rb") as archive:
        assert archive.read(2) == b"PK"
