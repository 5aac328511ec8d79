from tests.url_access import Route, only

ROUTES = {
    "home": Route(
        shows_patient_data=False,
        expect=only(
            dict.fromkeys(
                ("patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b"), 302
            )
        ),
    ),
    # Open to all, like a load balancer's check. /health/ is 503 here because no worker or
    # beat runs in the test (tests/pusterom/test_health.py covers its answers).
    "health_live": Route(
        shows_patient_data=False,
        expect=dict.fromkeys(
            ("anonymous", "patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b"),
            200,
        ),
    ),
    "health": Route(
        shows_patient_data=False,
        expect=dict.fromkeys(
            ("anonymous", "patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b"),
            503,
        ),
    ),
    "set_language": Route(
        shows_patient_data=False,
        expect=dict.fromkeys(
            ("anonymous", "patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b"),
            405,
        ),
    ),
    "sessions_log:home": Route(
        shows_patient_data=False, expect=only({"patient_a": 200, "patient_b": 200})
    ),
}

ROUTES["account"] = Route(
    shows_patient_data=False,
    expect=only(
        dict.fromkeys(("patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b"), 200)
    ),
)
