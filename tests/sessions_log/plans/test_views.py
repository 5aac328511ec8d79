"""Training-plan pages: the library and a centre's own exercises, templates, the
physiotherapist building and changing a patient's plan, versions, and the patient's week and
exercise pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pusterom.models import AuditEvent
from sessions_log.models import Exercise, PlannedExercise, Programme, ProgrammeTemplate
from sessions_log.plans.programmes import services
from tests.factories import RestrictionFactory
from tests.sessions_log.plans.helpers import centre_exercise, load_library, make_plan

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lib(db):
    return load_library()


def html(response) -> str:
    return response.content.decode()


def post_from_page(editor, **changes) -> dict:
    """The editor's form as a browser sends it back unchanged, with ``changes`` applied."""
    data = {}
    for form in [editor.head, *editor.sessions.forms]:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
        rows = getattr(form, "rows", None)
        if rows is not None:
            for row in rows.forms:
                for name in row.fields:
                    value = row[name].value()
                    if value is not None and value is not False and value != "":
                        data[row.add_prefix(name)] = value
            data.update(_management(rows))
    data.update(_management(editor.sessions))
    data.update(changes)
    return data


def _management(formset) -> dict:
    form = formset.management_form
    return {form.add_prefix(name): form[name].value() for name in form.fields}


# The library -------------------------------------------------------------------------------


