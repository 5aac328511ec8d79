"""Properties of the guidance over whole answer spaces, not examples. No database.

The full product of every answer with every other explodes (the nine newer warning signs
alone multiply the first check-in's 78,408 answer sets by 512; restrictions, pain areas,
recent flags and days since a session multiply it again), so it is covered in parts, kept to
a few seconds:

1. Every answer set of the first check-in's questions, as stored check-ins have them (without
   the newer keys), with energy and pain at both sides of each of their thresholds (energy
   0, 2, 3, 4, 5, 10; pain 0, 3, 4, 6, 7, 10): 23,328 sets. "No worse answer gives a better
   level or a lower urgency" is checked between every set and each one-step-worse neighbour.
   Every energy and pain value (0-10) is in the table tests and in the sample (5).
2. Every one of the 4,096 combinations of the 12 warning signs, on two kinds of day, with
   the same neighbour check.
3. Every restriction kind (pain at, beside, inside or away from its area; caps, two caps)
   x pain x pain area x energy x sleep x step-down flag.
4. Every recent-flag set x days since the last session x soreness x energy x sleep x nausea.
5. 5,000 answer sets drawn with a fixed seed over every key (every energy and pain value,
   every body area, each newer sign missing, "no" or "yes"), restriction set and flag set,
   each compared with itself one answer worse.

In 2 and 5, the call the check-in shows from the warning signs alone, before the other
answers (``call_from_signs``), is also the day's call once every answer is in. And every
sequence of 8 days of check-in levels flags each run of hard days once, on its third day.

Each result is checked against an oracle written here apart from the rules table, so a
reason is shown exactly when it is true, and against the safety properties (red never
suggests training nor reassures, calls come first, emergency signs always mean 113...).
Texts are checked in the source language (no catalogue), which is also the fastest.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from types import SimpleNamespace

import pytest
from django.utils import translation

from patients.body_areas import BodyArea, overlaps
from sessions_log import guidance
from sessions_log.guidance import AMBER, CALL_NOW, CONTACT_TODAY, EMERGENCY, GREEN, NONE, RED

LEVEL_RANK = {GREEN: 0, AMBER: 1, RED: 2}
URGENCY_RANK = {NONE: 0, CONTACT_TODAY: 1, CALL_NOW: 2, EMERGENCY: 3}

# Warning sign answer -> (reason code, urgency); fell is amber.
SIGNS = {
    "chest_symptoms": ("chest_symptoms", EMERGENCY),
    "fainted": ("fainted", EMERGENCY),
    "confusion": ("confusion", EMERGENCY),
    "back_pain_weakness": ("back_pain_weakness", EMERGENCY),
    "fever_38": ("fever", CALL_NOW),
    "chills": ("chills", CALL_NOW),
    "breathless": ("breathless", CALL_NOW),
    "bleeding": ("bleeding", CALL_NOW),
    "swelling_one_side": ("swelling_one_side", CALL_NOW),
    "fluids": ("fluids", CALL_NOW),
    "line_site": ("line_site", CALL_NOW),
    "fell": ("fell", NONE),
}
ORDERS = {  # each answer from best to worst
    "sleep": ("good", "ok", "poor"),
    "energy": tuple(range(10, -1, -1)),
    "nausea": ("none", "mild", "vomited"),
    "dizziness": ("none", "mild", "strong"),
    "pain": tuple(range(11)),
    "sore_from_last": ("none", "some", "a_lot"),
    **dict.fromkeys(SIGNS, (False, True)),
}
TRAINING_WORDS = ("walk", "minutes", "train as planned", "borg 9", "bouts", "seated", "keep your")


def restriction(kind, body_area="", max_rpe=None, max_heart_rate=None):
    return SimpleNamespace(
        kind=kind, body_area=body_area, max_rpe=max_rpe, max_heart_rate=max_heart_rate
    )


RESTRICTION_POOL = (
    restriction("bone_metastasis", "hip_left"),
    restriction("bone_metastasis", "pelvis"),
    restriction("bone_metastasis", "whole_body"),
    restriction("after_surgery", "shoulder_left"),
    restriction("after_surgery", "leg_left"),
    restriction("cardiotoxic", max_rpe=11, max_heart_rate=120),
    restriction("cardiotoxic", max_rpe=15),
    restriction("cardiotoxic", max_heart_rate=140),
    restriction("lymphoedema", "arm_left"),
    restriction("neuropathy"),
    restriction("other"),
)
RESTRICTION_SETS = (
    (),
    *((r,) for r in RESTRICTION_POOL),
    (RESTRICTION_POOL[5], RESTRICTION_POOL[6]),  # two caps: only the lowest shows
    (RESTRICTION_POOL[0], RESTRICTION_POOL[4]),  # a metastasis and an operation
)
FLAG_SETS = (
    (),
    ("slow_recovery",),
    ("too_hard",),
    ("slow_recovery", "too_hard"),
    ("injury_flare", "fall", "red_checkin", "inactive"),
)


@pytest.fixture(autouse=True)
def source_language():
    with translation.override(None):
        yield


def expected(answers, restrictions=(), flags=(), days=None):
    """The oracle: (level, urgency, reason codes), from the rules as the issue states them."""
    yes = answers.get
    energy = answers.get("energy", 10)
    pain = answers.get("pain", 0)
    area = answers.get("pain_area", "")
    red: dict[str, str] = {}
    amber: set[str] = set()
    for key, (code, urgency) in SIGNS.items():
        if yes(key):
            (amber.add(code) if urgency == NONE else red.__setitem__(code, urgency))
    if yes("dizziness") == "strong":
        red["dizziness_strong"] = CONTACT_TODAY
    if yes("dizziness") == "mild":
        amber.add("dizziness_mild")
    if yes("nausea") == "vomited":
        red["vomited"] = CONTACT_TODAY
    if yes("nausea") == "mild":
        amber.add("nausea_mild")
    if pain >= 7:
        red["pain_strong"] = CONTACT_TODAY
    elif pain >= 4:
        amber.add("pain_moderate")

    def at(kind):
        return pain >= 4 and any(
            r.kind == kind and overlaps(area, r.body_area) for r in restrictions
        )

    if at("bone_metastasis"):
        red["pain_bone_metastasis"] = CONTACT_TODAY
    if at("after_surgery"):
        amber.add("pain_after_surgery")
    if yes("sleep") == "poor":
        amber.add("sleep_poor")
    if yes("sore_from_last") == "a_lot":
        amber.add("sore_a_lot")
        if days is not None and days >= 5:
            amber.add("sore_prolonged")
    if energy <= 2:
        if amber:  # another amber sign from today's answers (no step-down yet)
            red["energy_very_low_and_more"] = CONTACT_TODAY
        amber.add("energy_very_low")
    elif energy <= 4:
        amber.add("energy_low")
    if "slow_recovery" in flags:
        amber.add("recent_slow_recovery")
    if "too_hard" in flags:
        amber.add("recent_too_hard")
    level = RED if red else AMBER if amber else GREEN
    urgency = max(red.values(), key=URGENCY_RANK.__getitem__, default=NONE)
    return level, urgency, set(red) | amber


def check(answers, result, restrictions=(), flags=(), days=None):
    """Every property one result must have."""
    level, urgency, codes = expected(answers, restrictions, flags, days)
    context = (answers, restrictions, flags, days)
    assert (result.level, result.urgency) == (level, urgency), context
    assert set(result.codes) == codes, context  # every reason shown is true, none missing
    assert len(result.reasons) == len(result.codes)
    ranks = [LEVEL_RANK[guidance.RULES_BY_CODE[c].level] for c in result.codes]
    assert ranks == sorted(ranks, reverse=True), context  # worst first
    text = " ".join(result.advice)
    lower = text.lower()
    flags_due = set(result.flags_due)
    assert ("red_checkin" in flags_due) == (level == RED)
    assert ("fall" in flags_due) == bool(answers.get("fell"))
    assert ("prolonged_soreness" in flags_due) == ("sore_prolonged" in codes)
    rpe = min((r.max_rpe for r in restrictions if r.max_rpe), default=None)
    hr = min((r.max_heart_rate for r in restrictions if r.max_heart_rate), default=None)
    if level == RED:
        # Red never suggests training, never reassures, asks for a contact, and calls first.
        assert not any(word in lower for word in TRAINING_WORDS), context
        assert result.reassurance == ""
        assert "rest today" in lower
        assert result.urgency != NONE
        assert result.advice[0] in (
            str(guidance.ADVICE_CALL[urgency]),
            str(guidance.ADVICE_CHEST),
        ), context
        if restrictions:
            assert result.advice[-1].startswith(
                "When you train again, follow the limits in your plan"
            )
    else:
        assert result.urgency == NONE
        assert result.reassurance
        assert "rest today and" not in lower
        assert sum(line.startswith("Keep your effort") for line in result.advice) == (
            rpe is not None
        )
        assert sum(line.startswith("Keep your heart rate") for line in result.advice) == (
            hr is not None
        )
        if rpe is not None:
            assert f"Keep your effort at or below {rpe} on the Borg scale." in result.advice
            # Never an example effort above the cap.
            assert rpe >= guidance.EASY_BORG[1] or "Borg 9-11" not in text
    if urgency in (CALL_NOW, EMERGENCY):
        assert "Tomorrow is a new day" not in text
    if urgency == EMERGENCY:
        assert "113" in result.advice[0]
    if level == AMBER and {"fell", "dizziness_mild"} & codes:
        assert str(guidance.ADVICE_SEATED) in result.advice
    if answers.get("fever_38") or answers.get("chest_symptoms") or answers.get("breathless"):
        assert level == RED
    # Energy 0-2 alone, and a step-down alone, never make a day red.
    if codes <= {"energy_very_low", "recent_slow_recovery", "recent_too_hard"}:
        assert level != RED


def _worse(answers, key):
    order = ORDERS[key]
    index = order.index(answers.get(key, order[0]))
    if index + 1 == len(order):
        return None
    return {**answers, key: order[index + 1]}


def _rank(result):
    return LEVEL_RANK[result.level], URGENCY_RANK[result.urgency]


def _not_better(better, worse):
    """A worse answer never gives a better level, nor a lower urgency."""
    return all(w >= b for b, w in zip(_rank(better), _rank(worse), strict=True))


FIRST_KEYS = (
    "sleep",
    "energy",
    "nausea",
    "dizziness",
    "pain",
    "fever_38",
    "chest_symptoms",
    "breathless",
    "sore_from_last",
)


# Both sides of every threshold (energy 0-2 / 3-4 / 5-10; pain 0-3 / 4-6 / 7-10).
BOUNDARY_ORDERS = {**ORDERS, "energy": (10, 5, 4, 3, 2, 0), "pain": (0, 3, 4, 6, 7, 10)}


def test_it_holds_for_every_answer_set_of_the_first_check_in():
    orders = [BOUNDARY_ORDERS[key] for key in FIRST_KEYS]
    results = {}
    for values in itertools.product(*orders):
        answers = dict(zip(FIRST_KEYS, values, strict=True))
        result = guidance.assess(answers)
        check(answers, result)
        results[values] = _rank(result)
    assert len(results) == 23_328
    for values, rank in results.items():
        for i, key in enumerate(FIRST_KEYS):
            order = orders[i]
            step = order.index(values[i]) + 1
            if step < len(order):
                worse = results[values[:i] + (order[step],) + values[i + 1 :]]
                assert all(w >= b for b, w in zip(rank, worse, strict=True)), (values, key)


BASE_DAYS = (  # a good day, and a day of very low energy (a fall makes it red)
    {"sleep": "good", "energy": 7, "nausea": "none", "dizziness": "none", "pain": 0},
    {"sleep": "good", "energy": 1, "nausea": "none", "dizziness": "none", "pain": 0},
)


def test_it_holds_for_every_combination_of_warning_signs():
    keys = tuple(SIGNS)
    for base in BASE_DAYS:
        ranks = {}
        for values in itertools.product((False, True), repeat=len(keys)):
            answers = {**base, **dict(zip(keys, values, strict=True))}
            result = guidance.assess(answers)
            check(answers, result)
            ranks[values] = _rank(result)
            # Emergency signs always mean 113, the others at least the ward now.
            signs = {key for key, value in zip(keys, values, strict=True) if value}
            # The call shown before the other answers is the day's call, whatever they are.
            early = guidance.call_from_signs(signs)
            if early != NONE:
                assert early == result.urgency
            if signs & {"chest_symptoms", "fainted", "confusion", "back_pain_weakness"}:
                assert result.urgency == EMERGENCY
            elif signs - {"fell"}:
                assert result.urgency == CALL_NOW
        for values, rank in ranks.items():
            for i, value in enumerate(values):
                if not value:
                    worse = ranks[values[:i] + (True,) + values[i + 1 :]]
                    assert all(w >= b for b, w in zip(rank, worse, strict=True))


PAIN_AREAS = ("", "hip_left", "hip_right", "shoulder_left", "knee_left", "whole_body", "pelvis")


def test_it_holds_for_every_restriction_kind_pain_and_area():
    for restrictions, pain, area, energy, sleep, flags in itertools.product(
        RESTRICTION_SETS,
        (0, 3, 4, 6, 7, 10),
        PAIN_AREAS,
        (1, 3, 7),
        ("good", "poor"),
        ((), ("slow_recovery",)),
    ):
        answers = {"pain": pain, "pain_area": area, "energy": energy, "sleep": sleep}
        result = guidance.assess(answers, restrictions=restrictions, recent_flags=flags)
        check(answers, result, restrictions, flags)


def test_where_it_hurts_cannot_change_a_call_the_signs_already_ask_for():
    """The check-in leaves the area question out when the signs need a call at once
    (``CheckInForm``): with such a sign, no area under any restriction changes the level, the
    call or the physiotherapist's flags."""
    calls = [sign for sign, (_code, urgency) in SIGNS.items() if urgency in (CALL_NOW, EMERGENCY)]
    for sign, restrictions, pain in itertools.product(calls, RESTRICTION_SETS, (0, 3, 4, 7, 10)):
        answers = {"pain": pain, "energy": 7, "sleep": "good", sign: True}
        assert guidance.call_from_signs([sign]) != NONE
        without = guidance.assess(answers, restrictions=restrictions)
        for area in BodyArea.values:
            result = guidance.assess({**answers, "pain_area": area}, restrictions=restrictions)
            assert (result.level, result.urgency, set(result.flags_due)) == (
                without.level,
                without.urgency,
                set(without.flags_due),
            ), (sign, restrictions, pain, area)


