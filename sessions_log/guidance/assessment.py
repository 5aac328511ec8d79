"""The day's guidance from a check-in's answers, by the rules table.

``assess`` matches every row of ``RULES`` against the answers: the worst matching row wins,
for the level and for the urgency alike. ``describe`` gives the reasons (in the active
language), the urgency, the advice and the flags due from a stored level and reason codes,
so switching language re-translates an old check-in. ``call_from_signs`` is the call the
ticked warning signs alone ask for, shown before the rest is answered. ``lowest_caps`` and
``restriction_advice`` add what a restriction in force asks of the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sessions_log.guidance import texts
from sessions_log.guidance.conditions import Context, Rule
from sessions_log.guidance.rules import ORDER, RULES, RULES_BY_CODE, STEP_DOWN_CODES
from sessions_log.guidance.signs import (
    AMBER,
    CALL_NOW,
    CONTACT_TODAY,
    EMERGENCY,
    GREEN,
    NONE,
    RANK,
    RED,
    URGENCY_RANK,
)
from sessions_log.guidance.thresholds import EASY_BORG, NEUROPATHY, RED_CHECKIN_FLAG


@dataclass(frozen=True)
class Assessment:
    level: str
    codes: tuple[str, ...]  # stable reason codes, worst first
    reasons: tuple[str, ...]  # sentences in the active language
    advice: tuple[str, ...]  # what to do today, one sentence or two each; a call comes first
    urgency: str = NONE  # who to call and how soon (URGENCIES)
    flags_due: tuple[str, ...] = ()  # Flag.Kind values the physiotherapist should get
    reassurance: str = ""  # "Activity is safe and helps", never under red

    @property
    def contact_clinic(self) -> bool:
        return self.urgency != NONE

    @property
    def call_now(self) -> bool:
        """A call at once: the oncology ward's 24-hour phone or 113."""
        return self.urgency in (CALL_NOW, EMERGENCY)


def assess(
    answers: Mapping,
    *,
    restrictions: Iterable = (),
    recent_flags: Iterable = (),
    days_since_session: int | None = None,
) -> Assessment:
    """The level, urgency, reasons, advice and flags for a day's check-in answers.

    ``restrictions`` are the ones in force on the check-in's day (the caller knows the day);
    ``recent_flags`` are kinds of the patient's recent flags (see STEP_DOWN_FLAGS and
    STEP_DOWN_WINDOW); ``days_since_session`` is the number of local days from the patient's
    last session to the check-in's day, or None (for "still very sore on day 5")."""
    restrictions = tuple(restrictions)
    context = Context(
        flags=frozenset(recent_flags),
        restrictions=restrictions,
        days_since_session=days_since_session,
    )
    matched = [rule for rule in RULES if rule.applies(answers, context)]
    level = max((rule.level for rule in matched), key=RANK.__getitem__, default=GREEN)
    return describe(level, [rule.code for rule in matched], restrictions=restrictions)


def call_from_signs(signs: Iterable[str]) -> str:
    """The call the ticked warning signs alone ask for when it is a call at once (the ward
    now, or 113), else NONE. No other answer can lower a level or an urgency, so the
    check-in shows the call before the patient answers the rest."""
    urgency = assess(dict.fromkeys(signs, True)).urgency
    return urgency if urgency in (CALL_NOW, EMERGENCY) else NONE


def describe(level: str, codes: Iterable[str], *, restrictions: Iterable = ()) -> Assessment:
    """Reasons, urgency, advice and flags from a stored level and reason codes (unknown codes
    are skipped, so a check-in stored before a rule was renamed still shows)."""
    if level not in RANK:
        raise ValueError(f"unknown level {level!r}")
    rules = sorted(
        (RULES_BY_CODE[c] for c in dict.fromkeys(codes) if c in RULES_BY_CODE),
        key=lambda r: (-RANK[r.level], -URGENCY_RANK[r.urgency], ORDER[r.code]),
    )
    codes = tuple(rule.code for rule in rules)
    urgency = max(
        [rule.urgency for rule in rules] + [CONTACT_TODAY if level == RED else NONE],
        key=URGENCY_RANK.__getitem__,
    )
    restrictions = tuple(restrictions)
    advice = _red_advice(rules, urgency) if level == RED else _advice(level, rules, restrictions)
    advice.extend(restriction_advice(restrictions, level=level))
    flags = [RED_CHECKIN_FLAG] if level == RED else []
    flags.extend(rule.flag for rule in rules if rule.flag)
    return Assessment(
        level=level,
        codes=codes,
        reasons=tuple(str(rule.reason) for rule in rules),
        advice=tuple(dict.fromkeys(str(a) for a in advice)),
        urgency=urgency,
        flags_due=tuple(dict.fromkeys(flags)),
        reassurance="" if level == RED else str(texts.REASSURANCE),
    )


