"""The complete export: the referral's status, reason and notes, the people behind intakes,
restrictions and flags, spreadsheet-safe CSV, and a README in the patient's language that
describes every file and every column. Downloading asks for the password again."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from patients.models import Referral
from pusterom.models import AccountStatusChange, User
from sessions_log.models import Flag
from sessions_log.privacy import export
from tests import factories
from tests.reauth import reauthenticate


@pytest.fixture
def history(patient_a, physio_a, staff_a):
    referral = factories.ReferralFactory(
        centre=patient_a.centre,
        registered_by=staff_a,
        status=Referral.Status.ACTIVE,
        notes="Ønsker å trene i gruppe",
    )
    patient_a.referral = referral
    patient_a.save(update_fields=["referral"])
    factories.IntakeFactory(patient=patient_a, physio=physio_a, goals="Gå til butikken")
    factories.RestrictionFactory(patient=patient_a, set_by=physio_a, note="Hold deg under 13")
    session = factories.WorkoutSessionFactory(
        patient=patient_a, notes='=HYPERLINK("http://evil.example","Klikk")'
    )
    Flag.objects.create(
        patient=patient_a,
        session=session,
        kind=Flag.Kind.TOO_HARD,
        acknowledged_by=physio_a,
        acknowledged_at=timezone.now(),
        physio_note="Ta det rolig i morgen",
    )
    return session


def csv_rows(archive, name) -> list[dict]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def download(client_for, patient):
    client = reauthenticate(client_for(patient))
    response = client.get(reverse("sessions_log:export_csv"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_it_names_the_people_behind_the_patients_data(client_for, patient_a, physio_a, history):
    archive = download(client_for, patient_a)
    name = physio_a.get_full_name()

    assert csv_rows(archive, "profile.csv")[0]["assigned_physio"] == name
    assert csv_rows(archive, "intake_conversations.csv")[0]["physio"] == name
    assert csv_rows(archive, "restrictions.csv")[0]["set_by"] == name
    assert csv_rows(archive, "flags.csv")[0]["acknowledged_by"] == name
    assert csv_rows(archive, "flags.csv")[0]["physio_note"] == "Ta det rolig i morgen"


def test_it_exports_the_referrals_status_reason_and_notes(client_for, patient_a, staff_a, history):
    from patients.services import set_referral_outcome

    set_referral_outcome(
        referral=patient_a.referral, status="closed", reason="Flyttet til Bergen", by=staff_a
    )
    patient_a.user.is_active = True  # the patient downloads before the account closed
    User.objects.filter(pk=patient_a.user.pk).update(is_active=True)

    archive = download(client_for, patient_a)
    referral = csv_rows(archive, "referral.csv")[0]

    assert (referral["status"], referral["status_reason"]) == ("closed", "Flyttet til Bergen")
    assert referral["notes"] == "Ønsker å trene i gruppe"
    assert referral["registered_by"] == staff_a.get_full_name()
    assert csv_rows(archive, "account_status.csv")[0]["reason"] == "Flyttet til Bergen"


def test_it_writes_a_note_that_starts_a_formula_as_text(client_for, patient_a, history):
    archive = download(client_for, patient_a)
    note = csv_rows(archive, "sessions.csv")[0]["notes"]
    assert note == "'" + history.notes


@pytest.mark.parametrize(
    ("language", "heading", "column_text"),
    [
        ("nb", "Pusterom – dine data", "Fysioterapeuten din."),
        ("en", "Pusterom – your data", "Your physiotherapist."),
    ],
)
def test_it_describes_every_file_and_column_in_the_patients_language(
    client_for, patient_a, history, language, heading, column_text
):
    User.objects.filter(pk=patient_a.user.pk).update(language=language)
    patient_a.user.refresh_from_db()

    archive = download(client_for, patient_a)
    readme = archive.read("README.txt").decode()

    assert readme.startswith(heading)
    assert f"  - assigned_physio: {column_text}" in readme
    csv_files = sorted(n for n in archive.namelist() if n.endswith(".csv"))
    assert sorted(["profile.csv", *(f"{n}.csv" for n in export.TABLES)]) == csv_files
    for name in csv_files:
        assert f"\n{name}\n" in readme, name
        header = archive.read(name).decode("utf-8-sig").splitlines()[0]
        for column in next(csv.reader([header])):
            assert f"  - {column}: " in readme, f"{name}: {column} is not described"


def test_it_explains_the_codes_of_a_choice_in_words(client_for, patient_a, history):
    readme = download(client_for, patient_a).read("README.txt").decode()
    assert "green = Tren som planlagt" in readme


# Fields of the exported models that the export leaves out, and why. A new field must be
# exported (and described) or named here, so the export stays complete as the models grow.
NOT_EXPORTED = {
    "PatientProfile": {"id", "user", "referral"},  # the user's columns are in profile.csv
    "Referral": {"centre"},  # in profile.csv
    "Invitation": {"id", "referral", "token_hash", "created_by"},  # a hash and staff only
    "IntakeConversation": {"patient"},
    "Restriction": {"patient"},
    "PriorInjury": {"patient"},
    "CheckIn": {"patient"},
    "WorkoutSession": {"patient", "client_uuid"},  # a key against double submits
    "RecoveryReport": set(),
    "Flag": {"patient"},
    "Programme": {"patient"},
    "PlannedSession": {"template"},  # a patient's sessions belong to a programme, never a template
    "PlannedExercise": set(),
    "Reminder": {"id", "patient"},
    "ParticipationEndRequest": {"id", "patient"},
    "AccountStatusChange": {"id", "user"},
    # Ids of pages, the reader's IP, and the key that merges repeated reads (``at`` is when).
    "AuditEvent": {"id", "patient", "object_id", "ip", "read_window"},
    "ProgressionDecision": {"id", "programme", "new_programme"},  # as version numbers
}


def test_it_exports_every_field_of_every_model_it_covers():
    tables = {"profile": export.PROFILE, **export.TABLES}
    for name, table in tables.items():
        sources = export.SOURCES.get(name, {})
        exported = set()
        for column in table.columns:
            source = sources.get(column, table.people.get(column, column))
            # "exercise__name_nb" exports the exercise (as its name).
            exported.add(source.split("__")[0].removesuffix("_id"))
        fields = {f.name for f in table.model._meta.concrete_fields}
        missing = fields - exported - NOT_EXPORTED[table.model.__name__]
        assert not missing, f"{name}.csv leaves out {sorted(missing)}"


def test_it_asks_for_the_password_again_before_a_download(client_for, patient_a):
    client = client_for(patient_a)
    for name in ("sessions_log:export_csv", "sessions_log:export_json"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))

    response = client.post(
        response["Location"], {"password": factories.TEST_PASSWORD}, follow=False
    )
    assert response["Location"] == reverse("sessions_log:export_json")
    assert client.get(reverse("sessions_log:export_json")).status_code == 200


def test_it_does_not_download_with_a_wrong_password(client_for, patient_a):
    client = client_for(patient_a)
    response = client.post(reverse("account_reauthenticate"), {"password": "wrong-password-1"})
    assert response.status_code == 200
    assert client.get(reverse("sessions_log:export_csv")).status_code == 302


def test_it_keeps_account_status_changes_in_the_export(client_for, patient_a, staff_a):
    AccountStatusChange.objects.create(user=patient_a.user, active=True, reason="", by=staff_a)
    rows = csv_rows(download(client_for, patient_a), "account_status.csv")
    assert rows[0]["by"] == staff_a.get_full_name()
