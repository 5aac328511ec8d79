from tests.url_access import Route, only

PATIENTS = {"patient_a": 200, "patient_b": 200}


def _check_in_of_a(cast):
    from tests.factories import CheckInFactory

    return {"pk": CheckInFactory(patient=cast.patient_a).pk}


def _session_of_a(cast):
    from tests.factories import WorkoutSessionFactory

    return {"pk": WorkoutSessionFactory(patient=cast.patient_a).pk}


ROUTES = {
    "sessions_log:check_in": Route(shows_patient_data=False, expect=only(PATIENTS)),
    "sessions_log:log_workout": Route(shows_patient_data=False, expect=only(PATIENTS)),
    "sessions_log:history": Route(shows_patient_data=False, expect=only(PATIENTS)),
    # Only the patient's own check-ins and sessions; everyone else gets a 404.
    "sessions_log:check_in_result": Route(
        shows_patient_data=False, kwargs=_check_in_of_a, expect=only({"patient_a": 200})
    ),
    "sessions_log:workout_result": Route(
        shows_patient_data=False, kwargs=_session_of_a, expect=only({"patient_a": 200})
    ),
}
