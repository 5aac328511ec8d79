"""Training plans: the library and templates (clinicians of the centre), a patient's plan
(physiotherapists of the patient's centre) and exercise pages (patients of the centre)."""

from tests.url_access import Route, only

CLINICIANS = {"physio_a": 200, "physio_b": 200, "staff_a": 200, "staff_b": 200}
PHYSIOS = {"physio_a": 200, "physio_b": 200}


def _library(cast):
    """No arguments; the shipped library is loaded again in case a transactional test
    emptied the tables, so the browser test of every page sees it as after migrate."""
    from tests.sessions_log.plans.helpers import load_library

    load_library()
    return {}


def _exercise_of_a(cast):
    from tests.sessions_log.plans.helpers import centre_exercise

    _library(cast)
    return {"pk": centre_exercise(cast.centre_a, cast.physio_a).pk}


def _template_of_a(cast):
    from sessions_log.plans.programmes.services import ensure_starter_templates
    from tests.sessions_log.plans.helpers import load_library

    load_library()
    ensure_starter_templates(centre=cast.centre_a)
    return {"pk": cast.centre_a.plan_templates.order_by("pk").first().pk}


def _templates(cast):
    _template_of_a(cast)
    return {}


def _patient_a(cast):
    _template_of_a(cast)
    return {"pk": cast.patient_a.pk}


def _planned_session_of_a_today(cast):
    """A session of patient_a's plan that is planned every day, and a green check-in today,
    so "I did today's session" opens its effort page."""
    from sessions_log.plans.programmes.services import save_programme
    from tests.factories import CheckInFactory
    from tests.sessions_log.plans.helpers import load_library, session_input

    lib = load_library()
    every_day = session_input(
        "strength", "1234567", 20, (11, 13), [(lib["sit-to-stand"], 2, 10, None, None)]
    )
    programme, _created = save_programme(
        patient=cast.patient_a, author=cast.physio_a, base_version=0, note="", sessions=[every_day]
    )
    CheckInFactory(patient=cast.patient_a)
    return {"pk": programme.sessions.get().pk, "how": "done"}


def _patient_a_with_plan(cast):
    """Two weeks of the plan done well, so the plan page also shows a suggestion."""
    from tests.sessions_log.plans.helpers import two_good_weeks

    two_good_weeks(cast.patient_a, cast.physio_a)
    return {"pk": cast.patient_a.pk}


ROUTES = {
    "sessions_log:exercise_library": Route(
        shows_patient_data=False, kwargs=_library, expect=only(CLINICIANS)
    ),
    "sessions_log:exercise_create": Route(
        shows_patient_data=False, kwargs=_library, expect=only(PHYSIOS)
    ),
    # A centre's own exercise: its own centre only; only its physiotherapists change it.
    "sessions_log:exercise_detail": Route(
        shows_patient_data=False,
        kwargs=_exercise_of_a,
        expect=only({"physio_a": 200, "staff_a": 200}),
    ),
    "sessions_log:exercise_edit": Route(
        shows_patient_data=False, kwargs=_exercise_of_a, expect=only({"physio_a": 200})
    ),
    "sessions_log:plan_templates": Route(
        shows_patient_data=False, kwargs=_templates, expect=only(CLINICIANS)
    ),
    "sessions_log:plan_template_create": Route(
        shows_patient_data=False, kwargs=_library, expect=only(CLINICIANS)
    ),
    "sessions_log:plan_template_starters": Route(
        shows_patient_data=False, expect=only(dict.fromkeys(CLINICIANS, 405))
    ),
    "sessions_log:plan_template_edit": Route(
        shows_patient_data=False,
        kwargs=_template_of_a,
        expect=only({"physio_a": 200, "staff_a": 200}),
    ),
    # A patient's plan: the physiotherapists of the patient's centre.
    "sessions_log:plan_detail": Route(
        shows_patient_data=True, kwargs=_patient_a_with_plan, expect=only({"physio_a": 200})
    ),
    "sessions_log:plan_start": Route(
        shows_patient_data=True, kwargs=_patient_a, expect=only({"physio_a": 200})
    ),
    "sessions_log:plan_edit": Route(
        shows_patient_data=True, kwargs=_patient_a_with_plan, expect=only({"physio_a": 200})
    ),
    "sessions_log:plan_history": Route(
        shows_patient_data=True, kwargs=_patient_a_with_plan, expect=only({"physio_a": 200})
    ),
    # Accepting or dismissing a progression suggestion: POST only; other roles get a 404.
    "sessions_log:plan_suggestion_accept": Route(
        shows_patient_data=False,
        kwargs=_patient_a_with_plan,
        expect=only(dict.fromkeys(PHYSIOS, 405)),
    ),
    "sessions_log:plan_suggestion_dismiss": Route(
        shows_patient_data=False,
        kwargs=_patient_a_with_plan,
        expect=only(dict.fromkeys(PHYSIOS, 405)),
    ),
    # An exercise page: the patients of the centre whose exercise it is.
    "sessions_log:my_exercise": Route(
        shows_patient_data=False,
        kwargs=_exercise_of_a,
        expect=only({"patient_a": 200, "patient_b": 200}),
    ),
    # Logging today's planned session: the patient whose plan it is.
    "sessions_log:log_planned": Route(
        shows_patient_data=False,  # the patient's own plan
        kwargs=_planned_session_of_a_today,
        expect=only({"patient_a": 200}),
    ),
}
