import io

from django.core.management import call_command

from demo.patients import PATIENT_EMAIL
from demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET, PHYSIO_EMAIL


def test_it_signs_the_demo_patient_in_on_a_phone(transactional_db, live, phone, login, shot, axe):
    call_command("seed_demo", stdout=io.StringIO())
    phone.goto(f"{live}/")
    assert phone.locator("h1").inner_text() == "Logg inn"
    axe(phone)
    shot(phone, "login-phone")

    login(phone, PATIENT_EMAIL, DEMO_PASSWORD)

    assert phone.url == f"{live}/me/"
    assert "Kari" in phone.locator("h1").inner_text()
    # Nothing scrolls sideways at a phone width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    axe(phone)
    shot(phone, "patient-home-phone")


def test_it_asks_the_demo_physio_for_a_two_factor_code(transactional_db, live, desktop, login):
    call_command("seed_demo", stdout=io.StringIO())
    login(desktop, PHYSIO_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    assert desktop.url == f"{live}/physio/"