def test_the_library_lists_the_shared_and_the_centres_own_exercises(cast, client_for, lib):
    own = centre_exercise(cast.centre_a, cast.physio_a, name_nb="Senterets trapp")
    other = centre_exercise(cast.centre_b, cast.physio_b, name_nb="Bergens bakke")
    page = html(client_for(cast.staff_a).get(reverse("sessions_log:exercise_library")))
    assert "Gåtur" in page and "Senterets trapp" in page
    assert "Bergens bakke" not in page
    assert f"{len(lib) + 1} øvelser" in page
    balance = html(
        client_for(cast.physio_a).get(reverse("sessions_log:exercise_library") + "?type=balance")
    )
    assert "Stå på ett ben" in balance and "Gåtur" not in balance
    assert (
        client_for(cast.physio_a)
        .get(reverse("sessions_log:exercise_detail", args=[other.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(cast.physio_a)
        .get(reverse("sessions_log:exercise_detail", args=[own.pk]))
        .status_code
        == 200
    )


def test_the_library_costs_the_same_queries_for_1_and_100_own_exercises(cast, client_for, lib):
    client = client_for(cast.physio_a)
    url = reverse("sessions_log:exercise_library")
    centre_exercise(cast.centre_a, cast.physio_a)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    Exercise.objects.bulk_create(
        Exercise(
            centre=cast.centre_a,
            slug=f"own-{n}",
            type="strength",
            name_nb=f"Egen {n}",
            steps_nb="a\nb\nc",
            sets=2,
            reps=10,
            borg_min=11,
            borg_max=13,
            variant=lib["walk"],
        )
        for n in range(99)
    )
    with CaptureQueriesContext(connection) as hundred:
        response = client.get(url)
    assert "Egen 98" in html(response)
    assert len(hundred) == len(one)


def test_the_shared_exercise_page_shows_what_can_exclude_it(cast, client_for, lib):
    page = html(
        client_for(cast.physio_a).get(
            reverse("sessions_log:exercise_detail", args=[lib["woodchop"].pk])
        )
    )
    assert "Vridning av ryggen med belastning" in page
    assert "Skjelettmetastase i ryggen" in page
    assert "Endre øvelsen" not in page  # the shared library is not edited here
    assert (
        client_for(cast.physio_a)
        .get(reverse("sessions_log:exercise_edit", args=[lib["woodchop"].pk]))
        .status_code
        == 404
    )


EXERCISE = {
    "name_nb": "Ballkast mot vegg",
    "name_en": "",
    "type": "strength",
    "steps_nb": "Stå foran veggen\nKast ballen\nTa imot",
    "sets": "3",
    "amount": "12",
    "unit": "reps",
    "borg_min": "11",
    "borg_max": "13",
    "equipment": ["wall"],
    "loads": ["shoulder_left", "shoulder_right"],
    "flags": ["overhead_load"],
}


def test_a_physio_adds_an_exercise_for_the_centre(cast, client_for, lib):
    data = EXERCISE | {"variant": str(lib["wall-push-up"].pk)}
    response = client_for(cast.physio_a).post(reverse("sessions_log:exercise_create"), data)
    exercise = Exercise.objects.get(centre=cast.centre_a)
    assert response["Location"] == reverse("sessions_log:exercise_detail", args=[exercise.pk])
    assert exercise.slug == "ballkast-mot-vegg"
    assert exercise.created_by == cast.physio_a
    assert (exercise.sets, exercise.reps, exercise.minutes) == (3, 12, None)
    assert exercise.tags == ["load:shoulder_left", "load:shoulder_right", "overhead_load"]
    assert exercise.variant == lib["wall-push-up"]
    assert exercise.steps == ["Stå foran veggen", "Kast ballen", "Ta imot"]


def test_the_exercise_form_explains_errors_next_to_the_fields(cast, client_for, lib):
    data = EXERCISE | {"steps_nb": "Bare ett steg", "borg_min": "14", "amount": ""}
    response = client_for(cast.physio_a).post(reverse("sessions_log:exercise_create"), data)
    page = html(response)
    assert response.status_code == 200
    assert "Skriv 3 til 6 steg, ett per linje." in page
    assert "Høyeste anstrengelse må være minst like høy som laveste." in page
    assert "Skriv hvor mange, for eksempel 10." in page
    assert "Ballkast mot vegg" in page  # the form keeps what was typed
    assert not Exercise.objects.filter(centre=cast.centre_a).exists()


def test_a_physio_of_another_centre_cannot_change_the_exercise(cast, client_for, lib):
    own = centre_exercise(cast.centre_a, cast.physio_a)
    response = client_for(cast.physio_b).post(
        reverse("sessions_log:exercise_edit", args=[own.pk]), EXERCISE
    )
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.name_nb == "Trappeløp på senteret"


# Templates ---------------------------------------------------------------------------------


def test_staff_add_the_starter_templates_once(cast, client_for, lib):
    client = client_for(cast.staff_a)
    url = reverse("sessions_log:plan_templates")
    assert "Legg til startmalene" in html(client.get(url))
    client.post(reverse("sessions_log:plan_template_starters"))
    client.post(reverse("sessions_log:plan_template_starters"))
    assert ProgrammeTemplate.objects.filter(centre=cast.centre_a).count() == 4
    page = html(client.get(url))
    assert "Etter brystoperasjon" in page and "Legg til startmalene" not in page
    assert not ProgrammeTemplate.objects.filter(centre=cast.centre_b).exists()


def test_a_template_is_saved_from_the_editor_and_more_rows_saves_nothing(cast, client_for, lib):
    client = client_for(cast.physio_a)
    url = reverse("sessions_log:plan_template_create")
    editor = client.get(url).context["editor"]
    data = post_from_page(
        editor,
        name="Prostata – styrke",
        **{
            "sessions-0-weekdays": ["1", "4"],
            "sessions-0-kind": "strength",
            "sessions-0-setting": "group",
            "sessions-0-minutes": "40",
            "sessions-0-borg_min": "12",
            "sessions-0-borg_max": "14",
            "sessions-0-exercises-0-exercise": str(lib["squat"].pk),
        },
    )
    more = client.post(url, data | {"more": "1"})
    assert more.status_code == 200
    assert not ProgrammeTemplate.objects.exists()
    grown = more.context["editor"]
    assert len(grown.sessions.forms) == 2  # the filled session and a new blank one
    assert "Prostata – styrke" in html(more)

    response = client.post(url, data)
    assert response.status_code == 302
    template = ProgrammeTemplate.objects.get()
    session = template.sessions.get()
    assert (session.weekdays, session.kind, session.minutes) == ("14", "strength", 40)
    item = session.exercises.get()
    # No dose given: the library's.
    assert (item.exercise, item.sets, item.reps) == (lib["squat"], 3, 10)


# The physiotherapist's plan ------------------------------------------------------------------


@pytest.fixture
def spine(cast):
    return RestrictionFactory(
        patient=cast.patient_a, kind="bone_metastasis", body_area="lower_back", max_rpe=None
    )


@pytest.fixture
def build_up(cast, lib):
    services.ensure_starter_templates(centre=cast.centre_a)
    return ProgrammeTemplate.objects.get(
        centre=cast.centre_a, starter_key="after-treatment-build-up"
    )


def test_a_plan_from_a_template_replaces_the_spine_loading_exercises(
    cast, client_for, lib, spine, build_up
):
    client = client_for(cast.physio_a)
    url = reverse("sessions_log:plan_edit", args=[cast.patient_a.pk])
    response = client.get(url + f"?template={build_up.pk}")
    page = html(response)
    assert "Endret på grunn av pasientens begrensninger" in page
    assert "Økt 1: Romaskin er byttet med Ergometersykkel." in page
    assert "Økt 2: Vedhogger med strikk er byttet med Antirotasjonspress med strikk." in page
    assert "Økt 2: Markløft med kettlebell er byttet med Seteløft." in page
    assert "Økt 2: Skulderpress med manualer er byttet med Brystpress med strikk, sittende." in page

    response = client.post(url, post_from_page(response.context["editor"]))
    assert response["Location"] == reverse("sessions_log:plan_detail", args=[cast.patient_a.pk])
    programme = Programme.objects.get()
    assert (programme.version, programme.created_by, programme.template) == (
        1,
        cast.physio_a,
        build_up,
    )
    slugs = set(
        PlannedExercise.objects.filter(session__programme=programme).values_list(
            "exercise__slug", flat=True
        )
    )
    assert {"exercise-bike", "pallof-press", "bridge", "band-chest-press"} <= slugs
    assert not slugs & {"rowing-machine", "woodchop", "kettlebell-deadlift", "overhead-press"}
    # The rowing machine became the bike next to the bike: one ride of 15 + 15 minutes.
    endurance = programme.sessions.get(order=0).exercises.get()
    assert (endurance.exercise.slug, endurance.minutes) == ("exercise-bike", 30)
    assert (
        AuditEvent.objects.filter(
            actor=cast.physio_a,
            patient=cast.patient_a.user,
            object_type="training_plan",
            action="change",
        ).count()
        == 1
    )


def test_an_excluded_exercise_cannot_be_added(cast, client_for, lib, spine):
    client = client_for(cast.physio_a)
    url = reverse("sessions_log:plan_edit", args=[cast.patient_a.pk])
    editor = client.get(url + "?start=blank").context["editor"]
    data = post_from_page(
        editor,
        **{
            "sessions-0-weekdays": ["2"],
            "sessions-0-kind": "strength",
            "sessions-0-setting": "centre",
            "sessions-0-minutes": "30",
            "sessions-0-borg_min": "11",
            "sessions-0-borg_max": "13",
            "sessions-0-exercises-0-exercise": str(lib["woodchop"].pk),
        },
    )
    response = client.post(url, data)
    page = html(response)
    assert response.status_code == 200
    assert "Vedhogger med strikk passer ikke med pasientens begrensninger" in page
    assert "Velg Antirotasjonspress med strikk eller en annen øvelse." in page
    assert 'href="#id_sessions-0-exercises-0-exercise"' in page  # the summary links to it
    assert not Programme.objects.exists()
    # In the list, it is marked and cannot be chosen.
    blank = html(client.get(url + "?start=blank"))
    assert "Vedhogger med strikk – passer ikke</option>" in blank
    assert f'value="{lib["woodchop"].pk}" disabled' in blank


def test_the_editor_explains_missing_session_fields(cast, client_for, lib):
    client = client_for(cast.physio_a)
    url = reverse("sessions_log:plan_edit", args=[cast.patient_a.pk])
    editor = client.get(url + "?start=blank").context["editor"]
    data = post_from_page(
        editor,
        **{"sessions-0-kind": "endurance", "sessions-0-exercises-0-exercise": str(lib["walk"].pk)},
    )
    page = html(client.post(url, data))
    assert "Velg minst én dag." in page
    assert "Skriv hvor mange minutter, for eksempel 30." in page
    assert "Velg hvor økten er." in page
    assert not Programme.objects.exists()
    # An empty plan is not a plan.
    page = html(client.post(url, post_from_page(editor)))
    assert "Legg til minst én økt i planen." in page


def test_a_double_submit_makes_one_version(cast, client_for, lib, build_up):
    client = client_for(cast.physio_a)
    url = reverse("sessions_log:plan_edit", args=[cast.patient_a.pk])
    data = post_from_page(client.get(url + f"?template={build_up.pk}").context["editor"])
    first = client.post(url, data)
    second = client.post(url, data)
    assert Programme.objects.count() == 1
    assert first["Location"] == second["Location"]
    follow = client.get(second["Location"])
    assert "Versjon 1, lagret av" in html(follow)


def test_changing_the_plan_makes_a_new_version_with_its_history(cast, client_for, lib):
    make_plan(cast.patient_a, cast.physio_a)
    client = client_for(cast.physio_a)
    url = reverse("sessions_log:plan_edit", args=[cast.patient_a.pk])
    editor = client.get(url).context["editor"]
    data = post_from_page(
        editor,
        **{"sessions-0-minutes": "40", "sessions-1-exercises-1-remove": "on", "note": "Mer nå."},
    )
    assert client.post(url, data).status_code == 302
    assert list(Programme.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
    history = html(client.get(reverse("sessions_log:plan_history", args=[cast.patient_a.pk])))
    assert "Økt 1 (Utholdenhet): 30 → 40 minutter." in history
    assert "Økt 2 (Styrke): Roing med strikk fjernet." in history
    assert "Beskjeden til pasienten er endret." in history
    assert "Første versjon." in history

    # Sending the same (now old) form again changes nothing.
    page = html(client.post(url, data | {"sessions-0-minutes": "45"}))
    assert "Planen ble endret av noen andre mens du redigerte den." in page
    assert Programme.objects.count() == 2


def test_reading_the_plan_is_audited(cast, client_for, lib):
    make_plan(cast.patient_a, cast.physio_a)
    client = client_for(cast.physio_a)
    for name in ("plan_detail", "plan_history", "plan_edit", "plan_start"):
        assert (
            client.get(reverse(f"sessions_log:{name}", args=[cast.patient_a.pk])).status_code == 200
        )
    events = AuditEvent.objects.filter(
        actor=cast.physio_a, patient=cast.patient_a.user, object_type="training_plan", action="view"
    )
    # Repeated reads of one patient by one reader within the audit window are one row.
    assert events.count() == 1


def test_the_plan_page_marks_what_a_restriction_leaves_out(cast, client_for, lib):
    make_plan(cast.patient_a, cast.physio_a)
    RestrictionFactory(
        patient=cast.patient_a,
        kind="after_surgery",
        body_area="shoulder_left",
        max_rpe=None,
        ends_on=dt.date(2026, 4, 30),
    )
    page = html(
        client_for(cast.physio_a).get(reverse("sessions_log:plan_detail", args=[cast.patient_a.pk]))
    )
    assert "<s>Roing med strikk</s>" in page
    assert "Etter operasjon i skulder eller arm" in page


def test_the_patient_page_links_to_the_plan(cast, client_for, lib):
    page = html(
        client_for(cast.physio_a).get(
            reverse("sessions_log:patient_page", args=[cast.patient_a.pk])
        )
    )
    assert reverse("sessions_log:plan_detail", args=[cast.patient_a.pk]) in page
    empty = html(
        client_for(cast.physio_a).get(reverse("sessions_log:plan_detail", args=[cast.patient_a.pk]))
    )
    assert "Det er ingen treningsplan ennå." in empty
    assert reverse("sessions_log:plan_start", args=[cast.patient_a.pk]) in empty


# The patient ----------------------------------------------------------------------------------


def test_my_plan_shows_the_week_with_supported_balance_for_neuropathy(cast, client_for, lib):
    make_plan(cast.patient_a, cast.physio_a, note="Start rolig, og kjenn etter.")
    RestrictionFactory(patient=cast.patient_a, kind="neuropathy", max_rpe=None)
    page = html(client_for(cast.patient_a).get(reverse("patients:my_plan")))
    assert "Treningsplanen din" in page
    assert "Start rolig, og kjenn etter." in page
    assert "Utholdenhet: mandag, onsdag og fredag" in page
    assert "30 min, anstrengelse 11–13 på Borg-skalaen" in page
    assert "Stå på ett ben, med støtte" in page
    assert ">Stå på ett ben</a>" not in page
    assert reverse("sessions_log:my_exercise", args=[lib["sit-to-stand"].pk]) in page
    assert "css/plans.css" in page


def test_my_plan_without_a_plan_says_who_makes_it(cast, client_for, lib):
    page = html(client_for(cast.patient_b).get(reverse("patients:my_plan")))
    assert "Fysioterapeuten din lager treningsplanen sammen med deg" in page


def test_the_exercise_page_shows_the_steps_and_my_dose(cast, client_for, lib):
    make_plan(cast.patient_a, cast.physio_a)
    page = html(
        client_for(cast.patient_a).get(
            reverse("sessions_log:my_exercise", args=[lib["sit-to-stand"].pk])
        )
    )
    assert "Reise seg fra stol" in page
    assert "Kryss armene over brystet." in page
    assert "I planen din: 3 × 10" in page
    assert reverse("sessions_log:my_exercise", args=[lib["sit-to-stand-supported"].pk]) in page
    other = centre_exercise(cast.centre_b)
    assert (
        client_for(cast.patient_a)
        .get(reverse("sessions_log:my_exercise", args=[other.pk]))
        .status_code
        == 404
    )


def test_the_version_history_costs_the_same_queries_for_1_and_10_versions(cast, client_for, lib):
    client = client_for(cast.physio_a)
    url = reverse("sessions_log:plan_history", args=[cast.patient_a.pk])
    make_plan(cast.patient_a, cast.physio_a, note="v1")
    client.get(url)  # the first request of a session reads a little more
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(2, 11):
        make_plan(cast.patient_a, cast.physio_a, note=f"v{n}")
    with CaptureQueriesContext(connection) as ten:
        page = html(client.get(url))
    assert "Versjon 10" in page and "Versjon 1<" in page
    assert _data_queries(ten) == _data_queries(one)


def _data_queries(captured) -> int:
    """Queries for the page's data (the session middleware may save the session or not)."""
    return sum(
        1
        for q in captured.captured_queries
        if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    )