def test_it_holds_for_every_flag_set_and_day_after_a_session():
    for flags, days, sore, energy, sleep, nausea in itertools.product(
        FLAG_SETS,
        (None, 0, 4, 5, 12),
        ORDERS["sore_from_last"],
        (1, 3, 7),
        ("good", "poor"),
        ORDERS["nausea"],
    ):
        answers = {"sore_from_last": sore, "energy": energy, "sleep": sleep, "nausea": nausea}
        result = guidance.assess(answers, recent_flags=flags, days_since_session=days)
        check(answers, result, (), flags, days)
        worse_flags = guidance.assess(
            answers, recent_flags=(*flags, "slow_recovery"), days_since_session=days
        )
        assert _not_better(result, worse_flags)


def _random_answers(rng):
    answers = {
        key: rng.choice(ORDERS[key])
        for key in ("sleep", "energy", "nausea", "dizziness", "pain", "sore_from_last")
    }
    answers["pain_area"] = rng.choice(("", *BodyArea.values))
    for sign in SIGNS:
        if rng.random() < 0.08:
            answers[sign] = True
        elif rng.random() < 0.5:
            answers[sign] = False  # asked and answered "no"; otherwise missing
    return answers


def test_it_holds_for_a_fixed_sample_of_every_answer_restriction_and_flag():
    rng = random.Random(20261110)
    for _ in range(5_000):
        answers = _random_answers(rng)
        restrictions = tuple(rng.sample(RESTRICTION_POOL, rng.choice((0, 0, 1, 2))))
        flags = rng.choice(FLAG_SETS)
        days = rng.choice((None, 1, 4, 5, 8))
        kwargs = {"restrictions": restrictions, "recent_flags": flags, "days_since_session": days}
        result = guidance.assess(answers, **kwargs)
        check(answers, result, restrictions, flags, days)
        early = guidance.call_from_signs(key for key in SIGNS if answers.get(key))
        assert early in (NONE, result.urgency), answers
        key = rng.choice(tuple(ORDERS))
        worse = _worse(answers, key)
        if worse is not None:
            assert _not_better(result, guidance.assess(worse, **kwargs)), (answers, key)


