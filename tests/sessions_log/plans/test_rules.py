"""The training-plan rules: the contraindication table, row by row, and the day's adaptation,
rule by rule and as properties over every level x restriction kind x body area x flag. No
database: the library comes straight from its file."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from django.utils import translation

from patients.models import BodyArea, Restriction
from sessions_log.guidance import AMBER, GREEN, RED, SEED
from sessions_log.plans.programmes.starter_templates import STARTER_TEMPLATES
from sessions_log.plans.rules import adaptations, contraindications, data
from sessions_log.plans.rules.adaptations import adapt
from sessions_log.plans.rules.contraindications import check_exercise
from sessions_log.plans.rules.data import Dose, PlannedItem, PlannedSessionData
from tests.sessions_log.plans.helpers import library_facts

LIB = library_facts()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def restriction(kind, area="", max_rpe=None, max_hr=None):
    return SimpleNamespace(kind=kind, body_area=area, max_rpe=max_rpe, max_heart_rate=max_hr)


def item(slug, sets=1, reps=None, seconds=None, minutes=None):
    if (reps, seconds, minutes) == (None, None, None):
        return PlannedItem(LIB[slug], LIB[slug].dose)
    return PlannedItem(LIB[slug], Dose(sets=sets, reps=reps, seconds=seconds, minutes=minutes))


def session(*items, kind="strength", minutes=40, borg=(12, 14)):
    return PlannedSessionData(
        kind=kind, minutes=minutes, borg_min=borg[0], borg_max=borg[1], items=tuple(items)
    )


# The contraindication table ---------------------------------------------------------------


def test_every_row_has_a_source_a_rule_and_known_kind_and_areas():
    kinds = set(Restriction.Kind.values)
    areas = set(BodyArea.values) | {""}
    for row in contraindications.CONTRAINDICATIONS:
        assert row.source and str(row.rule), row.code
        assert row.kind in kinds, row.code
        assert row.areas <= areas, (row.code, row.areas - areas)
    assert len({row.code for row in contraindications.CONTRAINDICATIONS}) == len(
        contraindications.CONTRAINDICATIONS
    )


def test_every_tag_in_the_library_is_one_the_rules_know():
    areas = set(BodyArea.values)
    for facts in LIB.values():
        for tag in facts.tags:
            if tag.startswith(data.LOAD_PREFIX):
                assert tag[len(data.LOAD_PREFIX) :] in areas, (facts.key, tag)
            else:
                assert tag in data.TAG_LABELS, (facts.key, tag)


@pytest.mark.parametrize("area", ["neck", "upper_back", "lower_back"])
def test_a_bone_metastasis_in_the_spine_replaces_spine_loading_exercises(area):
    spine = [restriction("bone_metastasis", area)]
    for slug, replacement in [
        ("rowing-machine", "exercise-bike"),
        ("woodchop", "pallof-press"),
        ("kettlebell-deadlift", "bridge"),
        ("overhead-press", "band-chest-press"),
        ("jog-intervals", "bike-intervals"),
    ]:
        check = check_exercise(LIB[slug], spine)
        assert not check.allowed, slug
        assert check.codes == ("bone_metastasis_spine",)
        assert check.replacement.key == replacement, slug
    assert check_exercise(LIB["seated-twist"], spine).replacement is None
    assert check_exercise(LIB["walk"], spine).allowed
    assert check_exercise(LIB["sit-to-stand"], spine).allowed


@pytest.mark.parametrize("area", ["pelvis", "hip_left", "hip_right", "leg_left", "leg_right"])
def test_a_bone_metastasis_in_the_pelvis_or_femur_excludes_impact_and_heavy_hip_loading(area):
    site = [restriction("bone_metastasis", area)]
    # The supported split squat still loads the hip heavily: the chain goes on to sit-to-stand.
    assert check_exercise(LIB["split-squat"], site).replacement.key == "sit-to-stand"
    assert check_exercise(LIB["goblet-squat"], site).replacement.key == "squat"
    assert check_exercise(LIB["jog-intervals"], site).replacement.key == "bike-intervals"
    assert check_exercise(LIB["squat"], site).allowed
    assert check_exercise(LIB["overhead-press"], site).allowed


def test_after_surgery_of_the_left_shoulder_excludes_load_on_the_left_arm_only():
    left = [restriction("after_surgery", "shoulder_left")]
    for slug in ("band-row", "seated-band-row", "wall-push-up", "biceps-curl", "nordic-walk"):
        check = check_exercise(LIB[slug], left)
        assert not check.allowed, slug
        assert check.replacement is None, slug  # the variant loads the arm too: choose another
    assert "after_surgery_arm_left" in check_exercise(LIB["biceps-curl"], left).codes
    # Moving the shoulder gently is what the surgeon wants; the legs are not affected.
    for slug in ("wand-raise", "wall-walk", "elbow-wings", "sit-to-stand", "walk"):
        assert check_exercise(LIB[slug], left).allowed, slug
    right = [restriction("after_surgery", "shoulder_right")]
    assert not check_exercise(LIB["biceps-curl"], right).allowed


def test_after_surgery_any_area_excludes_load_on_that_area():
    knee = [restriction("after_surgery", "knee_left")]
    assert not check_exercise(LIB["seated-knee-extension"], knee).allowed
    assert not check_exercise(LIB["jog-intervals"], knee).allowed  # impact
    assert check_exercise(LIB["biceps-curl"], knee).allowed


def test_neuropathy_replaces_unsupported_balance_with_the_supported_variant():
    neuropathy = [restriction("neuropathy")]
    for slug, supported in [
        ("one-leg-stand", "one-leg-stand-supported"),
        ("tandem-stance", "tandem-stance-supported"),
        ("heel-to-toe-walk", "heel-to-toe-walk-supported"),
        ("split-squat", "split-squat-supported"),
    ]:
        check = check_exercise(LIB[slug], neuropathy)
        assert check.codes == ("neuropathy_balance",)
        assert check.replacement.key == supported


def test_lymphoedema_and_heart_straining_treatment_exclude_nothing():
    for kind in ("lymphoedema", "cardiotoxic", "other"):
        for facts in LIB.values():
            assert check_exercise(facts, [restriction(kind, "arm_left", max_rpe=13)]).allowed


def test_a_body_area_no_row_names_still_gets_the_rows_for_any_area():
    # A sided chest (e.g. added later) is not in any row: the any-area row still applies.
    chest_left = restriction("after_surgery", "chest_left")
    tagged = data.ExerciseFacts("x", "x", "strength", frozenset({"load:chest_left"}))
    assert not check_exercise(tagged, [chest_left]).allowed


def test_it_describes_stored_codes_and_skips_unknown_ones():
    assert contraindications.describe_contraindication("neuropathy_balance").startswith(
        "Neuropathy"
    )
    assert contraindications.describe_contraindication("gone") == ""
    assert adaptations.describe(["amber_half", "gone"]) == (
        "Today's session is about half of the planned one.",
    )


# The day's adaptation, rule by rule --------------------------------------------------------

STRENGTH = session(
    item("sit-to-stand", 3, reps=10),
    item("band-row", 3, reps=12),
    item("one-leg-stand", 3, seconds=20),
    minutes=40,
    borg=(12, 14),
)


def test_green_is_the_session_as_planned():
    result = adapt(STRENGTH, level=GREEN)
    assert result.mode == adaptations.AS_PLANNED
    assert result.codes == ("green_as_planned",)
    assert [(i.exercise.key, i.dose) for i in result.items] == [
        (p.exercise.key, p.dose) for p in STRENGTH.items
    ]
    assert (result.minutes, result.borg_min, result.borg_max) == (40, 12, 14)


def test_amber_is_about_half_the_volume_at_an_easy_effort():
    result = adapt(STRENGTH, level=AMBER, reasons=["sleep_poor"])
    assert result.mode == adaptations.LIGHTER
    assert result.codes == ("amber_half", "amber_easy")
    assert (result.minutes, result.borg_min, result.borg_max) == (20, 9, 11)
    assert [i.dose for i in result.items] == [
        Dose(sets=2, reps=7),
        Dose(sets=2, reps=9),
        Dose(sets=2, seconds=15),
    ]
    assert result.reasons == (
        "Today's session is about half of the planned one.",
        "Keep the effort easy today, about 9 to 11 on the Borg scale.",
    )


@pytest.mark.parametrize(
    ("planned", "lighter"),
    [
        (Dose(sets=1, minutes=30), Dose(sets=1, minutes=15)),
        (Dose(sets=1, minutes=8), Dose(sets=1, minutes=5)),
        (Dose(sets=1, minutes=3), Dose(sets=1, minutes=3)),
        (Dose(sets=4, minutes=5), Dose(sets=2, minutes=5)),
        (Dose(sets=2, reps=12), Dose(sets=1, reps=12)),
        (Dose(sets=1, reps=10), Dose(sets=1, reps=5)),
        (Dose(sets=1, reps=1), Dose(sets=1, reps=1)),
        (Dose(sets=1, seconds=30), Dose(sets=1, seconds=15)),
    ],
)
def test_the_lighter_dose_is_about_half_and_never_more(planned, lighter):
    assert adaptations.lighter_dose(planned) == lighter


def test_amber_never_raises_a_low_planned_effort():
    breathing = session(item("belly-breathing"), kind="breathing", minutes=10, borg=(6, 8))
    result = adapt(breathing, level=AMBER)
    assert (result.borg_min, result.borg_max) == (6, 8)


def test_a_dizzy_amber_day_uses_seated_or_supported_variants():
    result = adapt(STRENGTH, level=AMBER, reasons=["dizziness_mild"])
    assert [i.exercise.key for i in result.items] == [
        "sit-to-stand-supported",
        "seated-band-row",
        "one-leg-stand-supported",
    ]
    assert "amber_dizzy_supported" in result.codes
    assert all("amber_dizzy_supported" in i.codes for i in result.items)


def test_a_dizzy_day_leaves_out_free_standing_balance_without_a_supported_variant():
    free = data.ExerciseFacts("free", "Free", "balance", frozenset({data.BALANCE_UNSUPPORTED}))
    result = adapt(
        session(PlannedItem(free, Dose(sets=2, seconds=20))),
        level=AMBER,
        reasons=["dizziness_mild"],
    )
    assert result.items == ()
    assert result.dropped[0].codes == ("amber_dizzy_supported",)


def test_pain_on_an_amber_day_leaves_out_exercises_that_load_the_painful_area():
    result = adapt(STRENGTH, level=AMBER, reasons=["pain_moderate"], pain_area="shoulder_left")
    assert [i.exercise.key for i in result.items] == ["sit-to-stand", "one-leg-stand"]
    assert result.dropped[0].planned.exercise.key == "band-row"
    assert "amber_pain_area" in result.codes


def test_red_is_nothing_to_do():
    result = adapt(STRENGTH, level=RED, reasons=["fever"])
    assert result.nothing_to_do
    assert result.items == ()
    assert result.minutes == 0
    assert result.codes == ("red_rest",)
    assert len(result.dropped) == 3


def test_after_a_slow_recovery_a_green_day_gets_the_amber_version():
    stepped = adapt(STRENGTH, level=GREEN, recent_flags=["slow_recovery"])
    amber = adapt(STRENGTH, level=AMBER)
    assert stepped.mode == adaptations.LIGHTER
    assert "recent_step_down" in stepped.codes
    assert [i.dose for i in stepped.items] == [i.dose for i in amber.items]
    assert (stepped.minutes, stepped.borg_max) == (amber.minutes, amber.borg_max)
    # Other flags do not step down.
    assert (
        adapt(STRENGTH, level=GREEN, recent_flags=["injury_flare"]).mode == adaptations.AS_PLANNED
    )


def test_restrictions_apply_on_a_green_day_too():
    spine = [restriction("bone_metastasis", "lower_back")]
    build_up = session(
        item("rowing-machine", minutes=15), item("woodchop", 3, reps=10), item("seated-twist")
    )
    result = adapt(build_up, level=GREEN, restrictions=spine)
    assert [i.exercise.key for i in result.items] == ["exercise-bike", "pallof-press"]
    assert result.items[0].dose == Dose(minutes=15)  # the planned dose carries over
    assert result.items[0].replaced and "bone_metastasis_spine" in result.items[0].codes
    assert [d.planned.exercise.key for d in result.dropped] == ["seated-twist"]
    assert "restriction_excluded" in result.codes


def test_no_target_above_the_lowest_cap():
    caps = [restriction("cardiotoxic", max_rpe=13, max_hr=140), restriction("other", max_rpe=12)]
    result = adapt(session(item("walk"), borg=(13, 15)), level=GREEN, restrictions=caps)
    assert (result.borg_min, result.borg_max) == (12, 12)
    assert result.heart_rate_cap == 140
    assert "effort_cap" in result.codes


def test_every_adaptation_row_has_a_source_and_words_for_the_patient():
    for row in adaptations.ADAPTATIONS:
        assert row.source and str(row.rule) and str(row.reason), row.code
    assert adaptations.ADAPTATIONS_BY_CODE["recent_step_down"].source == SEED.reference


# Properties over every level x restriction kind x body area x flag --------------------------


def _sessions():
    every = session(*(PlannedItem(f, f.dose) for f in LIB.values()), minutes=90, borg=(11, 15))
    starters = [
        session(
            *(
                PlannedItem(LIB[slug], Dose(sets=sets, reps=reps, seconds=sec, minutes=mins))
                for slug, sets, reps, sec, mins in s["exercises"]
            ),
            kind=s["kind"],
            minutes=s["minutes"],
            borg=s["borg"],
        )
        for template in STARTER_TEMPLATES
        for s in template["sessions"]
    ]
    return [every, *starters]


SESSIONS = _sessions()
AREAS = ["", *BodyArea.values]
FLAGS = [(), ("slow_recovery",), ("too_hard",), ("red_checkin", "inactive")]
REASONS = [(), ("dizziness_mild",), ("pain_moderate",), ("sleep_poor", "dizziness_mild")]
CAPS = [None, 11]


def _allowed(result, restrictions) -> bool:
    return all(check_exercise(i.exercise, restrictions).allowed for i in result.items)


@pytest.mark.parametrize("kind", Restriction.Kind.values)
def test_properties_hold_for_every_level_area_flag_and_cap(kind):
    checked = 0
    for area, flags, reasons, cap, planned in itertools.product(
        AREAS, FLAGS, REASONS, CAPS, SESSIONS
    ):
        restrictions = [restriction(kind, area, max_rpe=cap)]
        args = {"restrictions": restrictions, "recent_flags": flags, "pain_area": "knee_left"}
        red = adapt(planned, level=RED, reasons=reasons, **args)
        green = adapt(planned, level=GREEN, reasons=reasons, **args)
        amber = adapt(planned, level=AMBER, reasons=reasons, **args)

        # Red yields nothing to do.
        assert red.nothing_to_do and red.items == () and red.minutes == 0
        for result in (green, amber):
            # Nothing an active restriction excludes ever appears.
            assert _allowed(result, restrictions), (kind, area, result.items)
            # No target above a cap.
            if cap is not None:
                assert result.borg_max <= cap
            assert result.borg_min <= result.borg_max
            assert result.minutes <= planned.minutes
        # Amber never asks for more than green.
        assert amber.minutes <= green.minutes
        assert amber.borg_max <= green.borg_max and amber.borg_min <= green.borg_min
        green_doses = {id(i.planned): i.dose for i in green.items}
        for done in amber.items:
            assert id(done.planned) in green_doses
            before = green_doses[id(done.planned)]
            if before.unit == done.dose.unit:
                assert done.dose.volume <= before.volume
                assert done.dose.sets <= before.sets
        # After a slow recovery or too-hard session, green is the amber version.
        if set(flags) & {"slow_recovery", "too_hard"}:
            assert green.mode == adaptations.LIGHTER
        checked += 1
    assert checked == len(AREAS) * len(FLAGS) * len(REASONS) * len(CAPS) * len(SESSIONS)


def test_properties_hold_with_two_restrictions_at_once():
    pairs = [
        (restriction("bone_metastasis", "lower_back"), restriction("neuropathy", "foot_left")),
        (restriction("after_surgery", "shoulder_left"), restriction("cardiotoxic", max_rpe=12)),
        (restriction("bone_metastasis", "pelvis"), restriction("after_surgery", "abdomen")),
    ]
    for pair, level, planned in itertools.product(pairs, (GREEN, AMBER), SESSIONS):
        result = adapt(planned, level=level, restrictions=pair)
        assert _allowed(result, pair)
        for one in pair:
            assert _allowed(result, [one])
