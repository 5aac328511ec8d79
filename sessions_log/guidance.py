"""The day's guidance from a check-in: pure functions, no models, no database.

``assess(answers, restrictions=..., recent_flags=...)`` gives one level (green / amber / red),
the reasons and the advice for the day. Every threshold is one row in ``RULES`` with its
source, so a clinic can review the table as a whole. The worst matching row wins.

A check-in stores the level and the reason *codes*; ``describe`` turns codes back into
sentences in the active language, so switching language re-translates an old check-in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

GREEN = "green"
AMBER = "amber"
RED = "red"
LEVELS = (GREEN, AMBER, RED)
_RANK = {GREEN: 0, AMBER: 1, RED: 2}

# Sources, named next to each rule (DESIGN.md, "The guidance rules").
SEED = (
    "Seed article on Pusterom: you should recover within about a day; not the day for hard "
    "training after bad sleep, dizziness or nausea; several short bouts are fine"
)
ACSM = (
    "ACSM 2019 exercise guidelines for cancer survivors (Campbell et al., "
    "Med Sci Sports Exerc 51:2375-2390)"
)
HDIR = "Helsedirektoratet: advice on physical activity during and after cancer treatment"
WHEN_TO_CALL = 'Macmillan Cancer Support and Cancer.Net: "when to call your care team"'

# Flag kinds (sessions_log.models.Flag.Kind values) that mean the last session was too much.
STEP_DOWN_FLAGS = ("slow_recovery", "too_hard")


@dataclass(frozen=True)
class Rule:
    code: str  # stable, stored in CheckIn.reasons
    level: str
    applies: Callable[[Mapping, frozenset], bool]  # (answers, recent flag kinds)
    reason: str  # shown to the patient
    source: str  # for the clinic's review; not shown to patients
    contact_clinic: bool = False


def _energy(a: Mapping) -> int:
    return int(a.get("energy", 10))


def _pain(a: Mapping) -> int:
    return int(a.get("pain", 0))


# The one table. Order within a level is the order reasons are shown.
RULES: tuple[Rule, ...] = (
    Rule(
        "fever",
        RED,
        lambda a, f: bool(a.get("fever_38")),
        _("You have a fever of 38 °C or more. The body needs its strength to fight it."),
        WHEN_TO_CALL,
        contact_clinic=True,
    ),
    Rule(
        "chest_symptoms",
        RED,
        lambda a, f: bool(a.get("chest_symptoms")),
        _("You have chest pain or a racing, uneven heartbeat."),
        WHEN_TO_CALL,
        contact_clinic=True,
    ),
    Rule(
        "breathless",
        RED,
        lambda a, f: bool(a.get("breathless")),
        _("You are short of breath in a way that is new to you."),
        WHEN_TO_CALL,
        contact_clinic=True,
    ),
    Rule(
        "dizziness_strong",
        RED,
        lambda a, f: a.get("dizziness") == "strong",
        _("You feel very dizzy."),
        SEED,
    ),
    Rule(
        "vomited",
        RED,
        lambda a, f: a.get("nausea") == "vomited",
        _("You have vomited in the last day."),
        SEED,
    ),
    Rule(
        "energy_very_low",
        RED,
        lambda a, f: _energy(a) <= 2,
        _("Your energy is very low today."),
        ACSM,
    ),
    Rule(
        "pain_strong",
        RED,
        lambda a, f: _pain(a) >= 7,
        _("You have strong pain."),
        ACSM,
    ),
    Rule(
        "dizziness_mild",
        AMBER,
        lambda a, f: a.get("dizziness") == "mild",
        _("You feel a little dizzy."),
        SEED,
    ),
    Rule(
        "nausea_mild",
        AMBER,
        lambda a, f: a.get("nausea") == "mild",
        _("You feel a little sick."),
        SEED,
    ),
    Rule(
        "energy_low",
        AMBER,
        lambda a, f: 3 <= _energy(a) <= 4,
        _("Your energy is lower than usual."),
        ACSM,
    ),
    Rule(
        "sleep_poor",
        AMBER,
        lambda a, f: a.get("sleep") == "poor",
        _("You slept poorly last night."),
        SEED,
    ),
    Rule(
        "pain_moderate",
        AMBER,
        lambda a, f: 4 <= _pain(a) <= 6,
        _("You have some pain."),
        ACSM,
    ),
    # Some soreness after training is normal; a lot of it means the last session was more
    # than the body could take within a day.
    Rule(
        "sore_a_lot",
        AMBER,
        lambda a, f: a.get("sore_from_last") == "a_lot",
        _("Your muscles are still very sore from last time."),
        SEED,
    ),
    # "Step down one level" after a session the body did not recover from. These rows are
    # amber, so green becomes amber and amber stays amber (with lighter advice below). They
    # never make a day red: resting only because the last session was slow to recover from
    # would take away the very activity that helps, and red is kept for the body's own
    # warning signs. Red stays red.
    Rule(
        "recent_slow_recovery",
        AMBER,
        lambda a, f: "slow_recovery" in f,
        _("You had not recovered from a recent session within a day."),
        SEED,
    ),
    Rule(
        "recent_too_hard",
        AMBER,
        lambda a, f: "too_hard" in f,
        _("A recent session left you too tired for everyday chores."),
        SEED,
    ),
)

RULES_BY_CODE = {rule.code: rule for rule in RULES}
_STEP_DOWN_CODES = {"recent_slow_recovery", "recent_too_hard"}

ADVICE = {
    GREEN: _(
        "Train as planned. Warm up gently and listen to your body. "
        "You should feel recovered within about a day."
    ),
    AMBER: _(
        "Choose something light and short today, for example a 20-minute walk split into "
        "4 x 5 minutes at an easy pace (RPE 11-13). Short bouts count too."
    ),
    RED: _("Rest today and let your body recover. Tomorrow is a new day."),
}
# Amber after a session the body did not recover from: shorter and lighter again.
ADVICE_AMBER_LIGHTER = _(
    "Keep it shorter and lighter than last time, for example 2 or 3 bouts of 5 minutes at an "
    "easy pace (RPE 11-12), or rest if your body asks for it."
)
# The same advice without the example's effort, for a restriction that caps effort below the
# example's top (RPE 13, or 12 when lighter): the cap itself follows in restriction_advice.
ADVICE_AMBER_WITHIN_CAP = _(
    "Choose something light and short today, for example a 20-minute walk split into "
    "4 x 5 minutes at an easy pace, within your limit. Short bouts count too."
)
ADVICE_AMBER_LIGHTER_WITHIN_CAP = _(
    "Keep it shorter and lighter than last time, for example 2 or 3 bouts of 5 minutes at an "
    "easy pace within your limit, or rest if your body asks for it."
)
AMBER_EXAMPLE_RPE = 13
AMBER_LIGHTER_EXAMPLE_RPE = 12
ADVICE_SEATED = _(
    "Choose seated or supported exercise, for example an exercise bike or exercises where you "
    "hold on to a chair."
)
ADVICE_SKIP_PAINFUL_AREA = _("Leave out exercises that load the area that hurts.")
ADVICE_CONTACT = _("Contact your centre or the oncology ward today.")
ADVICE_WORSE = _("If you feel worse or are worried, contact your centre.")
ADVICE_FOLLOW_PLAN = _("Follow the limits in your plan from your physiotherapist.")
ADVICE_BALANCE = _("Choose exercises where you can sit or hold on, to keep your balance.")


@dataclass(frozen=True)
class Assessment:
    level: str
    codes: tuple[str, ...]  # stable reason codes, worst first
    reasons: tuple[str, ...]  # sentences in the active language
    advice: tuple[str, ...]  # what to do today, one sentence or two each

    @property
    def contact_clinic(self) -> bool:
        return any(RULES_BY_CODE[c].contact_clinic for c in self.codes if c in RULES_BY_CODE)


def assess(answers: Mapping, *, restrictions: Iterable = (), recent_flags: Iterable = ()):
    """The level, reasons and advice for a day's check-in answers.

    ``restrictions`` are the ones in force on the check-in's day (the caller knows the day);
    ``recent_flags`` are kinds of the patient's recent flags (see STEP_DOWN_FLAGS)."""
    flags = frozenset(recent_flags)
    matched = [rule for rule in RULES if rule.applies(answers, flags)]
    level = max((rule.level for rule in matched), key=_RANK.__getitem__, default=GREEN)
    return describe(level, [rule.code for rule in matched], restrictions=restrictions)


