"""The recovery follow-up end to end in a real browser: the demo patient answers "not
recovered" on a phone, the demo physiotherapist sees it first in the queue, opens the
patient, acknowledges with a note, and the patient reads the note."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from demo.patients import PATIENT_EMAIL
from demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET, PHYSIO_EMAIL
from patients.models import PatientProfile
from sessions_log.models import Flag, RecoveryReport, WorkoutSession
from tests.e2e.conftest import ARTIFACTS

NOTE = "Takk for at du sa fra. Ta to korte turer i stedet for én lang denne uka."


def test_it_takes_a_slow_recovery_from_the_patient_to_the_physio_and_back(
    transactional_db, live, phone, desktop, login, shot, axe
):
    call_command("seed_demo", stdout=io.StringIO())
    kari = PatientProfile.objects.select_related("centre").get(user__email=PATIENT_EMAIL)
    started = timezone.now() - dt.timedelta(hours=21, minutes=30)
    session = WorkoutSession.objects.create(
        patient=kari,
        started_at=started,
        performed_on=timezone.localtime(started, kari.centre.tzinfo).date(),
        duration_min=30,
        activity="cycle",
        setting="group",
        rpe=14,
    )

    # The patient, on a phone: the question waits on the home page.
    login(phone, PATIENT_EMAIL, DEMO_PASSWORD)
    assert phone.locator(".followup-question").count() == 1
    axe(phone)
    shot(phone, "patient-home-question-phone")
    phone.click(f"a[data-session='{session.pk}']")
    phone.wait_for_url(f"**/me/recovery/{session.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    axe(phone)
    shot(phone, "recovery-question-phone")
    phone.check("input[name=recovered][value=no]")
    phone.check("input[name=managed_chores][value=no]")
    phone.check("input[name=soreness][value=some]")
    phone.fill("textarea[name=note]", "Tung i kroppen hele kvelden.")
    phone.locator("form.form button[type=submit]").click()
    phone.wait_for_url(f"**/me/recovery/{session.pk}/reply/")
    reply = phone.locator("main").inner_text()
    assert "lettere eller kortere" in reply
    assert "Fysioterapeuten din ser svaret ditt" in reply
    axe(phone)
    shot(phone, "recovery-reply-phone")
    assert RecoveryReport.objects.get(session=session).recovered == "no"

    # The physiotherapist, on a desktop: the new too-hard flag is at the top of the queue.
    login(desktop, PHYSIO_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    assert desktop.url == f"{live}/physio/"
    first_row = desktop.locator("table.triage-table tbody tr").first
    assert "Kari Nordmann" in first_row.inner_text()
    too_hard = Flag.objects.get(session=session, kind="too_hard")
    assert first_row.locator(f"a[href='/physio/flags/{too_hard.pk}/acknowledge/']").count() == 1
    axe(desktop)
    shot(desktop, "triage-queue-desktop")

    first_row.locator("th a").click()
    desktop.wait_for_url(f"**/physio/patients/{kari.pk}/")
    # The four trend charts (the training plan's adherence chart is counted apart).
    assert desktop.locator("svg.chart:not(.adherence__chart)").count() == 4
    axe(desktop)
    shot(desktop, "patient-page-desktop")
    charts = desktop.locator("section[aria-labelledby=charts-heading]")
    charts.screenshot(path=str(ARTIFACTS / "patient-page-charts-desktop.png"))

    desktop.click(f"a[href='/physio/flags/{too_hard.pk}/acknowledge/?back=patient']")
    desktop.fill("textarea[name=note]", NOTE)
    axe(desktop)
    desktop.locator("form.form button[type=submit]").click()
    desktop.wait_for_url(f"**/physio/patients/{kari.pk}/")
    too_hard.refresh_from_db()
    assert too_hard.physio_note == NOTE and too_hard.acknowledged_at is not None

    # The patient sees the note on the home page and can put it away.
    phone.goto(f"{live}/me/")
    assert NOTE in phone.locator("main").inner_text()
    axe(phone)
    shot(phone, "patient-home-note-phone")
    phone.locator(".followup-note button[type=submit]").click()
    phone.wait_for_url(f"{live}/me/")
    assert NOTE not in phone.locator("main").inner_text()
