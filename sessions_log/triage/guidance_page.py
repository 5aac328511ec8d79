"""How the advice works: the check-in rules in plain words for physiotherapists and clinic
staff. Everything on the page comes from ``sessions_log.guidance`` (the rules, their levels,
urgencies, advice, flags and sources) and the inactivity limit from ``sessions_log.activity``,
so the page and the rules cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import gettext as _

from pusterom.access import clinician_required
from sessions_log import activity, guidance
from sessions_log.models import Flag, Level

# Sections of the page, most urgent first.
SECTIONS = (
    (guidance.RED, guidance.EMERGENCY),
    (guidance.RED, guidance.CALL_NOW),
    (guidance.RED, guidance.CONTACT_TODAY),
    (guidance.AMBER, guidance.NONE),
)


@dataclass(frozen=True)
class RuleRow:
    code: str
    condition: str  # when the rule applies, thresholds filled in
    reason: str  # what the patient reads
    advice: tuple  # extra advice the rule adds on its level
    flag: str  # the flag the physiotherapist gets besides red check-in, as a label
    sources: tuple


@dataclass(frozen=True)
class RuleSection:
    level: str
    level_label: str
    urgency: str
    urgency_label: str
    call: str  # what the patient reads first ("" when no call is needed)
    rows: list


def rule_sections() -> list[RuleSection]:
    """The rules grouped by level and urgency, in the table's own order."""
    flag_labels = dict(Flag.Kind.choices)
    sections = []
    for level, urgency in SECTIONS:
        rows = [
            RuleRow(
                code=rule.code,
                condition=rule.condition,
                reason=rule.reason,
                advice=rule.advice,
                flag=flag_labels.get(rule.flag, rule.flag),
                sources=rule.sources,
            )
            for rule in guidance.RULES
            if rule.level == level and rule.urgency == urgency
        ]
        sections.append(
            RuleSection(
                level=level,
                level_label=Level(level).label,
                urgency=urgency,
                urgency_label=guidance.URGENCY_LABELS[urgency],
                call=guidance.ADVICE_CALL.get(urgency, ""),
                rows=rows,
            )
        )
    return sections


def level_advice() -> list[tuple[str, str, list]]:
    """What each level tells the patient first: (level, label, [(when, sentence)])."""
    easy = {"low": guidance.EASY_BORG[0], "high": guidance.EASY_BORG[1]}
    return [
        (guidance.GREEN, Level.GREEN.label, [("", guidance.ADVICE[guidance.GREEN])]),
        (
            guidance.AMBER,
            Level.AMBER.label,
            [
                ("", guidance.ADVICE[guidance.AMBER] % easy),
                (
                    _("After a slow recovery or a too-hard session"),
                    guidance.ADVICE_AMBER_LIGHTER % easy,
                ),
                (
                    guidance.RULES_BY_CODE["energy_very_low"].condition,
                    guidance.ADVICE_AMBER_VERY_LIGHT,
                ),
            ],
        ),
        (
            guidance.RED,
            Level.RED.label,
            [
                (guidance.URGENCY_LABELS[guidance.CONTACT_TODAY], guidance.ADVICE_RED_NEW_DAY),
                (_("When a call is needed at once"), guidance.ADVICE[guidance.RED]),
            ],
        ),
    ]


@clinician_required
def guidance_rules(request):
    return render(
        request,
        "sessions_log/triage/guidance.html",
        {
            "sections": rule_sections(),
            "level_advice": level_advice(),
            "red_checkin_flag": dict(Flag.Kind.choices)[guidance.RED_CHECKIN_FLAG],
            "pattern_flags": [
                (dict(Flag.Kind.choices)[row.flag], row.condition, row.sources)
                for row in guidance.PATTERN_FLAGS
            ],
            "inactive_flag": Flag.Kind.INACTIVE.label,
            "inactive_days": activity.INACTIVE_DAYS,
            "sources": guidance.SOURCES,
            "reassurance": guidance.REASSURANCE,
            "red_restriction": guidance.ADVICE_RED_RESTRICTION[(False, False)],
            "centre": request.user.centre,
        },
    )
