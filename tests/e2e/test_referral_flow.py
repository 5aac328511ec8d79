"""From a doctor's referral to an active patient, in a real browser: clinic staff register and
invite on a desktop; the patient opens the emailed link on a phone and creates the account."""

from __future__ import annotations

import re

from django.core import mail

from patients.models import PatientProfile, Referral
from tests.factories import TEST_TOTP_SECRET, CentreFactory, StaffFactory

PASSWORD = "blå fjell og grønne daler"


def test_staff_register_and_invite_and_the_patient_accepts_on_a_phone(
    transactional_db, live, desktop, phone, login, shot, axe
):
    centre = CentreFactory(name="Pusterom Oslo")
    staff = StaffFactory(centre=centre, email="resepsjon@example.no")

    # Staff: the referral list is the start page.
    login(desktop, staff.email, totp_secret=TEST_TOTP_SECRET)
    assert desktop.url == f"{live}/clinic/referrals/"
    axe(desktop)
    shot(desktop, "referral-list-empty-desktop")

    desktop.get_by_role("link", name="Registrer en henvisning").click()
    desktop.wait_for_url("**/clinic/referrals/new/")
    # Nothing filled in: the errors are listed at the top and next to each field.
    desktop.get_by_role("button", name="Registrer henvisningen").click()
    desktop.wait_for_load_state()
    assert desktop.locator(".error-summary").is_visible()
    axe(desktop)
    shot(desktop, "referral-form-errors-desktop")

    desktop.fill("#id_first_name", "Kari")
    desktop.fill("#id_last_name", "Nordmann")
    desktop.fill("#id_birth_date", "1961-04-12")
    desktop.fill("#id_email", "kari.nordmann@example.no")
    desktop.fill("#id_phone", "912 34 567")
    desktop.fill("#id_referring_doctor", "Dr. Ola Lege")
    desktop.fill("#id_doctor_hpr_number", "1234567")
    desktop.fill("#id_referring_unit", "Kreftavdelingen, OUS")
    desktop.fill("#id_diagnosis_code", "C50")
    desktop.fill("#id_diagnosis_text", "Brystkreft")
    desktop.get_by_text("Under behandling", exact=True).click()
    desktop.get_by_role("button", name="Registrer henvisningen").click()
    desktop.wait_for_url(re.compile(r".*/clinic/referrals/\d+/$"))
    assert "Henvisningen er registrert." in desktop.content()
    axe(desktop)
    shot(desktop, "referral-detail-desktop")

    desktop.get_by_role("button", name="Inviter pasienten").click()
    desktop.wait_for_load_state()
    assert "Invitasjonen er sendt." in desktop.content()
    axe(desktop)
    shot(desktop, "referral-invited-desktop")
    assert Referral.objects.get().status == Referral.Status.INVITED
    desktop.get_by_role("link", name="Henvisninger", exact=True).click()
    desktop.wait_for_url(f"{live}/clinic/referrals/")
    assert "Nordmann, Kari" in desktop.content()
    axe(desktop)
    shot(desktop, "referral-list-desktop")

    # The patient: the link from the email, on a phone.
    (email,) = mail.outbox
    assert "Brystkreft" not in email.body
    path = re.search(r"/invite/[\w-]+/", email.body).group(0)
    phone.goto(f"{live}{path}")
    assert phone.locator("h1").inner_text() == "Velkommen, Kari"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    axe(phone)
    shot(phone, "invitation-phone")

    phone.get_by_label("kari.nordmann@example.no er e-postadressen min.").check()
    phone.fill("#id_password1", PASSWORD)
    phone.fill("#id_password2", PASSWORD)
    phone.get_by_label("Jeg har lest personvernerklæringen").check()
    phone.get_by_role("button", name="Lag kontoen min").click()
    phone.wait_for_url(f"{live}/me/")

    assert "Kari" in phone.locator("h1").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    axe(phone)
    shot(phone, "patient-home-after-invitation-phone")
    profile = PatientProfile.objects.get(user__email="kari.nordmann@example.no")
    assert profile.centre == centre
    assert Referral.objects.get().status == Referral.Status.ACTIVE

    # The same link a second time: already used.
    phone.goto(f"{live}{path}")
    assert phone.locator("h1").inner_text() == "Denne lenken er allerede brukt"
    axe(phone)
    shot(phone, "invitation-used-phone")


def test_the_physio_sets_a_restriction_and_the_patient_reads_it_in_plain_words(
    transactional_db, live, desktop, phone, login, shot, axe
):
    import io

    from django.core.management import call_command

    from demo.patients import PATIENT_EMAIL
    from demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET, PHYSIO_EMAIL

    call_command("seed_demo", stdout=io.StringIO())
    login(desktop, PHYSIO_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)

    desktop.goto(f"{live}/physio/patients/")
    assert "Nordmann, Kari" in desktop.content()
    axe(desktop)
    shot(desktop, "patient-list-desktop")

    desktop.get_by_role("link", name="Nordmann, Kari").click()
    desktop.wait_for_load_state()
    assert "Gammel menisskade" in desktop.content()
    axe(desktop)
    shot(desktop, "patient-summary-desktop")

    desktop.get_by_role("link", name="Legg til et hensyn").click()
    desktop.wait_for_load_state()
    desktop.get_by_text("Etter operasjon", exact=True).click()
    desktop.get_by_role("button", name="Lagre").click()
    desktop.wait_for_load_state()
    # The model's rules, next to the fields.
    assert "Velg kroppsdelen som ikke skal belastes." in desktop.content()
    axe(desktop)
    shot(desktop, "restriction-form-errors-desktop")
    desktop.select_option("#id_body_area", "arm_left")
    desktop.fill("#id_ends_on", "2099-03-12")
    desktop.get_by_role("button", name="Lagre").click()
    desktop.wait_for_load_state()
    assert "Hensynet er lagret." in desktop.content()

    login(phone, PATIENT_EMAIL, DEMO_PASSWORD)
    phone.goto(f"{live}/me/plan/")
    text = phone.locator("main").inner_text()
    assert "Fram til 12. mars 2099: ingen tunge løft eller belastning på venstre arm." in text
    assert "Hold anstrengelsen på 14 eller lavere på Borg-skalaen." in text
    assert "det er som regel ikke kreften" in text
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    axe(phone)
    shot(phone, "my-plan-phone")
