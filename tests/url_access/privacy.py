from tests.url_access import Route, only

PATIENTS = {"patient_a": 200, "patient_b": 200}

ROUTES = {
    "sessions_log:my_data": Route(shows_patient_data=False, expect=only(PATIENTS)),
    # Downloading everything asks for the password again first (allauth's re-authentication).
    "sessions_log:export_json": Route(
        shows_patient_data=False, expect=only({"patient_a": 302, "patient_b": 302})
    ),
    "sessions_log:export_csv": Route(
        shows_patient_data=False, expect=only({"patient_a": 302, "patient_b": 302})
    ),
}