def describe(level: str, codes: Iterable[str], *, restrictions: Iterable = ()) -> Assessment:
    """Reasons and advice from a stored level and reason codes (unknown codes are skipped)."""
    if level not in _RANK:
        raise ValueError(f"unknown level {level!r}")
    rules = sorted(
        (RULES_BY_CODE[c] for c in dict.fromkeys(codes) if c in RULES_BY_CODE),
        key=lambda r: (-_RANK[r.level], RULES.index(r)),
    )
    codes = tuple(rule.code for rule in rules)
    restrictions = tuple(restrictions)
    rpe_cap = min(
        (r.max_rpe for r in restrictions if getattr(r, "max_rpe", None)), default=AMBER_EXAMPLE_RPE
    )
    advice: list[str] = [ADVICE[level]]
    if level == AMBER:
        if _STEP_DOWN_CODES & set(codes):
            advice[0] = (
                ADVICE_AMBER_LIGHTER
                if rpe_cap >= AMBER_LIGHTER_EXAMPLE_RPE
                else ADVICE_AMBER_LIGHTER_WITHIN_CAP
            )
        elif rpe_cap < AMBER_EXAMPLE_RPE:
            advice[0] = ADVICE_AMBER_WITHIN_CAP
        if "dizziness_mild" in codes:
            advice.append(ADVICE_SEATED)
        if "pain_moderate" in codes:
            advice.append(ADVICE_SKIP_PAINFUL_AREA)
    if level == RED:
        # Red never suggests training; a warning sign of infection or the heart means a call.
        if any(rule.contact_clinic for rule in rules):
            advice.append(ADVICE_CONTACT)
        else:
            advice.append(ADVICE_WORSE)
    advice.extend(restriction_advice(restrictions, level=level))
    return Assessment(
        level=level,
        codes=codes,
        reasons=tuple(rule.reason for rule in rules),
        advice=tuple(str(a) for a in advice),
    )


def restriction_advice(restrictions: Iterable, *, level: str = GREEN) -> list[str]:
    """An active restriction shows on every level: its caps, or a pointer to the plan."""
    lines: list[str] = []
    for restriction in restrictions:
        max_rpe = getattr(restriction, "max_rpe", None)
        max_hr = getattr(restriction, "max_heart_rate", None)
        if max_rpe:
            text = (
                _("When you train again, keep your effort at or below %(rpe)s on the Borg scale.")
                if level == RED
                else _("Keep your effort at or below %(rpe)s on the Borg scale.")
            )
            lines.append(str(text) % {"rpe": max_rpe})
        if max_hr:
            text = (
                _("When you train again, keep your heart rate at or below %(hr)s beats a minute.")
                if level == RED
                else _("Keep your heart rate at or below %(hr)s beats a minute.")
            )
            lines.append(str(text) % {"hr": max_hr})
        if getattr(restriction, "kind", "") == "neuropathy" and level != RED:
            # Red never suggests exercises, not even balance-friendly ones.
            lines.append(str(ADVICE_BALANCE))
        elif not (max_rpe or max_hr):
            lines.append(str(ADVICE_FOLLOW_PLAN))
    return list(dict.fromkeys(lines))  # the same sentence once, even for two restrictions
