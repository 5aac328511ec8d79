from tests.url_access import ROLES, Route, only


def _unsubscribe_token(cast) -> dict:
    from sessions_log.reminders.rendering import unsubscribe_token

    return {"token": unsubscribe_token(patient_id=cast.patient_a.pk, kind="checkin")}


ROUTES = {
    "sessions_log:reminder_settings": Route(
        shows_patient_data=False, expect=only({"patient_a": 200, "patient_b": 200})
    ),
    "sessions_log:weekly_summary": Route(
        shows_patient_data=False, expect=only({"patient_a": 200, "patient_b": 200})
    ),
    # The signed link is the credential: it works without login, for whoever holds it.
    "sessions_log:reminder_unsubscribe": Route(
        shows_patient_data=False, kwargs=_unsubscribe_token, expect=dict.fromkeys(ROLES, 200)
    ),
}
