import io
import json
import zipfile

from django.urls import reverse

from pusterom.models import AuditEvent
from tests.reauth import reauthenticate


def test_it_shows_the_patient_who_has_seen_their_data(client_for, patient_a, physio_a):
    client_for(physio_a).get(reverse("sessions_log:patient_page", args=[patient_a.pk]))
    assert AuditEvent.objects.filter(patient=patient_a.user, actor=physio_a).count() == 1

    html = client_for(patient_a).get(reverse("sessions_log:my_data")).content.decode()
    assert physio_a.get_full_name() in html
    assert physio_a.centre.name in html


def test_it_shows_a_patient_only_their_own_audit_trail(client_for, patient_a, patient_b, physio_a):
    client_for(physio_a).get(reverse("sessions_log:patient_page", args=[patient_b.pk]))
    html = client_for(patient_a).get(reverse("sessions_log:my_data")).content.decode()
    assert physio_a.get_full_name() not in html


def test_it_does_not_audit_the_patient_reading_their_own_data(client_for, patient_a):
    client_for(patient_a).get(reverse("sessions_log:my_data"))
    client_for(patient_a).get(reverse("sessions_log:export_json"))
    assert not AuditEvent.objects.filter(patient=patient_a.user).exists()


def test_it_exports_the_patients_data_as_json(client_for, patient_a, patient_b, physio_a):
    from patients.models import Restriction

    Restriction.objects.create(
        patient=patient_a, kind="cardiotoxic", max_rpe=13, starts_on="2026-11-01", set_by=physio_a
    )
    Restriction.objects.create(
        patient=patient_b, kind="cardiotoxic", max_rpe=11, starts_on="2026-11-01", set_by=physio_a
    )
    response = reauthenticate(client_for(patient_a)).get(reverse("sessions_log:export_json"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"][0]["email"] == patient_a.user.email
    assert [r["max_rpe"] for r in data["restrictions"]] == [13]
    assert set(data) >= {
        "check_ins",
        "sessions",
        "recovery_reports",
        "flags",
        "who_has_seen_my_data",
    }


def test_it_exports_the_patients_data_as_csv_files(client_for, patient_a):
    response = reauthenticate(client_for(patient_a)).get(reverse("sessions_log:export_csv"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "profile.csv" in archive.namelist()
    profile = archive.read("profile.csv").decode()
    assert patient_a.user.email in profile.splitlines()[1]


def test_it_exports_the_referral_and_the_reminders_too(client_for, patient_a, patient_b):
    import datetime as dt

    from sessions_log.models import Reminder
    from tests import factories

    patient_a.referral = factories.ReferralFactory(
        centre=patient_a.centre, diagnosis_code="C50", diagnosis_text="Brystkreft"
    )
    patient_a.save(update_fields=["referral"])
    for patient in (patient_a, patient_b):
        Reminder.objects.create(
            patient=patient, kind="checkin", for_date=dt.date(2026, 11, 2), channel="email"
        )

    client = reauthenticate(client_for(patient_a))
    data = json.loads(client.get(reverse("sessions_log:export_json")).content)

    assert [r["diagnosis_text"] for r in data["referral"]] == ["Brystkreft"]
    assert [(r["kind"], r["for_date"]) for r in data["reminders"]] == [("checkin", "2026-11-02")]
    assert data["profile"][0]["remind_checkin"] is True


def test_a_physio_reading_all_morning_is_one_line_a_window(client_for, patient_a, physio_a):
    import datetime as dt

    import time_machine

    page = reverse("sessions_log:patient_page", args=[patient_a.pk])
    start = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = client_for(physio_a)
        for _ in range(12):  # every 5 minutes for an hour: 6 windows of 10 minutes
            client.get(page)
            clock.shift(dt.timedelta(minutes=5))
        html = client_for(patient_a).get(reverse("sessions_log:my_data")).content.decode()

    assert html.count(physio_a.get_full_name()) == 6
    assert "innen 10 minutter, vises det én gang" in html
