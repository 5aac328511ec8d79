""" "Dagens økt" on a phone over three days: the patient checks in green and sees the full
session, logs it with one tap plus the effort; checks in amber the next day and sees the
lighter version; checks in red the day after and sees no exercise.

The days are real days in a row: the clock moves forward (time-machine) in the test and the
live server alike, so "today" is the next day for the app too.

The tap count (UI.md: an ordinary day's check-in plus logging today's planned session in at
most 6 taps, no typing) is measured here and printed: the check-in's taps, and the taps from
the home page to the saved session.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from sessions_log.models import WorkoutSession
from sessions_log.plans.programmes import services as plan_services
from tests.e2e.conftest import ARTIFACTS
from tests.sessions_log.plans.helpers import load_library, session_input

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
PDF_PAGE = re.compile(rb"/Type\s*/Page(?!s)")
PHONE_WIDTH = 390


class Taps:
    """Counts every tap the patient makes; typing would be counted separately (none here)."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        locator.click()
        self.count += 1


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def chip(page, question: str, answer: str):
    """The chip (label) of ``answer`` in the fieldset whose question is ``question``."""
    fieldset = page.locator("fieldset", has=page.locator("legend", has_text=question))
    return fieldset.locator("label.chip", has_text=answer).first


def check_in(
    page, tap, *, sleep="God", energy=7, nausea="Nei", dizziness="Nei", pain=1, fever=False
):
    """Today's check-in answer by answer: the warning signs first ("Nei, ingenting av dette"
    on an ordinary day), then the rest."""
    tap(page.locator('.stack a[href="/me/check-in/"]'))
    page.wait_for_url("**/me/check-in/")
    if fever:
        tap(page.locator("label.chip", has_text="Feber på 38 °C eller mer"))
        tap(page.get_by_role("button", name="Gå videre med det jeg krysset av"))
    else:
        tap(page.get_by_role("button", name="Nei, ingenting av dette"))
    tap(chip(page, "Hvordan sov du", sleep))
    tap(page.locator(f"#id_energy_{energy}"))
    tap(chip(page, "Er du kvalm?", nausea))
    tap(chip(page, "Er du svimmel?", dizziness))
    tap(page.locator(f"#id_pain_{pain}"))
    tap(chip(page, "Er du støl", "Nei"))
    tap(page.get_by_role("button", name="Se dagens råd"))
    page.wait_for_url("**/me/check-ins/*/")


@pytest.fixture
def plan(cast):
    """A strength session every day at home, 30 minutes at Borg 11-13."""
    lib = load_library()
    programme, _created = plan_services.save_programme(
        patient=cast.patient_a,
        author=cast.physio_a,
        base_version=0,
        note="Litt styrke hver dag. Ta det med ro på dårlige dager.",
        sessions=[
            session_input(
                "strength",
                "1234567",
                30,
                (11, 13),
                [
                    (lib["sit-to-stand"], 3, 10, None, None),
                    (lib["wall-push-up"], 3, 10, None, None),
                    (lib["calf-raise"], 2, 12, None, None),
                ],
                setting="home",
            )
        ],
    )
    return programme.sessions.get()


