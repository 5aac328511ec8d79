"""Access rules for the page that explains the check-in advice (physiotherapists and staff)."""

from tests.url_access import Route, only

CLINICIANS = {"physio_a": 200, "physio_b": 200, "staff_a": 200, "staff_b": 200}

ROUTES = {
    "sessions_log:guidance_rules": Route(shows_patient_data=False, expect=only(CLINICIANS)),
}
