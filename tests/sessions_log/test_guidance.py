"""The guidance table, row by row and boundary by boundary. No database.

The properties over every answer set are in test_guidance_properties.py."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import translation

from sessions_log import guidance
from sessions_log.guidance import (
    AMBER,
    CALL_NOW,
    CONTACT_TODAY,
    EMERGENCY,
    GREEN,
    NONE,
    RED,
    assess,
    describe,
)

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


def restriction(kind, body_area="", max_rpe=None, max_heart_rate=None):
    return SimpleNamespace(
        kind=kind, body_area=body_area, max_rpe=max_rpe, max_heart_rate=max_heart_rate
    )


BONE_PELVIS = restriction("bone_metastasis", "pelvis")
BONE_HIP_LEFT = restriction("bone_metastasis", "hip_left")
SURGERY_SHOULDER_LEFT = restriction("after_surgery", "shoulder_left")
SURGERY_LEG_LEFT = restriction("after_surgery", "leg_left")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_it_gives_green_with_no_reasons_on_a_good_day():
    result = assess(WELL)
    assert result.level == GREEN
    assert result.urgency == NONE
    assert result.codes == ()
    assert result.reasons == ()
    assert result.flags_due == ()
    assert "Train as planned" in result.advice[0]
    assert result.reassurance.startswith("Activity is safe and helps.")


# Every row and every boundary: (answers, keyword arguments, level, urgency, reason codes).
CASES = [
    # Call 113: chest pain or pressure, fainting, new confusion, back pain with leg signs.
    (day(chest_symptoms=True), {}, RED, EMERGENCY, ("chest_symptoms",)),
    (day(fainted=True), {}, RED, EMERGENCY, ("fainted",)),
    (day(confusion=True), {}, RED, EMERGENCY, ("confusion",)),
    (day(back_pain_weakness=True), {}, RED, EMERGENCY, ("back_pain_weakness",)),
    # The oncology ward's 24-hour phone, now.
    (day(fever_38=True), {}, RED, CALL_NOW, ("fever",)),
    (day(chills=True), {}, RED, CALL_NOW, ("chills",)),
    (day(breathless=True), {}, RED, CALL_NOW, ("breathless",)),
    (day(bleeding=True), {}, RED, CALL_NOW, ("bleeding",)),
    (day(swelling_one_side=True), {}, RED, CALL_NOW, ("swelling_one_side",)),
    (day(fluids=True), {}, RED, CALL_NOW, ("fluids",)),
    (day(line_site=True), {}, RED, CALL_NOW, ("line_site",)),
    # Warning signs answered "no" change nothing.
    (day(fainted=False, fluids=False, line_site=False, fell=False), {}, GREEN, NONE, ()),
    # dizziness
    (day(dizziness="none"), {}, GREEN, NONE, ()),
    (day(dizziness="mild"), {}, AMBER, NONE, ("dizziness_mild",)),
    (day(dizziness="strong"), {}, RED, CONTACT_TODAY, ("dizziness_strong",)),
    # nausea
    (day(nausea="none"), {}, GREEN, NONE, ()),
    (day(nausea="mild"), {}, AMBER, NONE, ("nausea_mild",)),
    (day(nausea="vomited"), {}, RED, CONTACT_TODAY, ("vomited",)),
    # energy: >= 5 green, 3-4 amber, 0-2 amber on its own (very light)
    (day(energy=0), {}, AMBER, NONE, ("energy_very_low",)),
    (day(energy=2), {}, AMBER, NONE, ("energy_very_low",)),
    (day(energy=3), {}, AMBER, NONE, ("energy_low",)),
    (day(energy=4), {}, AMBER, NONE, ("energy_low",)),
    (day(energy=5), {}, GREEN, NONE, ()),
    (day(energy=10), {}, GREEN, NONE, ()),
    # energy 0-2 with another amber sign from today's answers is red
    (
        day(energy=2, sleep="poor"),
        {},
        RED,
        CONTACT_TODAY,
        ("energy_very_low_and_more", "energy_very_low", "sleep_poor"),
    ),
    (day(energy=3, sleep="poor"), {}, AMBER, NONE, ("energy_low", "sleep_poor")),
    (
        day(energy=0, fell=True),
        {},
        RED,
        CONTACT_TODAY,
        ("energy_very_low_and_more", "fell", "energy_very_low"),
    ),
    # ... but not with a step-down after a session: that never makes a day red
    (
        day(energy=1),
        {"recent_flags": ["slow_recovery"]},
        AMBER,
        NONE,
        ("energy_very_low", "recent_slow_recovery"),
    ),
    # sleep
    (day(sleep="good"), {}, GREEN, NONE, ()),
    (day(sleep="ok"), {}, GREEN, NONE, ()),
    (day(sleep="poor"), {}, AMBER, NONE, ("sleep_poor",)),
    # pain: <= 3 green, 4-6 amber, >= 7 red
    (day(pain=3), {}, GREEN, NONE, ()),
    (day(pain=4, pain_area="knee_left"), {}, AMBER, NONE, ("pain_moderate",)),
    (day(pain=6), {}, AMBER, NONE, ("pain_moderate",)),
    (day(pain=7), {}, RED, CONTACT_TODAY, ("pain_strong",)),
    (day(pain=10), {}, RED, CONTACT_TODAY, ("pain_strong",)),
    # pain at an active bone-metastasis site: 4 or more is red, contact today
    (
        day(pain=3, pain_area="pelvis"),
        {"restrictions": [BONE_PELVIS]},
        GREEN,
        NONE,
        (),
    ),
    (
        day(pain=4, pain_area="pelvis"),
        {"restrictions": [BONE_PELVIS]},
        RED,
        CONTACT_TODAY,
        ("pain_bone_metastasis", "pain_moderate"),
    ),
    (  # a hip is part of the pelvis
        day(pain=4, pain_area="hip_right"),
        {"restrictions": [BONE_PELVIS]},
        RED,
        CONTACT_TODAY,
        ("pain_bone_metastasis", "pain_moderate"),
    ),
    (  # left and right are kept apart
        day(pain=5, pain_area="hip_right"),
        {"restrictions": [BONE_HIP_LEFT]},
        AMBER,
        NONE,
        ("pain_moderate",),
    ),
    (  # pain all over includes the site
        day(pain=4, pain_area="whole_body"),
        {"restrictions": [BONE_HIP_LEFT]},
        RED,
        CONTACT_TODAY,
        ("pain_bone_metastasis", "pain_moderate"),
    ),
    (  # pain without a place is not at the site
        day(pain=5, pain_area=""),
        {"restrictions": [BONE_HIP_LEFT]},
        AMBER,
        NONE,
        ("pain_moderate",),
    ),
    (
        day(pain=8, pain_area="hip_left"),
        {"restrictions": [BONE_HIP_LEFT]},
        RED,
        CONTACT_TODAY,
        ("pain_strong", "pain_bone_metastasis"),
    ),
    # pain at an active after-surgery area: 4 or more is amber, leave that area out
    (
        day(pain=3, pain_area="shoulder_left"),
        {"restrictions": [SURGERY_SHOULDER_LEFT]},
        GREEN,
        NONE,
        (),
    ),
    (
        day(pain=4, pain_area="shoulder_left"),
        {"restrictions": [SURGERY_SHOULDER_LEFT]},
        AMBER,
        NONE,
        ("pain_moderate", "pain_after_surgery"),
    ),
    (  # the knee is part of the leg
        day(pain=6, pain_area="knee_left"),
        {"restrictions": [SURGERY_LEG_LEFT]},
        AMBER,
        NONE,
        ("pain_moderate", "pain_after_surgery"),
    ),
    (
        day(pain=4, pain_area="shoulder_right"),
        {"restrictions": [SURGERY_SHOULDER_LEFT]},
        AMBER,
        NONE,
        ("pain_moderate",),
    ),
    (  # an operated area elsewhere than where it hurts, or another kind of restriction
        day(pain=4, pain_area="shoulder_left"),
        {"restrictions": [restriction("lymphoedema", "shoulder_left")]},
        AMBER,
        NONE,
        ("pain_moderate",),
    ),
    # soreness from the last session: some is normal, a lot means take it easy
    (day(sore_from_last="none"), {}, GREEN, NONE, ()),
    (day(sore_from_last="some"), {}, GREEN, NONE, ()),
    (day(sore_from_last="a_lot"), {}, AMBER, NONE, ("sore_a_lot",)),
    # ... and still very sore on day 5 after the session is prolonged soreness
    (day(sore_from_last="a_lot"), {"days_since_session": 4}, AMBER, NONE, ("sore_a_lot",)),
    (
        day(sore_from_last="a_lot"),
        {"days_since_session": 5},
        AMBER,
        NONE,
        ("sore_a_lot", "sore_prolonged"),
    ),
    (day(sore_from_last="some"), {"days_since_session": 9}, GREEN, NONE, ()),
    # a fall or near-fall: at least amber
    (day(fell=True), {}, AMBER, NONE, ("fell",)),
    (day(fell=True, fever_38=True), {}, RED, CALL_NOW, ("fever", "fell")),
    # a session the body did not recover from steps the day down
    (WELL, {"recent_flags": ["slow_recovery"]}, AMBER, NONE, ("recent_slow_recovery",)),
    (WELL, {"recent_flags": ["too_hard"]}, AMBER, NONE, ("recent_too_hard",)),
]


@pytest.mark.parametrize(("answers", "kwargs", "level", "urgency", "codes"), CASES)
def test_it_applies_each_row_of_the_table(answers, kwargs, level, urgency, codes):
    result = assess(answers, **kwargs)
    assert result.level == level
    assert result.urgency == urgency
    assert result.codes == codes
    assert len(result.reasons) == len(codes)


def test_it_has_a_test_case_and_sources_for_every_rule():
    covered = {code for *_rest, codes in CASES for code in codes}
    assert covered == {rule.code for rule in guidance.RULES}
    for rule in guidance.RULES:
        assert rule.sources, rule.code
        assert set(rule.sources) <= set(guidance.SOURCES)
        assert rule.level in (AMBER, RED)
        assert rule.urgency in guidance.URGENCIES
        # Red always needs a contact; amber never asks for a call.
        assert (rule.urgency != NONE) == (rule.level == RED), rule.code
        assert rule.condition  # every threshold in its words is known


def test_it_reads_stored_check_ins_without_the_newer_answers():
    # A check-in stored before the second review has only the first three warning signs.
    old = {key: value for key, value in WELL.items() if key != "pain_area"}
    assert assess(old).level == GREEN
    assert assess({}).level == GREEN


def test_it_lets_the_worst_rule_win_and_keeps_every_reason_worst_first():
    result = assess(day(sleep="poor", nausea="mild", fever_38=True, fainted=True))
    assert result.level == RED
    assert result.urgency == EMERGENCY
    assert result.codes == ("fainted", "fever", "nausea_mild", "sleep_poor")


def test_it_gives_amber_with_reasons_and_an_easy_pace_for_poor_sleep_and_mild_nausea():
    result = assess(day(sleep="poor", nausea="mild"))
    assert result.level == AMBER
    assert list(result.reasons) == ["You feel a little sick.", "You slept poorly last night."]
    assert "4 x 5 minutes" in result.advice[0]
    # Easy is Borg 9-11; 13 is already "somewhat hard".
    assert "(Borg 9-11)" in result.advice[0]
    assert "13" not in result.advice[0]


@pytest.mark.parametrize(
    "answers",
    [
        day(fever_38=True),
        day(chest_symptoms=True),
        day(breathless=True),
        day(fainted=True),
        day(bleeding=True),
        day(dizziness="strong"),
        day(nausea="vomited"),
        day(energy=1, nausea="mild"),
        day(pain=8),
    ],
)
def test_it_never_suggests_training_on_a_red_day(answers):
    result = assess(answers, restrictions=[restriction("cardiotoxic", max_rpe=13)])
    assert result.level == RED
    text = " ".join(result.advice).lower()
    assert "rest today" in text
    for word in ("walk", "minutes", "train as planned", "borg 9", "bouts", "seated"):
        assert word not in text
    assert result.reassurance == ""


def test_it_puts_the_call_first_and_drops_tomorrow_is_a_new_day_when_a_call_is_needed():
    fever = assess(day(fever_38=True))
    assert fever.advice[0] == "Call the oncology ward's 24-hour phone now."
    assert fever.call_now
    assert "Tomorrow is a new day" not in " ".join(fever.advice)
    faint = assess(day(fainted=True, fever_38=True))
    assert faint.advice[0] == "Call 113 now."
    dizzy = assess(day(dizziness="strong"))
    assert dizzy.advice[0] == "Contact your centre or the oncology ward today."
    assert "Rest today and let your body recover. Tomorrow is a new day." in dizzy.advice
    assert not dizzy.call_now


def test_it_says_when_to_call_113_for_chest_symptoms_and_the_ward_otherwise():
    result = assess(day(chest_symptoms=True))
    assert result.advice[0] == (
        "If you have chest pain or pressure now, call 113. Otherwise, call the oncology ward now."
    )
    with_faint = assess(day(chest_symptoms=True, fainted=True))
    assert with_faint.advice[0] == "Call 113 now."


def test_it_says_to_call_113_if_breathlessness_is_sudden_and_severe():
    result = assess(day(breathless=True))
    assert result.advice[:2] == (
        "Call the oncology ward's 24-hour phone now.",
        "If you are suddenly very short of breath, call 113.",
    )
    # Already "call 113 now": not twice.
    assert "If you are suddenly very short of breath, call 113." not in (
        assess(day(breathless=True, confusion=True)).advice
    )


def test_it_asks_for_a_contact_today_on_every_red_day():
    result = assess(day(pain=9))
    assert result.urgency == CONTACT_TODAY
    assert result.contact_clinic
    assert "Contact your centre or the oncology ward today." in result.advice


def test_it_gives_very_light_advice_for_very_low_energy_alone():
    result = assess(day(energy=1))
    assert result.advice[:2] == (
        "Keep it very light today: a few minutes of gentle movement, or rest if you need to.",
        "If the exhaustion is new or came on suddenly, contact your centre.",
    )
    assert not result.contact_clinic


def test_it_tells_the_patient_not_to_load_a_painful_metastasis_site():
    result = assess(day(pain=5, pain_area="pelvis"), restrictions=[BONE_PELVIS])
    assert (
        "Do not put load on the area that hurts until you have talked with your centre."
        in result.advice
    )
    assert "When you train again, follow the limits in your plan." in result.advice


def test_it_leaves_an_operated_area_out_and_says_to_contact_the_centre_if_it_gets_worse():
    result = assess(day(pain=5, pain_area="shoulder_left"), restrictions=[SURGERY_SHOULDER_LEFT])
    assert (
        "Leave out exercises that load the area of your operation. If the pain gets worse, "
        "contact your centre." in result.advice
    )
    # The general line says the same less well: only one of them.
    assert "Leave out exercises that load the area that hurts." not in result.advice


def test_it_gives_seated_exercise_and_a_fall_flag_after_a_fall():
    result = assess(day(fell=True))
    assert any("seated or supported" in line for line in result.advice)
    assert result.flags_due == ("fall",)
    red = assess(day(fell=True, nausea="vomited"))
    assert red.flags_due == ("red_checkin", "fall")
    assert not any("seated" in line for line in red.advice)


def test_it_calls_for_a_prolonged_soreness_flag_on_day_5():
    assert assess(day(sore_from_last="a_lot"), days_since_session=5).flags_due == (
        "prolonged_soreness",
    )
    assert assess(day(sore_from_last="a_lot"), days_since_session=4).flags_due == ()


def test_it_calls_for_a_red_checkin_flag_on_every_red_day_only():
    assert assess(day(pain=7)).flags_due == ("red_checkin",)
    assert assess(day(pain=6)).flags_due == ()


@pytest.mark.parametrize("answers", [WELL, day(sleep="poor")])
def test_it_shows_a_restrictions_cap_on_green_and_amber(answers):
    capped = restriction("cardiotoxic", max_rpe=13, max_heart_rate=130)
    advice = assess(answers, restrictions=[capped]).advice
    assert "Keep your effort at or below 13 on the Borg scale." in advice
    assert "Keep your heart rate at or below 130 beats a minute." in advice


def test_it_says_follow_the_plan_when_training_again_on_a_red_day_with_a_restriction():
    capped = restriction("cardiotoxic", max_rpe=13, max_heart_rate=130)
    advice = assess(day(fever_38=True), restrictions=[capped]).advice
    assert advice[-1] == (
        "When you train again, follow the limits in your plan: effort at or below 13 on the "
        "Borg scale and heart rate at or below 130 beats a minute."
    )
    assert not any(line.startswith("Keep your") for line in advice)
    surgery = assess(day(fever_38=True), restrictions=[SURGERY_SHOULDER_LEFT]).advice
    assert surgery[-1] == "When you train again, follow the limits in your plan."
    assert "Follow the limits in your plan from your physiotherapist." not in surgery


def test_it_shows_only_the_lowest_caps_of_several_restrictions():
    advice = assess(
        day(sleep="poor"),
        restrictions=[
            restriction("cardiotoxic", max_rpe=15, max_heart_rate=120),
            restriction("other", max_rpe=11, max_heart_rate=140),
        ],
    ).advice
    assert "Keep your effort at or below 11 on the Borg scale." in advice
    assert "Keep your heart rate at or below 120 beats a minute." in advice
    text = " ".join(advice)
    assert "15" not in text
    assert "140" not in text
    assert guidance.lowest_caps([]) == (None, None)


def test_it_points_to_the_plan_for_a_restriction_without_a_cap():
    surgery = restriction("after_surgery", "shoulder_left")
    neuropathy = restriction("neuropathy")
    advice = assess(WELL, restrictions=[surgery, neuropathy]).advice
    assert "Follow the limits in your plan from your physiotherapist." in advice
    assert "Choose exercises where you can sit or hold on, to keep your balance." in advice
    assert "Follow the limits in your plan from your physiotherapist." not in (
        assess(WELL, restrictions=[neuropathy]).advice
    )


@pytest.mark.parametrize("flag", ["slow_recovery", "too_hard"])
def test_it_steps_a_green_day_down_to_amber_after_a_hard_session(flag):
    result = assess(WELL, recent_flags=[flag])
    assert result.level == AMBER
    assert result.codes == (f"recent_{flag}",)
    assert result.advice[0].startswith("Keep it shorter and lighter than last time")
    assert "2 or 3 short bouts of 5 minutes" in result.advice[0]


def test_it_keeps_an_amber_day_amber_but_lighter_after_a_slow_recovery():
    plain = assess(day(sleep="poor"))
    stepped = assess(day(sleep="poor"), recent_flags=["slow_recovery"])
    assert plain.level == stepped.level == AMBER
    assert stepped.advice[0] != plain.advice[0]
    assert "shorter and lighter" in stepped.advice[0]


def test_it_keeps_a_red_day_red_after_a_slow_recovery():
    result = assess(day(fever_38=True), recent_flags=["slow_recovery", "too_hard"])
    assert result.level == RED
    assert "Rest today and let your body recover." in result.advice


def test_it_ignores_other_flag_kinds():
    assert assess(WELL, recent_flags=["injury_flare", "red_checkin", "fall"]).level == GREEN


def test_it_keeps_the_step_down_window_and_flag_kinds_together():
    assert guidance.STEP_DOWN_FLAGS == ("slow_recovery", "too_hard")
    assert guidance.STEP_DOWN_WINDOW.days == 3


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


@pytest.mark.parametrize(
    ("level", "codes", "urgency", "flags"),
    [
        # Stored before energy 0-2 became amber: still red, still a contact today.
        (RED, ["energy_very_low"], CONTACT_TODAY, ("red_checkin",)),
        (RED, ["fever", "sleep_poor"], CALL_NOW, ("red_checkin",)),
        (RED, ["chest_symptoms"], EMERGENCY, ("red_checkin",)),
        (AMBER, ["fell"], NONE, ("fall",)),
        (GREEN, [], NONE, ()),
    ],
)
def test_it_gives_the_urgency_and_flags_of_stored_codes(level, codes, urgency, flags):
    result = describe(level, codes)
    assert result.urgency == urgency
    assert result.flags_due == flags


def test_it_skips_unknown_codes_and_refuses_an_unknown_level():
    assert describe(AMBER, ["no_such_code", "sleep_poor"]).codes == ("sleep_poor",)
    with pytest.raises(ValueError):
        describe("purple", [])


@pytest.mark.parametrize(
    ("answers", "flags"),
    [(day(sleep="poor"), []), (day(sleep="poor"), ["slow_recovery"]), (WELL, ["too_hard"])],
)
def test_it_does_not_suggest_an_effort_above_a_restrictions_cap(answers, flags):
    # A cap of 10 with "Borg 9-11" in the example would invite effort above the cap.
    capped = restriction("cardiotoxic", max_rpe=10)
    result = assess(answers, restrictions=[capped], recent_flags=flags)
    text = " ".join(result.advice)
    assert result.level == AMBER
    assert "Borg 9-11" not in text
    assert "within your limit" in result.advice[0]
    assert "Keep your effort at or below 10 on the Borg scale." in text


def test_it_keeps_the_example_effort_when_the_cap_is_at_or_above_it():
    at_top = restriction("cardiotoxic", max_rpe=11)
    assert "(Borg 9-11)" in assess(day(sleep="poor"), restrictions=[at_top]).advice[0]


def test_it_does_not_suggest_balance_exercises_on_a_red_day():
    neuropathy = restriction("neuropathy")
    advice = assess(day(fever_38=True), restrictions=[neuropathy]).advice
    assert str(guidance.ADVICE_BALANCE) not in advice
    assert "exercise" not in " ".join(advice).lower()
    assert "When you train again, follow the limits in your plan." in advice
    assert str(guidance.ADVICE_BALANCE) in assess(WELL, restrictions=[neuropathy]).advice


def test_it_lists_every_warning_sign_a_rule_knows_and_no_other():
    signs = {key for key, _label in guidance.WARNING_SIGNS}
    for key in signs:
        assert assess(day(**{key: True})).level != GREEN, key
    assert guidance.LINE_SITE in signs


def test_it_words_the_rules_for_the_rules_page_with_their_thresholds():
    conditions = {rule.code: rule.condition for rule in guidance.RULES}
    assert conditions["pain_strong"] == "Pain 7 or more"
    assert conditions["pain_moderate"] == "Pain 4-6"
    assert conditions["energy_low"] == "Energy 3-4"
    assert conditions["energy_very_low"] == "Energy 0-2"
    assert "3 days" in conditions["recent_slow_recovery"]
    assert "day 5" in conditions["sore_prolonged"]


def test_it_speaks_plain_bokmal():
    with translation.override("nb"):
        fever = assess(day(fever_38=True), restrictions=[SURGERY_SHOULDER_LEFT])
        assert "Kroppen trenger energien sin" in fever.reasons[0]
        assert "kreftene" not in " ".join(fever.reasons)
        assert fever.advice[0] == "Ring kreftavdelingens døgnåpne telefon nå."
        assert "I morgen er en ny dag" not in " ".join(fever.advice)
        assert fever.advice[-1] == "Når du trener igjen, følg grensene i planen."
        assert fever.reassurance == ""
        dizzy = assess(day(dizziness="strong"))
        assert "Kroppen trenger hvile i dag. I morgen er en ny dag." in dizzy.advice
        stepped = assess(WELL, recent_flags=["slow_recovery"])
        assert stepped.reasons == ("Du hadde ikke kommet deg innen et døgn etter en økt nylig.",)
        assert "2 eller 3 bolker på 5 minutter" in stepped.advice[0]
        assert "Borg 9–11" in stepped.advice[0]
        assert stepped.reassurance.startswith("Aktivitet er trygt og hjelper.")
        assert "kommet deg" in stepped.reassurance and "restituert" not in stepped.reassurance
        green = assess(WELL)
        assert "restituert" not in green.advice[0] and "kommet deg" in green.advice[0]


# A run of hard days: levels by days before the day (0 = the day itself) -> flagged?
D = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("levels", "flagged"),
    [
        ({0: AMBER, 1: AMBER, 2: AMBER}, True),
        ({0: RED, 1: AMBER, 2: RED, 3: GREEN}, True),
        ({0: AMBER, 1: AMBER}, False),  # two days
        ({0: AMBER, 1: AMBER, 3: AMBER}, False),  # a day without a check-in between
        ({0: AMBER, 1: GREEN, 2: AMBER}, False),
        ({0: GREEN, 1: AMBER, 2: AMBER}, False),
        ({0: AMBER, 1: AMBER, 2: AMBER, 3: AMBER}, False),  # flagged on the day before
        ({0: AMBER, 1: AMBER, 2: AMBER, 3: RED, 4: GREEN}, False),
    ],
)
def test_it_finds_the_day_that_completes_a_run_of_hard_days(levels, flagged):
    by_date = {D - dt.timedelta(days=ago): level for ago, level in levels.items()}
    assert guidance.completes_hard_run(by_date, D) is flagged
    assert guidance.HARD_DAYS_IN_A_ROW == 3


@pytest.mark.parametrize(
    ("signs", "call"),
    [
        ((), NONE),
        (("fell",), NONE),
        (("fever_38",), CALL_NOW),
        (("line_site", "fell"), CALL_NOW),
        (("fever_38", "confusion"), EMERGENCY),
        (("chest_symptoms",), EMERGENCY),
    ],
)
def test_it_gives_the_call_the_signs_alone_need_at_once(signs, call):
    assert guidance.call_from_signs(signs) == call


def test_it_words_the_run_of_hard_days_for_the_rules_page():
    (row,) = guidance.PATTERN_FLAGS
    assert row.flag == "repeated_hard_days"
    assert row.condition.startswith("Amber or red on 3 days in a row")
    assert row.sources
