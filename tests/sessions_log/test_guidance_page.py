"""The physiotherapists' and staff's page "How the advice works", generated from the rules."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from sessions_log import guidance
from sessions_log.triage.guidance_page import SECTIONS, rule_sections


def test_it_shows_every_rule_once_with_its_level_urgency_and_sources(cast, client_for):
    html = client_for(cast.physio_a).get(reverse("sessions_log:guidance_rules")).content.decode()
    with translation.override("nb"):
        for rule in guidance.RULES:
            assert html.count(f'id="rule-{rule.code}"') == 1
            assert escape(str(rule.reason)) in html
        for source in guidance.SOURCES:
            # Named next to each rule, in full once at the end.
            assert html.count(f'id="source-{source.key}"') == 1
            assert html.count(escape(source.reference)) == 1
    assert "Smerte 7 eller mer" in html  # the threshold comes from the table
    assert "Ring 113" in html
    assert "Ring kreftavdelingens døgnåpne telefon nå" in html


def test_it_puts_every_rule_in_exactly_one_section():
    codes = [row.code for section in rule_sections() for row in section.rows]
    assert sorted(codes) == sorted(rule.code for rule in guidance.RULES)
    assert [(s.level, s.urgency) for s in rule_sections()] == list(SECTIONS)


def test_it_shows_the_numbers_patients_will_see_or_that_they_are_missing(cast, client_for):
    url = reverse("sessions_log:guidance_rules")
    html = client_for(cast.staff_a).get(url).content.decode()
    assert html.count("Ikke lagt inn ennå.") == 2
    cast.centre_a.phone, cast.centre_a.ward_phone = "+4722123456", "+4791506588"
    cast.centre_a.save()
    html = client_for(cast.staff_a).get(url).content.decode()
    assert "22 12 34 56" in html and "91 50 65 88" in html


def test_physios_and_staff_find_it_in_their_menu(cast, client_for):
    url = reverse("sessions_log:guidance_rules")
    for user in (cast.physio_a, cast.staff_a):
        home = client_for(user).get(reverse("patients:patient_list")).content.decode()
        assert f'href="{url}"' in home
    patient_home = client_for(cast.patient_a).get(reverse("sessions_log:home")).content.decode()
    assert f'href="{url}"' not in patient_home


def test_it_explains_the_flags_about_a_run_of_days(cast, client_for):
    html = client_for(cast.physio_a).get(reverse("sessions_log:guidance_rules")).content.decode()
    assert "Varselet «Gul eller rød 3 dager på rad»:" in html
    assert "Gul eller rød 3 dager på rad: ett varsel for hele perioden" in html
    assert (
        "Ingen innsjekk og ingen økt på 7 dager: varselet «Ingen aktivitet på 7 dager», "
        "én gang for hver stille periode." in html
    )
    # The fall and day-5 soreness are flags of their rule rows.
    assert html.count("Falt eller holdt på å falle") >= 2


def test_it_says_when_the_check_in_does_not_ask_where_it_hurts(cast, client_for):
    html = client_for(cast.physio_a).get(reverse("sessions_log:guidance_rules")).content.decode()
    assert "spør ikke innsjekkingen hvor det gjør vondt" in html
