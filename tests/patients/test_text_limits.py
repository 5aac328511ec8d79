"""Limits you can see: every free text in patients and the core has a limit in the model, the
database and the form; the form states it next to the field; an over-long entry comes back
with a message and the text kept; nothing is cut."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from patients import models as pm
from patients.models import IntakeConversation, Referral, Restriction
from pusterom.models import ACCOUNT_REASON_LIMIT, AccountStatusChange
from tests import factories

LIMITS = [
    (Referral, "status_reason", pm.REFERRAL_REASON_LIMIT),
    (Referral, "notes", pm.REFERRAL_NOTES_LIMIT),
    (IntakeConversation, "goals", pm.INTAKE_GOALS_LIMIT),
    (IntakeConversation, "notes", pm.INTAKE_NOTES_LIMIT),
    (Restriction, "note", pm.RESTRICTION_NOTE_LIMIT),
    (pm.PriorInjury, "description", pm.PRIOR_INJURY_DESCRIPTION_LIMIT),
    (pm.ParticipationEndRequest, "message", pm.END_REQUEST_MESSAGE_LIMIT),
    (AccountStatusChange, "reason", ACCOUNT_REASON_LIMIT),
]


@pytest.mark.parametrize(
    ("model", "field", "limit"), LIMITS, ids=[f"{m.__name__}.{f}" for m, f, _ in LIMITS]
)
def test_it_gives_every_free_text_field_a_limit(model, field, limit):
    assert model._meta.get_field(field).max_length == limit


def test_it_has_no_free_text_field_without_a_limit():
    from django.apps import apps
    from django.db import models

    unlimited = [
        f"{model.__name__}.{f.name}"
        for app in ("patients", "pusterom")
        for model in apps.get_app_config(app).get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField) and f.max_length is None
    ]
    assert unlimited == []


def test_it_refuses_an_over_long_note_in_full_clean(patient_a, physio_a):
    restriction = factories.RestrictionFactory.build(
        patient=patient_a, set_by=physio_a, note="x" * (pm.RESTRICTION_NOTE_LIMIT + 1)
    )
    with pytest.raises(ValidationError) as error:
        restriction.full_clean()
    assert "note" in error.value.message_dict


def test_it_refuses_an_over_long_note_in_the_database(patient_a, physio_a):
    restriction = factories.RestrictionFactory(patient=patient_a, set_by=physio_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Restriction.objects.filter(pk=restriction.pk).update(note="x" * 501)


def test_it_states_the_limit_next_to_the_field_and_lets_the_browser_cut_nothing(
    client_for, physio_a, patient_a
):
    url = reverse("patients:restriction_create", args=[patient_a.pk])
    html = client_for(physio_a).get(url).content.decode()
    assert "Opptil 500 tegn." in html
    assert 'data-maxlength="500"' in html
    assert 'maxlength="500"' not in html.replace('data-maxlength="500"', "")
    assert 'aria-describedby="id_note_helptext id_note_limit"' in html
    assert 'data-count-for="id_note"' in html


def test_it_sends_an_over_long_note_back_with_a_message_and_the_text_kept(
    client_for, physio_a, patient_a
):
    note = ("Unngå tunge løft. " * 40).strip()  # 719 characters
    response = client_for(physio_a).post(
        reverse("patients:restriction_create", args=[patient_a.pk]),
        {"kind": "cardiotoxic", "max_rpe": 13, "starts_on": "2026-11-01", "note": note},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Teksten er for lang: høyst 500 tegn, og den har 719." in html
    assert note in html
    assert not Restriction.objects.filter(patient=patient_a).exists()


def test_it_saves_a_note_of_exactly_the_limit(client_for, physio_a, patient_a):
    response = client_for(physio_a).post(
        reverse("patients:restriction_create", args=[patient_a.pk]),
        {"kind": "cardiotoxic", "max_rpe": 13, "starts_on": "2026-11-01", "note": "x" * 500},
    )
    assert response.status_code == 302
    assert len(Restriction.objects.get(patient=patient_a).note) == 500


def test_it_shows_no_counter_for_a_code_but_does_not_cut_it_either(client_for, staff_a):
    html = client_for(staff_a).get(reverse("patients:referral_create")).content.decode()
    # The HPR number (up to 9 digits) has its own help text and no counter.
    assert 'data-count-for="id_doctor_hpr_number"' not in html
    assert 'maxlength="9"' not in html
    assert 'data-count-for="id_notes"' in html
