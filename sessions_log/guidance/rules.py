"""The rules table: every threshold of the day's guidance is one row of ``RULES``, with its
sources, so a clinic can review the table as a whole (the page "How the advice works",
``sessions_log.triage.guidance_page``, is generated from it).

A row's code is stored on the check-in (``CheckIn.reasons``), so codes stay stable. Rows are
ordered by level and urgency, most urgent first; within a level and an urgency the order is
the order the reasons are shown. ``sessions_log.guidance.assessment`` matches the rows
against a check-in's answers; the worst matching row wins.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from sessions_log.guidance.conditions import Context, Rule, energy_of, pain_at, pain_of, yes
from sessions_log.guidance.signs import AMBER, CALL_NOW, CONTACT_TODAY, EMERGENCY, LINE_SITE, RED
from sessions_log.guidance.sources import ACSM, BONE_METS, HDIR, SEED, TOOLKIT, WHEN_TO_CALL
from sessions_log.guidance.texts import (
    ADVICE_BONE_AREA,
    ADVICE_BREATHLESS_113,
    ADVICE_CHEST,
    ADVICE_EXHAUSTION_NEW,
    ADVICE_FALL,
    ADVICE_SEATED,
    ADVICE_SKIP_PAINFUL_AREA,
    ADVICE_SURGERY_AREA,
)
from sessions_log.guidance.thresholds import (
    AFTER_SURGERY,
    BONE_METASTASIS,
    ENERGY_LOW,
    ENERGY_VERY_LOW,
    FALL_FLAG,
    PAIN_MODERATE,
    PAIN_STRONG,
    PROLONGED_SORENESS_DAY,
    PROLONGED_SORENESS_FLAG,
)


def _another_amber_sign(a: Mapping, c: Context) -> bool:
    """An amber answer about today's body besides very low energy (not a step-down)."""
    return any(
        rule.level == AMBER
        and rule.body_sign
        and rule.code != "energy_very_low"
        and rule.applies(a, c)
        for rule in RULES
    )


