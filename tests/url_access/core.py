from tests.url_access import Route, only

ROUTES = {
    "home": Route(
        expect=only(
            dict.fromkeys(
                ("patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b"), 302
            )
        )
    ),
    "health": Route(
        expect=dict.fromkeys(
            ("anonymous", "patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b"),
            200,
        )
    ),
    "set_language": Route(
        expect=dict.fromkeys(
            ("anonymous", "patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b"),
            405,
        )
    ),
    "sessions_log:home": Route(expect=only({"patient_a": 200, "patient_b": 200})),
}

ROUTES["account"] = Route(
    expect=only(
        dict.fromkeys(("patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b"), 200)
    )
)
