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


# The header row of every file of the export, in order (space-separated): a column that
# is added, dropped, renamed or moved shows here first.
HEADERS = {
    "profile.csv": (
        "email first_name last_name language account_active centre assigned_physio birth_date "
        "treatment_phase has_central_line phone reminder_time reminder_days reminders_enabled "
        "email_opt_in sms_opt_in remind_checkin remind_recovery remind_inactivity remind_weekly "
        "privacy_accepted_at last_activity_at plan_adherence plan_adherence_at created_at"
    ),
    "referral.csv": (
        "id received_on status status_reason first_name last_name birth_date email phone "
        "referring_doctor doctor_hpr_number referring_unit diagnosis_code diagnosis_text "
        "treatment_phase notes registered_by created_at updated_at"
    ),
    "invitations.csv": "created_at sent_at expires_at accepted_at revoked_at",
    "intake_conversations.csv": "id held_on physio activity_background goals notes created_at",
    "restrictions.csv": (
        "id kind body_area max_rpe max_heart_rate starts_on ends_on note set_by created_at "
        "updated_at"
    ),
    "prior_injuries.csv": "id body_area description since_year created_at",
    "check_ins.csv": (
        "id date sleep energy nausea dizziness pain pain_area fever_38 chest_symptoms breathless "
        "chills fainted confusion back_pain_weakness bleeding swelling_one_side fluids line_site "
        "fell sore_from_last level urgency reasons created_at updated_at"
    ),
    "sessions.csv": (
        "id check_in_id performed_on started_at duration_min activity setting rpe avg_hr max_hr "
        "notes flare_injury_id recovery_days planned_session_id plan_followed created_at"
    ),
    "programmes.csv": "id version note template created_by created_at",
    "planned_sessions.csv": (
        "id programme_id order weekdays kind minutes borg_min borg_max setting note"
    ),
    "planned_exercises.csv": "id session_id order exercise exercise_en sets reps seconds minutes",
    "recovery_reports.csv": (
        "id session_id asked_for answered_at recovered managed_chores soreness note created_at"
    ),
    "flags.csv": (
        "id kind session_id check_in_id created_at acknowledged_at acknowledged_by physio_note "
        "note_seen_at"
    ),
    "reminders.csv": "kind for_date channel created_at claimed_at sent_at attempts error",
    "plan_suggestions.csv": "version code decision new_version decided_by decided_at",
    "end_requests.csv": "requested_at message withdrawn_at handled_at handled_by",
    "account_status.csv": "at active reason by",
    "who_has_seen_my_data.csv": "at who action what",
}


def test_it_writes_the_same_header_row_in_every_file(client_for, patient_a, history):
    archive = download(client_for, patient_a)
    csv_files = sorted(n for n in archive.namelist() if n.endswith(".csv"))
    assert csv_files == sorted(HEADERS)
    for name, columns in HEADERS.items():
        header = archive.read(name).decode("utf-8-sig").splitlines()[0]
        assert next(csv.reader([header])) == columns.split(), name


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
