from tests.url_access import Route, only

PATIENTS = {"patient_a": 200, "patient_b": 200}

ROUTES = {
    "sessions_log:my_data": Route(expect=only(PATIENTS)),
    "sessions_log:export_json": Route(expect=only(PATIENTS)),
    "sessions_log:export_csv": Route(expect=only(PATIENTS)),
}