# The one table. Order within a level and an urgency is the order reasons are shown.
RULES: tuple[Rule, ...] = (
    # Call 113 now.
    Rule(
        "chest_symptoms",
        RED,
        yes("chest_symptoms"),
        _("Chest pain or pressure, or palpitations"),
        _("You have chest pain or pressure, or a racing, uneven heartbeat."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=EMERGENCY,
        advice=(ADVICE_CHEST,),
    ),
    Rule(
        "fainted",
        RED,
        yes("fainted"),
        _("Fainted"),
        _("You have fainted."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=EMERGENCY,
    ),
    Rule(
        "confusion",
        RED,
        yes("confusion"),
        _("New confusion"),
        _("You feel confused in a way that is new to you."),
        (WHEN_TO_CALL,),
        urgency=EMERGENCY,
    ),
    # Back pain with new neurological signs can be spinal cord compression from a metastasis.
    Rule(
        "back_pain_weakness",
        RED,
        yes("back_pain_weakness"),
        _(
            "Back pain with new weakness or numbness in the legs, or loss of bladder or bowel "
            "control"
        ),
        _(
            "You have back pain with new weakness or numbness in your legs, or trouble "
            "holding urine or stool."
        ),
        (WHEN_TO_CALL, BONE_METS),
        urgency=EMERGENCY,
    ),
    # Call the oncology ward's 24-hour phone now: infection, bleeding, a clot, dehydration.
    Rule(
        "fever",
        RED,
        yes("fever_38"),
        _("Fever of 38 °C or more"),
        _("You have a fever of 38 °C or more. The body needs its energy to fight it."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=CALL_NOW,
    ),
    Rule(
        "chills",
        RED,
        yes("chills"),
        _("Shaking chills or feeling acutely ill"),
        _("You have shaking chills, or you feel suddenly very ill."),
        (WHEN_TO_CALL,),
        urgency=CALL_NOW,
    ),
    Rule(
        "breathless",
        RED,
        yes("breathless"),
        _("New breathlessness"),
        _("You are short of breath in a way that is new to you."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=CALL_NOW,
        advice=(ADVICE_BREATHLESS_113,),
    ),
    Rule(
        "bleeding",
        RED,
        yes("bleeding"),
        _("New bleeding or unusual bruising"),
        _("You have new bleeding or unusual bruising."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=CALL_NOW,
    ),
    Rule(
        "swelling_one_side",
        RED,
        yes("swelling_one_side"),
        _("New swelling, warmth or pain in one leg or arm"),
        _("One leg or arm has new swelling, warmth or pain."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=CALL_NOW,
    ),
    Rule(
        "fluids",
        RED,
        yes("fluids"),
        _("Cannot keep fluids down, or diarrhoea many times today"),
        _("You cannot keep fluids down, or you have had diarrhoea many times today."),
        (WHEN_TO_CALL,),
        urgency=CALL_NOW,
    ),
    Rule(
        "line_site",
        RED,
        yes(LINE_SITE),
        _("The site of a port or PICC line is red, swollen or leaking"),
        _("The skin around your port or PICC line is red, swollen or leaking."),
        (WHEN_TO_CALL,),
        urgency=CALL_NOW,
    ),
    # Rest today and contact the centre today.
    Rule(
        "dizziness_strong",
        RED,
        lambda a, c: a.get("dizziness") == "strong",
        _("Very dizzy"),
        _("You feel very dizzy."),
        (SEED, TOOLKIT),
        urgency=CONTACT_TODAY,
    ),
    Rule(
        "vomited",
        RED,
        lambda a, c: a.get("nausea") == "vomited",
        _("Vomited in the last day"),
        _("You have vomited in the last day."),
        (SEED,),
        urgency=CONTACT_TODAY,
    ),
    Rule(
        "pain_strong",
        RED,
        lambda a, c: pain_of(a) >= PAIN_STRONG,
        _("Pain %(pain_strong)s or more"),
        _("You have strong pain."),
        (ACSM,),
        urgency=CONTACT_TODAY,
    ),
    Rule(
        "pain_bone_metastasis",
        RED,
        lambda a, c: pain_at(a, c, BONE_METASTASIS),
        _("Pain %(pain_at_area)s or more where an active bone-metastasis restriction is"),
        _("It hurts where your physiotherapist has set a limit for a bone metastasis."),
        (BONE_METS,),
        urgency=CONTACT_TODAY,
        advice=(ADVICE_BONE_AREA,),
    ),
    Rule(
        "energy_very_low_and_more",
        RED,
        lambda a, c: energy_of(a) <= ENERGY_VERY_LOW and _another_amber_sign(a, c),
        _(
            "Energy %(energy_very_low)s or lower together with another amber sign from "
            "today's answers"
        ),
        _("Your energy is very low, together with another sign today."),
        (ACSM,),
        urgency=CONTACT_TODAY,
    ),
    # Amber: light, short, split into bouts.
    Rule(
        "dizziness_mild",
        AMBER,
        lambda a, c: a.get("dizziness") == "mild",
        _("A little dizzy"),
        _("You feel a little dizzy."),
        (SEED,),
        advice=(ADVICE_SEATED,),
    ),
    Rule(
        "fell",
        AMBER,
        yes("fell"),
        _("A fall or a near-fall since the last check-in"),
        _("You have had a fall or a near-fall."),
        (TOOLKIT, ACSM),
        advice=(ADVICE_SEATED, ADVICE_FALL),
        flag=FALL_FLAG,
    ),
    Rule(
        "nausea_mild",
        AMBER,
        lambda a, c: a.get("nausea") == "mild",
        _("A little sick"),
        _("You feel a little sick."),
        (SEED,),
    ),
    # ACSM: avoid inactivity; even with severe fatigue a few minutes of light movement helps.
    Rule(
        "energy_very_low",
        AMBER,
        lambda a, c: energy_of(a) <= ENERGY_VERY_LOW,
        _("Energy 0-%(energy_very_low)s"),
        _("Your energy is very low today."),
        (ACSM, HDIR),
        advice=(ADVICE_EXHAUSTION_NEW,),
    ),
    Rule(
        "energy_low",
        AMBER,
        lambda a, c: ENERGY_VERY_LOW < energy_of(a) <= ENERGY_LOW,
        _("Energy %(energy_low_from)s-%(energy_low)s"),
        _("Your energy is lower than usual."),
        (ACSM,),
    ),
    Rule(
        "sleep_poor",
        AMBER,
        lambda a, c: a.get("sleep") == "poor",
        _("Slept poorly"),
        _("You slept poorly last night."),
        (SEED,),
    ),
    Rule(
        "pain_moderate",
        AMBER,
        lambda a, c: PAIN_MODERATE <= pain_of(a) < PAIN_STRONG,
        _("Pain %(pain_moderate)s-%(pain_moderate_to)s"),
        _("You have some pain."),
        (ACSM,),
        advice=(ADVICE_SKIP_PAINFUL_AREA,),
    ),
    Rule(
        "pain_after_surgery",
        AMBER,
        lambda a, c: pain_at(a, c, AFTER_SURGERY),
        _("Pain %(pain_at_area)s or more where an active after-surgery restriction is"),
        _("It hurts in the area of your operation."),
        (TOOLKIT,),
        advice=(ADVICE_SURGERY_AREA,),
    ),
    # Some soreness after training is normal; a lot of it means the last session was more
    # than the body could take within a day.
    Rule(
        "sore_a_lot",
        AMBER,
        lambda a, c: a.get("sore_from_last") == "a_lot",
        _("Very sore from the last session"),
        _("Your muscles are still very sore from last time."),
        (SEED,),
    ),
    Rule(
        "sore_prolonged",
        AMBER,
        lambda a, c: (
            a.get("sore_from_last") == "a_lot"
            and c.days_since_session is not None
            and c.days_since_session >= PROLONGED_SORENESS_DAY
        ),
        _("Very sore from the last session, on day %(sore_day)s or later after it"),
        _("You are still very sore several days after your last session."),
        (SEED,),
        flag=PROLONGED_SORENESS_FLAG,
    ),
    # "Step down one level" after a session the body did not recover from. These rows are
    # amber, so green becomes amber and amber stays amber (with lighter advice below). They
    # never make a day red: resting only because the last session was slow to recover from
    # would take away the very activity that helps, and red is kept for the body's own
    # warning signs. Red stays red.
    Rule(
        "recent_slow_recovery",
        AMBER,
        lambda a, c: "slow_recovery" in c.flags,
        _(
            "Not recovered within a day after a session, in the last %(step_down_days)s "
            "days: a green day becomes amber, and the advice is shorter and lighter"
        ),
        _("You had not recovered within a day after a recent session."),
        (SEED,),
        body_sign=False,
    ),
    Rule(
        "recent_too_hard",
        AMBER,
        lambda a, c: "too_hard" in c.flags,
        _(
            "Daily chores not managed after a session, in the last %(step_down_days)s days: "
            "a green day becomes amber, and the advice is shorter and lighter"
        ),
        _("A recent session left you too tired for everyday chores."),
        (SEED,),
        body_sign=False,
    ),
)

RULES_BY_CODE = {rule.code: rule for rule in RULES}
STEP_DOWN_CODES = {"recent_slow_recovery", "recent_too_hard"}
ORDER = {rule.code: i for i, rule in enumerate(RULES)}