def _red_advice(rules: list[Rule], urgency: str) -> list:
    """Red never suggests training: who to call first, then rest, then what not to load."""
    emergencies = {rule.code for rule in rules if rule.urgency == EMERGENCY}
    extra = [
        line
        for rule in rules
        if rule.level == RED
        for line in rule.advice
        if line is not texts.ADVICE_CHEST  # a call line: first, or covered by "call 113 now"
    ]
    if emergencies == {"chest_symptoms"}:
        calls = [texts.ADVICE_CHEST]
    elif urgency == CONTACT_TODAY:
        calls = [texts.ADVICE_CALL[CONTACT_TODAY]]
    else:
        calls = [texts.ADVICE_CALL[urgency]]
    if any(line is texts.ADVICE_BREATHLESS_113 for line in extra):
        extra = [line for line in extra if line is not texts.ADVICE_BREATHLESS_113]
        if calls[0] is not texts.ADVICE_CALL[EMERGENCY]:
            calls.append(texts.ADVICE_BREATHLESS_113)
    # "Tomorrow is a new day" only when no call is needed at once.
    rest = texts.ADVICE_RED_NEW_DAY if urgency == CONTACT_TODAY else texts.ADVICE[RED]
    return [*calls, rest, *extra]


def _advice(level: str, rules: list[Rule], restrictions: tuple) -> list:
    if level == GREEN:
        return [texts.ADVICE[GREEN]]
    codes = {rule.code for rule in rules}
    rpe_cap, _hr_cap = lowest_caps(restrictions)
    within_cap = rpe_cap is not None and rpe_cap < EASY_BORG[1]
    easy = {"low": EASY_BORG[0], "high": EASY_BORG[1]}
    if "energy_very_low" in codes:
        first = texts.ADVICE_AMBER_VERY_LIGHT
    elif STEP_DOWN_CODES & codes:
        first = (
            texts.ADVICE_AMBER_LIGHTER_WITHIN_CAP
            if within_cap
            else texts.ADVICE_AMBER_LIGHTER % easy
        )
    else:
        first = texts.ADVICE_AMBER_WITHIN_CAP if within_cap else texts.ADVICE[AMBER] % easy
    advice = [first]
    for rule in rules:
        if rule.level != AMBER:
            continue
        for line in rule.advice:
            # The operated area's own advice says it better than "the area that hurts".
            if line is texts.ADVICE_SKIP_PAINFUL_AREA and "pain_after_surgery" in codes:
                continue
            advice.append(line)
    return advice


def lowest_caps(restrictions: Iterable) -> tuple[int | None, int | None]:
    """The lowest effort (Borg) cap and the lowest heart-rate cap of the restrictions in
    force: with several restrictions only the lowest applies, and only it is shown."""
    restrictions = tuple(restrictions)
    rpe = min((r.max_rpe for r in restrictions if getattr(r, "max_rpe", None)), default=None)
    hr = min(
        (r.max_heart_rate for r in restrictions if getattr(r, "max_heart_rate", None)),
        default=None,
    )
    return rpe, hr


def restriction_advice(restrictions: Iterable, *, level: str = GREEN) -> list[str]:
    """An active restriction shows on every level: the lowest caps, balance-friendly
    exercises for neuropathy, or a pointer to the plan. On a red day only what to keep to
    when training starts again."""
    restrictions = tuple(restrictions)
    if not restrictions:
        return []
    rpe, hr = lowest_caps(restrictions)
    values = {"rpe": rpe, "hr": hr}
    if level == RED:
        return [str(texts.ADVICE_RED_RESTRICTION[(rpe is not None, hr is not None)]) % values]
    lines: list[str] = []
    if rpe is not None:
        lines.append(str(texts.ADVICE_KEEP_RPE) % values)
    if hr is not None:
        lines.append(str(texts.ADVICE_KEEP_HR) % values)
    kinds_without_caps = {
        getattr(r, "kind", "")
        for r in restrictions
        if not (getattr(r, "max_rpe", None) or getattr(r, "max_heart_rate", None))
    }
    if any(getattr(r, "kind", "") == NEUROPATHY for r in restrictions):
        lines.append(str(texts.ADVICE_BALANCE))
    if kinds_without_caps - {NEUROPATHY}:
        lines.append(str(texts.ADVICE_FOLLOW_PLAN))
    return lines