def test_todays_session_green_then_amber_then_red(
    transactional_db, cast, plan, live, phone, login, shot, axe
):
    # Tomorrow at 09:00 in Oslo, then the two days after: the clock only moves forward, so
    # the phone's session cookie stays valid.
    start = dt.datetime.combine(
        timezone.localdate(timezone=OSLO) + dt.timedelta(days=1), dt.time(9, 0), tzinfo=OSLO
    )
    card = phone.locator("section.today-plan")

    # Day 1: green. ------------------------------------------------------------------------
    with time_machine.travel(start, tick=True):
        login(phone, cast.patient_a.user.email)
        assert phone.url == f"{live}/me/"
        assert card.get_attribute("data-today-plan") == "before_check_in"
        assert "Sjekk inn først" in card.inner_text()
        assert card.get_by_role("link", name="Jeg gjorde dagens økt").count() == 0
        axe(phone)
        shot(phone, "today-before-checkin-phone")

        check_in_taps = Taps()
        check_in(phone, check_in_taps)
        assert "level--green" in phone.locator(".level").get_attribute("class")

        phone.goto(f"{live}/me/")
        assert card.get_attribute("data-today-plan") == "as_planned"
        text = card.inner_text()
        assert "Som planlagt" in text
        assert "30 min, anstrengelse 11–13 på Borg-skalaen" in text
        for name, dose in (("Reise seg fra stol", "3 × 10"), ("Armhevinger mot vegg", "3 × 10")):
            assert card.get_by_role("link", name=name).count() == 1
            assert dose in text
        no_sideways_scroll(phone)
        axe(phone)
        shot(phone, "today-green-phone")
        card.screenshot(path=str(ARTIFACTS / "today-green-card.png"))

        # One tap for "I did today's session", one for the effort, one to save.
        log_taps = Taps()
        log_taps(card.get_by_role("link", name="Jeg gjorde dagens økt"))
        phone.wait_for_url(f"**/me/plan/sessions/{plan.pk}/done/")
        assert phone.locator("input[name=rpe]:checked").get_attribute("value") == "12"
        assert "Målet var 11–13, så 12 er valgt." in phone.locator("main").inner_text()
        no_sideways_scroll(phone)
        axe(phone)
        shot(phone, "today-effort-phone")
        phone.screenshot(path=str(ARTIFACTS / "today-effort-viewport.png"))  # what fits at once
        log_taps(phone.locator("label.chip", has=phone.locator("input[value='13']")))
        save = phone.get_by_role("button", name="Lagre økten")
        assert save.is_visible()  # the save button stays in view
        save.dblclick()  # an impatient double tap saves one session
        log_taps.count += 1
        phone.wait_for_url("**/me/workouts/*/")
        assert phone.locator("h1").inner_text() == "Lagret. Bra jobbet!"
        assert "30 minutter, anstrengelse 13" in phone.locator("main").inner_text()
        axe(phone)
        shot(phone, "today-saved-phone")

        session = WorkoutSession.objects.get(patient=cast.patient_a)
        assert (session.planned_session_id, session.plan_followed) == (plan.pk, "as_planned")
        assert (session.duration_min, session.rpe, session.activity, session.setting) == (
            30,
            13,
            "strength",
            "home",
        )

        phone.goto(f"{live}/me/")
        assert "Gjort i dag (som planlagt): 30 min, anstrengelse 13." in card.inner_text()
        assert card.get_by_role("link", name="Jeg gjorde dagens økt").count() == 0
        shot(phone, "today-done-phone")

    print(
        f"\nTaps on an ordinary (green) day: check-in {check_in_taps.count}, "
        f"logging today's session from the home page {log_taps.count} "
        f"(2 when the pre-set effort is right), no typing."
    )
    assert log_taps.count <= 3

    # Day 2: amber (poor sleep, a little sick). ------------------------------------------------
    with time_machine.travel(start + dt.timedelta(days=1), tick=True):
        phone.goto(f"{live}/me/")
        assert card.get_attribute("data-today-plan") == "before_check_in"
        check_in(phone, Taps(), sleep="Dårlig", nausea="Litt")
        assert "level--amber" in phone.locator(".level").get_attribute("class")
        phone.goto(f"{live}/me/")
        assert card.get_attribute("data-today-plan") == "lighter"
        text = card.inner_text()
        assert "En lettere versjon i dag" in text
        assert "Dagens økt er omtrent halvparten av den planlagte." in text
        assert "15 min, anstrengelse 9–11" in text
        assert "Planlagt: 30 min, anstrengelse 11–13." in text
        assert "2 × 7" in text  # sit-to-stand: about half of 3 x 10
        assert card.get_by_role("link", name="Jeg gjorde en lettere versjon").count() == 0
        no_sideways_scroll(phone)
        axe(phone)
        shot(phone, "today-amber-phone")
        card.screenshot(path=str(ARTIFACTS / "today-amber-card.png"))

    # Day 3: red (fever). ---------------------------------------------------------------------
    with time_machine.travel(start + dt.timedelta(days=2), tick=True):
        phone.goto(f"{live}/me/")
        check_in(phone, Taps(), energy=3, fever=True)
        assert "level--red" in phone.locator(".level").get_attribute("class")
        # The result page itself suggests nothing from the plan on a red day.
        assert phone.locator("section.today-plan").count() == 0
        phone.goto(f"{live}/me/")
        assert card.get_attribute("data-today-plan") == "rest"
        text = card.inner_text()
        assert "Hvil i dag" in text
        assert "ingen trening i dag" in text
        assert card.locator("a").count() == 0  # no exercise, no button
        assert "min, anstrengelse" not in text
        no_sideways_scroll(phone)
        axe(phone)
        shot(phone, "today-red-phone")
        card.screenshot(path=str(ARTIFACTS / "today-red-card.png"))

        # "My plan": the week, planned and done; it still prints on one A4 page.
        phone.goto(f"{live}/me/plan/")
        week = phone.locator(".my-week__week")
        days = {
            day: week.locator(f"li[data-day='{day:%Y-%m-%d}']").inner_text()
            for day in (start.date() + dt.timedelta(days=n) for n in range(3))
        }
        assert "Styrke: gjort som planlagt (30 min, anstrengelse 13)" in days[start.date()]
        assert "Styrke: ikke registrert" in days[start.date() + dt.timedelta(days=1)]
        no_sideways_scroll(phone)
        axe(phone)
        week.screenshot(path=str(ARTIFACTS / "today-my-week-card.png"))
        phone.emulate_media(media="print")
        shot(phone, "today-my-week-print")
        pdf = phone.pdf(format="A4", print_background=False)
        assert len(PDF_PAGE.findall(pdf)) == 1

    assert WorkoutSession.objects.filter(patient=cast.patient_a).count() == 1