def test_it_describes_every_stored_result_as_it_was_assessed():
    """A check-in stores its level and codes; describing them again gives the same day."""
    rng = random.Random(7)
    for _ in range(2_000):
        answers = _random_answers(rng)
        restrictions = tuple(rng.sample(RESTRICTION_POOL, rng.choice((0, 1, 2))))
        result = guidance.assess(answers, restrictions=restrictions)
        again = guidance.describe(result.level, list(result.codes), restrictions=restrictions)
        assert again == result


def test_it_matches_pain_areas_the_way_the_physio_records_them():
    # Same area, a part of it, or the whole body; left and right never mixed.
    assert overlaps("knee_left", "knee_left")
    assert overlaps("knee_left", "leg_left") and overlaps("leg_left", "foot_left")
    assert overlaps("hip_right", "pelvis")
    assert overlaps("whole_body", "neck") and overlaps("arm_right", "whole_body")
    assert not overlaps("knee_left", "leg_right")
    assert not overlaps("hip_left", "hip_right")
    assert not overlaps("", "whole_body")
    for left in BodyArea.values:
        if left.endswith("_left"):
            right = left.replace("_left", "_right")
            assert not overlaps(left, right)
            assert not any(
                overlaps(left, other) for other in BodyArea.values if other.endswith("_right")
            )


def test_it_flags_every_run_of_hard_days_once_on_its_third_day():
    """Every sequence of 8 days, each without a check-in or green, amber or red (65,536):
    the days ``completes_hard_run`` picks are exactly the third day of each run of at least
    three days in a row with an amber or red check-in."""
    start = dt.date(2026, 11, 2)
    days = [start + dt.timedelta(days=n) for n in range(8)]
    for levels in itertools.product((None, GREEN, AMBER, RED), repeat=len(days)):
        by_date = {d: level for d, level in zip(days, levels, strict=True) if level}
        flagged = [d for d in days if guidance.completes_hard_run(by_date, d)]
        expected_days, run = [], 0
        for d, level in zip(days, levels, strict=True):
            run = run + 1 if level in (AMBER, RED) else 0
            if run == guidance.HARD_DAYS_IN_A_ROW:
                expected_days.append(d)
        assert flagged == expected_days, levels
