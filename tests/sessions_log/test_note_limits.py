"""Limits you can see in the training log: workout notes (2,000 characters), recovery notes and
the physiotherapist's note to the patient (1,000 each) have their limit in the model, the
database and the form; the form states it with a counter; an over-long note comes back with
a message and the text kept; nothing is cut."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from pusterom.fields import LimitedTextField
from sessions_log.models import Flag, RecoveryReport, WorkoutSession
from tests import factories

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 3, 3, 14, 0, tzinfo=OSLO)
LIMITS = [
    (WorkoutSession, "notes", 2000),
    (RecoveryReport, "note", 1000),
    (Flag, "physio_note", 1000),
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def session(patient_a):
    started = NOW - dt.timedelta(hours=21)
    return factories.WorkoutSessionFactory(
        patient=patient_a, started_at=started, performed_on=started.date()
    )


@pytest.fixture
def flag(patient_a, session):
    return Flag.objects.create(patient=patient_a, session=session, kind=Flag.Kind.SLOW_RECOVERY)


@pytest.mark.parametrize(("model", "field", "limit"), LIMITS)
def test_each_note_has_its_limit_in_the_model(model, field, limit):
    model_field = model._meta.get_field(field)
    assert isinstance(model_field, LimitedTextField)
    assert model_field.max_length == limit


def test_no_free_text_in_the_training_log_is_without_a_limit():
    from django.apps import apps
    from django.db import models

    unlimited = [
        f"{model.__name__}.{f.name}"
        for model in apps.get_app_config("sessions_log").get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField) and not isinstance(f, LimitedTextField)
    ]
    assert unlimited == []


def test_the_database_refuses_over_long_notes(session, flag):
    report = RecoveryReport.objects.create(session=session, asked_for=NOW.date())
    for queryset, field, limit in [
        (WorkoutSession.objects.filter(pk=session.pk), "notes", 2000),
        (RecoveryReport.objects.filter(pk=report.pk), "note", 1000),
        (Flag.objects.filter(pk=flag.pk), "physio_note", 1000),
    ]:
        queryset.update(**{field: "x" * limit})  # at the limit: fine
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.update(**{field: "x" * (limit + 1)})


def test_full_clean_refuses_an_over_long_workout_note(session):
    session.notes = "x" * 2001
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "notes" in error.value.message_dict


def _workout(**changes):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "activity": "walk",
        "setting": "self",
        "duration_pick": "20",
        "rpe": "11",
        "performed_on": NOW.date().isoformat(),
    }
    data.update(changes)
    return data


def _pages(session, flag):
    """(who, url, a valid post without the note, the note field, its limit)"""
    return [
        ("patient", reverse("sessions_log:log_workout"), _workout(), "notes", 2000),
        (
            "patient",
            reverse("sessions_log:recovery_answer", args=[session.pk]),
            {"recovered": "no", "managed_chores": "no", "soreness": "some"},
            "note",
            1000,
        ),
        ("physio", reverse("sessions_log:flag_acknowledge", args=[flag.pk]), {}, "note", 1000),
    ]


def test_each_form_states_the_limit_with_a_counter(client_for, patient_a, physio_a, session, flag):
    for who, url, _data, field, limit in _pages(session, flag):
        client = client_for(patient_a if who == "patient" else physio_a)
        html = client.get(url).content.decode()
        assert f"Opptil {limit:,} tegn.".replace(",", "\xa0") in html or (
            f"Opptil {limit} tegn." in html
        ), url
        assert f'data-maxlength="{limit}"' in html, url
        assert f'data-count-for="id_{field}"' in html, url
        assert f'maxlength="{limit}"' not in html.replace(f'data-maxlength="{limit}"', ""), url


def test_an_over_long_note_comes_back_with_the_text_kept_and_nothing_saved(
    client_for, patient_a, physio_a, session, flag
):
    before = (WorkoutSession.objects.count(), RecoveryReport.objects.count())
    for who, url, data, field, limit in _pages(session, flag):
        client = client_for(patient_a if who == "patient" else physio_a)
        note = ("Øm i knærne. " * 200)[:limit] + "slutt"  # 5 too many
        response = client.post(url, {**data, field: note})

        html = response.content.decode()
        assert response.status_code == 200, url
        assert "Teksten er for lang" in html, url
        assert note in html, url
    assert (WorkoutSession.objects.count(), RecoveryReport.objects.count()) == before
    flag.refresh_from_db()
    assert flag.acknowledged_at is None
