"""The guidance table, row by row and boundary by boundary. No database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from sessions_log import guidance
from sessions_log.guidance import AMBER, GREEN, RED, assess, describe

# A day where everything is fine.
WELL = {
    "sleep": "good",
    "energy": 7,
    "nausea": "none",
    "dizziness": "none",
    "pain": 0,
    "pain_area": "",
    "fever_38": False,
    "chest_symptoms": False,
    "breathless": False,
    "sore_from_last": "none",
}


def day(**changes):
    return {**WELL, **changes}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_it_gives_green_with_no_reasons_on_a_good_day():
    result = assess(WELL)
    assert result.level == GREEN
    assert result.codes == ()
    assert result.reasons == ()
    assert "Train as planned" in result.advice[0]


# Every row and every boundary: (answers, level, reason codes).
CASES = [
    # fever >= 38 / chest / new breathlessness: red, contact the clinic
    (day(fever_38=True), RED, ("fever",)),
    (day(chest_symptoms=True), RED, ("chest_symptoms",)),
    (day(breathless=True), RED, ("breathless",)),
    # dizziness
    (day(dizziness="none"), GREEN, ()),
    (day(dizziness="mild"), AMBER, ("dizziness_mild",)),
    (day(dizziness="strong"), RED, ("dizziness_strong",)),
    # nausea
    (day(nausea="none"), GREEN, ()),
    (day(nausea="mild"), AMBER, ("nausea_mild",)),
    (day(nausea="vomited"), RED, ("vomited",)),
    # energy: >= 5 green, 3-4 amber, 0-2 red
    (day(energy=0), RED, ("energy_very_low",)),
    (day(energy=2), RED, ("energy_very_low",)),
    (day(energy=3), AMBER, ("energy_low",)),
    (day(energy=4), AMBER, ("energy_low",)),
    (day(energy=5), GREEN, ()),
    (day(energy=10), GREEN, ()),
    # sleep
    (day(sleep="good"), GREEN, ()),
    (day(sleep="ok"), GREEN, ()),
    (day(sleep="poor"), AMBER, ("sleep_poor",)),
    # pain: <= 3 green, 4-6 amber, >= 7 red
    (day(pain=3), GREEN, ()),
    (day(pain=4, pain_area="knee_left"), AMBER, ("pain_moderate",)),
    (day(pain=6), AMBER, ("pain_moderate",)),
    (day(pain=7), RED, ("pain_strong",)),
    (day(pain=10), RED, ("pain_strong",)),
    # soreness from the last session: some is normal, a lot means take it easy
    (day(sore_from_last="none"), GREEN, ()),
    (day(sore_from_last="some"), GREEN, ()),
    (day(sore_from_last="a_lot"), AMBER, ("sore_a_lot",)),
]


@pytest.mark.parametrize(("answers", "level", "codes"), CASES)
def test_it_applies_each_row_of_the_table(answers, level, codes):
    result = assess(answers)
    assert result.level == level
    assert result.codes == codes
    assert len(result.reasons) == len(codes)


def test_it_has_a_test_case_and_a_source_for_every_rule():
    covered = {code for _answers, _level, codes in CASES for code in codes}
    covered |= {"recent_slow_recovery", "recent_too_hard"}  # tested below
    assert covered == {rule.code for rule in guidance.RULES}
    for rule in guidance.RULES:
        assert rule.source in (guidance.SEED, guidance.ACSM, guidance.HDIR, guidance.WHEN_TO_CALL)
        assert rule.level in (AMBER, RED)


def test_it_lets_the_worst_rule_win_and_keeps_every_reason_worst_first():
    result = assess(day(sleep="poor", nausea="mild", fever_38=True))
    assert result.level == RED
    assert result.codes == ("fever", "nausea_mild", "sleep_poor")


def test_it_gives_amber_with_reasons_for_poor_sleep_and_mild_nausea():
    result = assess(day(sleep="poor", nausea="mild"))
    assert result.level == AMBER
    assert [str(r) for r in result.reasons] == [
        "You feel a little sick.",
        "You slept poorly last night.",
    ]
    assert "4 x 5 minutes" in result.advice[0]
    assert "RPE 11-13" in result.advice[0]


@pytest.mark.parametrize(
    "answers",
    [
        day(fever_38=True),
        day(chest_symptoms=True),
        day(breathless=True),
        day(dizziness="strong"),
        day(nausea="vomited"),
        day(energy=1),
        day(pain=8),
    ],
)
def test_it_never_suggests_training_on_a_red_day(answers):
    result = assess(answers, restrictions=[SimpleNamespace(kind="cardiotoxic", max_rpe=13)])
    assert result.level == RED
    text = " ".join(result.advice).lower()
    assert text.startswith("rest today")
    for word in ("walk", "minutes", "train as planned", "rpe 11"):
        assert word not in text


@pytest.mark.parametrize("answers", [day(fever_38=True), day(chest_symptoms=True)])
def test_it_says_contact_the_centre_for_fever_or_chest_symptoms(answers):
    result = assess(answers)
    assert "Contact your centre or the oncology ward today." in result.advice
    assert result.contact_clinic


def test_it_does_not_ask_for_a_call_on_a_red_day_of_low_energy_only():
    result = assess(day(energy=1))
    assert "Contact your centre or the oncology ward today." not in result.advice
    assert not result.contact_clinic


@pytest.mark.parametrize("answers", [WELL, day(sleep="poor"), day(fever_38=True)])
def test_it_shows_a_restrictions_cap_on_every_level(answers):
    restriction = SimpleNamespace(kind="cardiotoxic", body_area="", max_rpe=13, max_heart_rate=130)
    text = " ".join(assess(answers, restrictions=[restriction]).advice)
    assert "at or below 13 on the Borg scale" in text
    assert "at or below 130 beats a minute" in text


def test_it_points_to_the_plan_for_a_restriction_without_a_cap():
    surgery = SimpleNamespace(kind="after_surgery", body_area="shoulder_left")
    neuropathy = SimpleNamespace(kind="neuropathy", body_area="")
    advice = assess(WELL, restrictions=[surgery, neuropathy]).advice
    assert "Follow the limits in your plan from your physiotherapist." in advice
    assert "Choose exercises where you can sit or hold on, to keep your balance." in advice


@pytest.mark.parametrize("flag", ["slow_recovery", "too_hard"])
def test_it_steps_a_green_day_down_to_amber_after_a_hard_session(flag):
    result = assess(WELL, recent_flags=[flag])
    assert result.level == AMBER
    assert result.codes == (f"recent_{flag}",)
    assert "shorter and lighter" in result.advice[0]


def test_it_keeps_an_amber_day_amber_but_lighter_after_a_slow_recovery():
    plain = assess(day(sleep="poor"))
    stepped = assess(day(sleep="poor"), recent_flags=["slow_recovery"])
    assert plain.level == stepped.level == AMBER
    assert stepped.advice[0] != plain.advice[0]
    assert "shorter and lighter" in stepped.advice[0]


def test_it_keeps_a_red_day_red_after_a_slow_recovery():
    result = assess(day(fever_38=True), recent_flags=["slow_recovery", "too_hard"])
    assert result.level == RED
    assert result.advice[0].startswith("Rest today")


def test_it_ignores_other_flag_kinds():
    assert assess(WELL, recent_flags=["injury_flare", "red_checkin"]).level == GREEN


def test_it_adds_seated_exercise_for_mild_dizziness_and_spares_a_painful_area():
    advice = assess(day(dizziness="mild", pain=5, pain_area="knee_left")).advice
    assert any("seated or supported" in line for line in advice)
    assert "Leave out exercises that load the area that hurts." in advice


def test_it_describes_stored_codes_again_in_the_active_language():
    stored = assess(day(sleep="poor"))
    with translation.override("nb"):
        again = describe(stored.level, list(stored.codes))
        assert str(again.reasons[0]) != "You slept poorly last night."
    assert str(describe(stored.level, stored.codes).reasons[0]) == "You slept poorly last night."


def test_it_skips_unknown_codes_and_refuses_an_unknown_level():
    assert describe(AMBER, ["no_such_code", "sleep_poor"]).codes == ("sleep_poor",)
    with pytest.raises(ValueError):
        describe("purple", [])


@pytest.mark.parametrize(
    ("answers", "flags"),
    [(day(sleep="poor"), []), (day(sleep="poor"), ["slow_recovery"]), (WELL, ["too_hard"])],
)
def test_it_does_not_suggest_an_effort_above_a_restrictions_cap(answers, flags):
    # A cap of 11 with "RPE 11-13" in the example would invite effort above the cap.
    capped = SimpleNamespace(kind="cardiotoxic", body_area="", max_rpe=11, max_heart_rate=None)
    result = assess(answers, restrictions=[capped], recent_flags=flags)
    text = " ".join(result.advice)
    assert result.level == AMBER
    assert "RPE 11-1" not in text
    assert "within your limit" in result.advice[0]
    assert "Keep your effort at or below 11 on the Borg scale." in text


def test_it_keeps_the_example_effort_when_the_cap_is_above_it():
    roomy = SimpleNamespace(kind="cardiotoxic", body_area="", max_rpe=15, max_heart_rate=None)
    assert "(RPE 11-13)" in assess(day(sleep="poor"), restrictions=[roomy]).advice[0]


def test_it_does_not_suggest_balance_exercises_on_a_red_day():
    neuropathy = SimpleNamespace(kind="neuropathy", body_area="", max_rpe=None, max_heart_rate=None)
    advice = assess(day(fever_38=True), restrictions=[neuropathy]).advice
    assert str(guidance.ADVICE_BALANCE) not in advice
    assert "exercise" not in " ".join(advice).lower()
    assert str(guidance.ADVICE_FOLLOW_PLAN) in advice
    assert str(guidance.ADVICE_BALANCE) in assess(WELL, restrictions=[neuropathy]).advice
