"""Restrictions in plain words for the patient, and the patient's own plan page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from patients.models import Restriction
from patients.selectors import active_restrictions, restriction_sentence
from tests.factories import PriorInjuryFactory, RestrictionFactory

TODAY = dt.date(2026, 3, 10)


def sentence(lang="en", **fields):
    restriction = Restriction(starts_on=dt.date(2026, 3, 1), **fields)
    with translation.override(lang):
        return restriction_sentence(restriction, today=TODAY)


@pytest.mark.parametrize(
    ("fields", "english", "bokmal"),
    [
        (
            {"kind": "after_surgery", "body_area": "arm_left", "ends_on": dt.date(2026, 3, 12)},
            "Until March 12: no heavy lifting or strain on your left arm.",
            "Fram til 12. mars: ingen tunge løft eller belastning på venstre arm.",
        ),
        (
            {"kind": "cardiotoxic", "max_rpe": 13},
            "Keep your effort at or below 13 on the Borg scale.",
            "Hold anstrengelsen på 13 eller lavere på Borg-skalaen.",
        ),
        (
            {"kind": "cardiotoxic", "max_rpe": 13, "max_heart_rate": 140},
            "Keep your effort at or below 13 on the Borg scale and keep your heart rate at or "
            "below 140 beats a minute.",
            "Hold anstrengelsen på 13 eller lavere på Borg-skalaen og hold pulsen på 140 slag i "
            "minuttet eller lavere.",
        ),
        (
            {"kind": "bone_metastasis", "body_area": "lower_back"},
            "Avoid jumping, bumps and heavy loads on your lower back.",
            "Unngå hopp, støt og tung belastning på korsrygg.",
        ),
        (
            {"kind": "neuropathy", "ends_on": dt.date(2027, 1, 5)},
            "Until Jan. 5, 2027: choose exercises where you can sit or hold on, to keep your "
            "balance.",
            "Fram til 5. januar 2027: velg øvelser der du kan sitte eller holde deg fast, så du "
            "holder balansen.",
        ),
        (
            {"kind": "other"},
            "Follow the advice from your physiotherapist.",
            "Følg rådene fra fysioterapeuten din.",
        ),
    ],
)
def test_it_says_each_restriction_in_plain_words(fields, english, bokmal):
    assert sentence("en", **fields) == english
    nb = sentence("nb", **fields)
    # The body area's Bokmål name comes from the model's catalogue entry.
    if fields.get("body_area") == "lower_back":
        assert nb.startswith("Unngå hopp, støt og tung belastning på ")
    else:
        assert nb == bokmal


def test_it_lists_only_the_restrictions_in_force_on_the_day(cast):
    patient = cast.patient_a
    ongoing = RestrictionFactory(
        patient=patient, set_by=cast.physio_a, starts_on=dt.date(2026, 1, 1)
    )
    ends_today = RestrictionFactory(
        patient=patient, set_by=cast.physio_a, starts_on=dt.date(2026, 1, 1), ends_on=TODAY
    )
    RestrictionFactory(
        patient=patient,
        set_by=cast.physio_a,
        starts_on=dt.date(2026, 1, 1),
        ends_on=TODAY - dt.timedelta(days=1),
    )
    RestrictionFactory(
        patient=patient, set_by=cast.physio_a, starts_on=TODAY + dt.timedelta(days=1)
    )
    RestrictionFactory(patient=cast.patient_b, set_by=cast.physio_a, starts_on=dt.date(2026, 1, 1))

    found = active_restrictions(patient=patient, day=TODAY)

    assert [r.pk for r in found] == [ongoing.pk, ends_today.pk]
    assert all(r.sentence for r in found)


def test_my_plan_shows_restrictions_injuries_physio_and_centre(cast, client_for):
    RestrictionFactory(
        patient=cast.patient_a,
        set_by=cast.physio_a,
        kind="after_surgery",
        body_area="arm_left",
        max_rpe=None,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 12),
        note="Bruk den andre armen til handleposene.",
    )
    PriorInjuryFactory(patient=cast.patient_a, description="Gammel menisskade")
    RestrictionFactory(patient=cast.patient_b, set_by=cast.physio_a, max_rpe=11)

    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)):
        html = client_for(cast.patient_a).get(reverse("patients:my_plan")).content.decode()

    assert "Fram til 12. mars: ingen tunge løft eller belastning på venstre arm." in html
    assert "Bruk den andre armen til handleposene." in html
    assert "Gammel menisskade" in html
    assert "det er som regel ikke kreften" in html
    assert cast.physio_a.get_full_name() in html
    assert "Pusterom Oslo" in html
    # Patient B's restriction is not here.
    assert "11 eller lavere" not in html


def test_my_plan_is_calm_when_there_is_nothing_to_take_care_with(cast, client_for):
    html = client_for(cast.patient_b).get(reverse("patients:my_plan")).content.decode()
    assert "Du har ingen spesielle hensyn å ta nå." in html
    assert "Ingen gamle skader er registrert." in html


def test_the_partial_renders_for_the_home_page(cast):
    from django.template.loader import render_to_string

    RestrictionFactory(patient=cast.patient_a, set_by=cast.physio_a, max_rpe=13)
    restrictions = active_restrictions(patient=cast.patient_a, day=cast.patient_a.local_today())
    with translation.override("nb"):
        html = render_to_string("patients/_my_restrictions.html", {"restrictions": restrictions})
        empty = render_to_string("patients/_my_restrictions.html", {"restrictions": []})
    assert "Hold anstrengelsen på 13 eller lavere på Borg-skalaen." in html
    assert empty.strip() == ""
