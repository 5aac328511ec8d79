"""The day's guidance from a check-in: pure functions, no models, no database.

``assess(answers, restrictions=..., recent_flags=..., days_since_session=...)`` gives one
level (green / amber / red), how urgent a call is (none / contact today / call the oncology
ward now / call 113), the reasons, the advice for the day and the flags the physiotherapist
should get. Every threshold is one row in ``RULES`` with its sources, so a clinic can review
the table as a whole (the page "How the advice works" is generated from it). The worst
matching row wins, for the level and for the urgency alike.

Answers are the check-in's fields. Warning signs are booleans and a missing key means "no",
so stored check-ins and callers that do not know the newer signs keep working.

A check-in stores the level and the reason *codes*; ``describe`` turns codes back into
sentences in the active language (and gives the urgency and the flags again), so switching
language re-translates an old check-in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from patients.body_areas import overlaps

GREEN = "green"
AMBER = "amber"
RED = "red"
LEVELS = (GREEN, AMBER, RED)
_RANK = {GREEN: 0, AMBER: 1, RED: 2}

# Who to call, and how soon. The result page leads with a call button for all but "none":
# the centre's phone (contact today), the oncology ward's 24-hour phone (call now), 113.
NONE = "none"
CONTACT_TODAY = "contact_today"
CALL_NOW = "call_now"
EMERGENCY = "emergency"
URGENCIES = (NONE, CONTACT_TODAY, CALL_NOW, EMERGENCY)
_URGENCY_RANK = {u: i for i, u in enumerate(URGENCIES)}
URGENCY_LABELS = {
    NONE: _("No call needed"),
    CONTACT_TODAY: _("Contact the centre today"),
    CALL_NOW: _("Call the oncology ward's 24-hour phone now"),
    EMERGENCY: _("Call 113"),
}


@dataclass(frozen=True)
class Source:
    """Where a rule comes from, for the clinic's review (not shown to patients)."""

    key: str
    name: str  # short, next to each rule
    reference: str  # in full, once, at the end of the rules page


SEED = Source(
    "seed",
    "Pusterom",
    "Seed article on Pusterom: you should recover within about a day; not the day for hard "
    "training after bad sleep, dizziness or nausea; several short bouts are fine.",
)
ACSM = Source(
    "acsm",
    "ACSM 2019",
    "Campbell KL et al. Exercise guidelines for cancer survivors: consensus statement from "
    "international multidisciplinary roundtable. Med Sci Sports Exerc 2019;51(11):2375-2390.",
)
TOOLKIT = Source(
    "toolkit",
    "Cancer Exercise Toolkit",
    "Cancer Exercise Toolkit: precautions and contraindications to exercise for people with "
    "cancer (fever and infection, bleeding, blood clots, dizziness, falls, after surgery).",
)
WHEN_TO_CALL = Source(
    "when_to_call",
    "Cancer.Net / Macmillan",
    'Cancer.Net (ASCO) and Macmillan Cancer Support: "when to call your care team" and when '
    "to call the emergency number (113 in Norway).",
)
BONE_METS = Source(
    "bone_mets",
    "Bone metastases 2022",
    "Campbell KL, Cormie P, Weller S et al. Exercise recommendation for people with bone "
    "metastases: expert consensus for health care providers and exercise professionals. "
    "JCO Oncol Pract 2022;18(5):e697-e709.",
)
HDIR = Source(
    "hdir",
    "Helsedirektoratet",
    "Helsedirektoratet: advice on physical activity during and after cancer treatment "
    "(a little activity is better than none).",
)
SOURCES = (SEED, ACSM, TOOLKIT, WHEN_TO_CALL, BONE_METS, HDIR)

# Thresholds: one home each. The rules below and the rules page read them from here.
ENERGY_VERY_LOW = 2  # 0-2: very light today (amber); red only with another amber sign
ENERGY_LOW = 4  # 3-4: shorter and easy
PAIN_MODERATE = 4  # 4-6: leave out the painful area
PAIN_STRONG = 7  # 7 or more: rest today
PAIN_AT_RESTRICTED_AREA = 4  # at a bone-metastasis or operated area
# "Easy" on Borg's 6-20 scale: 9 is "very light", 11 "light"; 13 is already "somewhat hard".
EASY_BORG = (9, 11)
# "Still very sore on day 5 or later" after a session (DESIGN.md, "Recovery").
PROLONGED_SORENESS_DAY = 5
# A slow_recovery or too_hard flag (or such an answer) this recent steps the day down. The
# flag kinds are sessions_log.models.Flag.Kind values.
STEP_DOWN_FLAGS = ("slow_recovery", "too_hard")
STEP_DOWN_WINDOW = dt.timedelta(days=3)

# Flags a check-in calls for (sessions_log.models.Flag.Kind values): every red day, and the
# ones named on a rule row below.
RED_CHECKIN_FLAG = "red_checkin"
FALL_FLAG = "fall"
PROLONGED_SORENESS_FLAG = "prolonged_soreness"
# A flag about a run of days rather than one check-in (see completes_hard_run).
REPEATED_HARD_DAYS_FLAG = "repeated_hard_days"
HARD_DAYS_IN_A_ROW = 3

_THRESHOLDS = {
    "energy_very_low": ENERGY_VERY_LOW,
    "energy_low_from": ENERGY_VERY_LOW + 1,
    "energy_low": ENERGY_LOW,
    "pain_moderate": PAIN_MODERATE,
    "pain_moderate_to": PAIN_STRONG - 1,
    "pain_strong": PAIN_STRONG,
    "pain_at_area": PAIN_AT_RESTRICTED_AREA,
    "sore_day": PROLONGED_SORENESS_DAY,
    "step_down_days": STEP_DOWN_WINDOW.days,
    "hard_days": HARD_DAYS_IN_A_ROW,
}

# Restriction kinds (patients.models.Restriction.Kind values) whose area matters for pain.
BONE_METASTASIS = "bone_metastasis"
AFTER_SURGERY = "after_surgery"
NEUROPATHY = "neuropathy"

# The warning signs, asked first as one question ("Do you have any of these today?"), most
# urgent first. ``line_site`` is asked only of patients whose profile says they have a port
# or PICC line (patients.models.PatientProfile.has_central_line).
LINE_SITE = "line_site"
WARNING_SIGNS = (
    ("chest_symptoms", _("Chest pain or pressure, or a racing, uneven heartbeat")),
    ("breathless", _("Short of breath in a new way")),
    ("fainted", _("Fainted")),
    ("confusion", _("Confused in a way that is new")),
    (
        "back_pain_weakness",
        _("Back pain with new weakness or numbness in the legs, or trouble holding urine or stool"),
    ),
    ("fever_38", _("Fever of 38 °C or more")),
    ("chills", _("Shaking chills, or feeling suddenly very ill")),
    ("bleeding", _("New bleeding or unusual bruising")),
    ("swelling_one_side", _("New swelling, warmth or pain in one leg or arm")),
    ("fluids", _("Can't keep fluids down, or diarrhoea many times today")),
    (LINE_SITE, _("The skin around my port or PICC line is red, swollen or leaking")),
    ("fell", _("A fall or a near-fall since my last check-in")),
)


@dataclass(frozen=True)
class Context:
    """What a rule may look at besides the answers."""

    flags: frozenset  # kinds of the patient's recent flags
    restrictions: tuple  # restrictions in force on the check-in's day
    days_since_session: int | None  # local days since the last session, if any


@dataclass(frozen=True)
class Rule:
    code: str  # stable, stored in CheckIn.reasons
    level: str
    applies: Callable[[Mapping, Context], bool]
    when: str  # the condition in plain words, for the rules page (thresholds as %(name)s)
    reason: str  # shown to the patient
    sources: tuple[Source, ...]  # for the clinic's review; not shown to patients
    urgency: str = NONE
    # Extra advice shown when this rule's level is the day's level (red never gets amber's).
    advice: tuple = ()
    flag: str = ""  # a flag kind for the physiotherapist, besides red_checkin on red days
    # An answer about today's body (not the step-down after a session): with energy 0-2 it
    # makes the day red.
    body_sign: bool = True

    @property
    def condition(self) -> str:
        return str(self.when) % _THRESHOLDS


def _yes(key: str) -> Callable[[Mapping, Context], bool]:
    return lambda a, c: bool(a.get(key))


def _energy(a: Mapping) -> int:
    value = a.get("energy")
    return 10 if value is None or value == "" else int(value)


def _pain(a: Mapping) -> int:
    return int(a.get("pain") or 0)


def _pain_at(a: Mapping, c: Context, kind: str) -> bool:
    """Pain of 4 or more where an active restriction of ``kind`` is (same area, one a part
    of the other, or the whole body; left and right kept apart)."""
    if _pain(a) < PAIN_AT_RESTRICTED_AREA:
        return False
    area = a.get("pain_area") or ""
    return any(
        getattr(r, "kind", "") == kind and overlaps(area, getattr(r, "body_area", "") or "")
        for r in c.restrictions
    )


def _another_amber_sign(a: Mapping, c: Context) -> bool:
    return any(
        rule.level == AMBER
        and rule.body_sign
        and rule.code != "energy_very_low"
        and rule.applies(a, c)
        for rule in RULES
    )


ADVICE_SEATED = _(
    "Choose seated or supported exercise, for example an exercise bike or exercises where you "
    "hold on to a chair."
)
ADVICE_SKIP_PAINFUL_AREA = _("Leave out exercises that load the area that hurts.")
ADVICE_SURGERY_AREA = _(
    "Leave out exercises that load the area of your operation. If the pain gets worse, "
    "contact your centre."
)
ADVICE_BONE_AREA = _(
    "Do not put load on the area that hurts until you have talked with your centre."
)
ADVICE_EXHAUSTION_NEW = _("If the exhaustion is new or came on suddenly, contact your centre.")
ADVICE_FALL = _(
    "Your physiotherapist will see that you fell. If you hurt yourself, contact your doctor today."
)
ADVICE_BREATHLESS_113 = _("If you are suddenly very short of breath, call 113.")
# Chest symptoms cover both chest pain (113) and palpitations (the ward): this line comes
# first instead of "call 113 now" when they are the only sign for 113.
ADVICE_CHEST = _(
    "If you have chest pain or pressure now, call 113. Otherwise, call the oncology ward now."
)

# The one table. Order within a level and an urgency is the order reasons are shown.
RULES: tuple[Rule, ...] = (
    # Call 113 now.
    Rule(
        "chest_symptoms",
        RED,
        _yes("chest_symptoms"),
        _("Chest pain or pressure, or palpitations"),
        _("You have chest pain or pressure, or a racing, uneven heartbeat."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=EMERGENCY,
        advice=(ADVICE_CHEST,),
    ),
    Rule(
        "fainted",
        RED,
        _yes("fainted"),
        _("Fainted"),
        _("You have fainted."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=EMERGENCY,
    ),
    Rule(
        "confusion",
        RED,
        _yes("confusion"),
        _("New confusion"),
        _("You feel confused in a way that is new to you."),
        (WHEN_TO_CALL,),
        urgency=EMERGENCY,
    ),
    # Back pain with new neurological signs can be spinal cord compression from a metastasis.
    Rule(
        "back_pain_weakness",
        RED,
        _yes("back_pain_weakness"),
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
        _yes("fever_38"),
        _("Fever of 38 °C or more"),
        _("You have a fever of 38 °C or more. The body needs its energy to fight it."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=CALL_NOW,
    ),
    Rule(
        "chills",
        RED,
        _yes("chills"),
        _("Shaking chills or feeling acutely ill"),
        _("You have shaking chills, or you feel suddenly very ill."),
        (WHEN_TO_CALL,),
        urgency=CALL_NOW,
    ),
    Rule(
        "breathless",
        RED,
        _yes("breathless"),
        _("New breathlessness"),
        _("You are short of breath in a way that is new to you."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=CALL_NOW,
        advice=(ADVICE_BREATHLESS_113,),
    ),
    Rule(
        "bleeding",
        RED,
        _yes("bleeding"),
        _("New bleeding or unusual bruising"),
        _("You have new bleeding or unusual bruising."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=CALL_NOW,
    ),
    Rule(
        "swelling_one_side",
        RED,
        _yes("swelling_one_side"),
        _("New swelling, warmth or pain in one leg or arm"),
        _("One leg or arm has new swelling, warmth or pain."),
        (WHEN_TO_CALL, TOOLKIT),
        urgency=CALL_NOW,
    ),
    Rule(
        "fluids",
        RED,
        _yes("fluids"),
        _("Cannot keep fluids down, or diarrhoea many times today"),
        _("You cannot keep fluids down, or you have had diarrhoea many times today."),
        (WHEN_TO_CALL,),
        urgency=CALL_NOW,
    ),
    Rule(
        "line_site",
        RED,
        _yes(LINE_SITE),
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
        lambda a, c: _pain(a) >= PAIN_STRONG,
        _("Pain %(pain_strong)s or more"),
        _("You have strong pain."),
        (ACSM,),
        urgency=CONTACT_TODAY,
    ),
    Rule(
        "pain_bone_metastasis",
        RED,
        lambda a, c: _pain_at(a, c, BONE_METASTASIS),
        _("Pain %(pain_at_area)s or more where an active bone-metastasis restriction is"),
        _("It hurts where your physiotherapist has set a limit for a bone metastasis."),
        (BONE_METS,),
        urgency=CONTACT_TODAY,
        advice=(ADVICE_BONE_AREA,),
    ),
    Rule(
        "energy_very_low_and_more",
        RED,
        lambda a, c: _energy(a) <= ENERGY_VERY_LOW and _another_amber_sign(a, c),
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
        _yes("fell"),
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
        lambda a, c: _energy(a) <= ENERGY_VERY_LOW,
        _("Energy 0-%(energy_very_low)s"),
        _("Your energy is very low today."),
        (ACSM, HDIR),
        advice=(ADVICE_EXHAUSTION_NEW,),
    ),
    Rule(
        "energy_low",
        AMBER,
        lambda a, c: ENERGY_VERY_LOW < _energy(a) <= ENERGY_LOW,
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
        lambda a, c: PAIN_MODERATE <= _pain(a) < PAIN_STRONG,
        _("Pain %(pain_moderate)s-%(pain_moderate_to)s"),
        _("You have some pain."),
        (ACSM,),
        advice=(ADVICE_SKIP_PAINFUL_AREA,),
    ),
    Rule(
        "pain_after_surgery",
        AMBER,
        lambda a, c: _pain_at(a, c, AFTER_SURGERY),
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
_STEP_DOWN_CODES = {"recent_slow_recovery", "recent_too_hard"}
_ORDER = {rule.code: i for i, rule in enumerate(RULES)}

ADVICE = {
    GREEN: _(
        "Train as planned. Warm up gently and listen to your body. "
        "You should feel recovered within about a day."
    ),
    AMBER: _(
        "Choose something light and short today, for example a 20-minute walk split into "
        "4 x 5 minutes at an easy pace (Borg %(low)s-%(high)s). Short bouts count too."
    ),
    RED: _("Rest today and let your body recover."),
}
# Red when the centre is to be contacted today, not called at once.
ADVICE_RED_NEW_DAY = _("Rest today and let your body recover. Tomorrow is a new day.")
# Amber after a session the body did not recover from: shorter and lighter again.
ADVICE_AMBER_LIGHTER = _(
    "Keep it shorter and lighter than last time, for example 2 or 3 short bouts of 5 minutes "
    "at an easy pace (Borg %(low)s-%(high)s), or rest if your body asks for it."
)
# The same advice without the example's effort, for a restriction that caps effort below the
# top of "easy": the cap itself follows in restriction_advice.
ADVICE_AMBER_WITHIN_CAP = _(
    "Choose something light and short today, for example a 20-minute walk split into "
    "4 x 5 minutes at an easy pace, within your limit. Short bouts count too."
)
ADVICE_AMBER_LIGHTER_WITHIN_CAP = _(
    "Keep it shorter and lighter than last time, for example 2 or 3 short bouts of 5 minutes "
    "at an easy pace within your limit, or rest if your body asks for it."
)
# Amber with energy 0-2 (ACSM, Helsedirektoratet: a little movement beats none).
ADVICE_AMBER_VERY_LIGHT = _(
    "Keep it very light today: a few minutes of gentle movement, or rest if you need to."
)
ADVICE_CALL = {
    EMERGENCY: _("Call 113 now."),
    CALL_NOW: _("Call the oncology ward's 24-hour phone now."),
    CONTACT_TODAY: _("Contact your centre or the oncology ward today."),
}
ADVICE_FOLLOW_PLAN = _("Follow the limits in your plan from your physiotherapist.")
ADVICE_BALANCE = _("Choose exercises where you can sit or hold on, to keep your balance.")
ADVICE_KEEP_RPE = _("Keep your effort at or below %(rpe)s on the Borg scale.")
ADVICE_KEEP_HR = _("Keep your heart rate at or below %(hr)s beats a minute.")
# On a red day a restriction only says what to keep to when training starts again.
ADVICE_RED_RESTRICTION = {
    (False, False): _("When you train again, follow the limits in your plan."),
    (True, False): _(
        "When you train again, follow the limits in your plan: effort at or below %(rpe)s on "
        "the Borg scale."
    ),
    (False, True): _(
        "When you train again, follow the limits in your plan: heart rate at or below %(hr)s "
        "beats a minute."
    ),
    (True, True): _(
        "When you train again, follow the limits in your plan: effort at or below %(rpe)s on "
        "the Borg scale and heart rate at or below %(hr)s beats a minute."
    ),
}
# Shown under green and amber results only: nothing reassuring under a red one.
REASSURANCE = _(
    "Activity is safe and helps. Listen to your body: you should feel recovered within about a day."
)


@dataclass(frozen=True)
class PatternFlag:
    """A flag raised by a run of check-ins rather than by one, for the rules page."""

    flag: str  # a sessions_log.models.Flag.Kind value
    when: str  # thresholds as %(name)s
    sources: tuple[Source, ...]

    @property
    def condition(self) -> str:
        return str(self.when) % _THRESHOLDS


# The day's advice never changes with a run of hard days (each day is assessed on its own
# answers); the physiotherapist is asked to look at the plan instead. Days, not check-ins: a
# day without a check-in breaks the run, and a run is flagged once, on its third day.
PATTERN_FLAGS = (
    PatternFlag(
        REPEATED_HARD_DAYS_FLAG,
        _(
            "Amber or red on %(hard_days)s days in a row: one flag for the run, on the day "
            "that completes it; a day without a check-in breaks the run"
        ),
        (SEED, ACSM),
    ),
)
_HARD_LEVELS = (AMBER, RED)


def completes_hard_run(levels: Mapping[dt.date, str], day: dt.date) -> bool:
    """Whether ``day``'s check-in completes a run of HARD_DAYS_IN_A_ROW local days in a row
    that each had an amber or red check-in, the day before the run not being one (so a run
    is flagged once, however long it lasts). ``levels`` maps local dates to the level of
    that day's check-in."""
    run = [day - dt.timedelta(days=n) for n in range(HARD_DAYS_IN_A_ROW)]
    before = day - dt.timedelta(days=HARD_DAYS_IN_A_ROW)
    return (
        all(levels.get(d) in _HARD_LEVELS for d in run) and levels.get(before) not in _HARD_LEVELS
    )


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
    level = max((rule.level for rule in matched), key=_RANK.__getitem__, default=GREEN)
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
    if level not in _RANK:
        raise ValueError(f"unknown level {level!r}")
    rules = sorted(
        (RULES_BY_CODE[c] for c in dict.fromkeys(codes) if c in RULES_BY_CODE),
        key=lambda r: (-_RANK[r.level], -_URGENCY_RANK[r.urgency], _ORDER[r.code]),
    )
    codes = tuple(rule.code for rule in rules)
    urgency = max(
        [rule.urgency for rule in rules] + [CONTACT_TODAY if level == RED else NONE],
        key=_URGENCY_RANK.__getitem__,
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
        reassurance="" if level == RED else str(REASSURANCE),
    )


def _red_advice(rules: list[Rule], urgency: str) -> list:
    """Red never suggests training: who to call first, then rest, then what not to load."""
    emergencies = {rule.code for rule in rules if rule.urgency == EMERGENCY}
    extra = [
        line
        for rule in rules
        if rule.level == RED
        for line in rule.advice
        if line is not ADVICE_CHEST  # a call line: first, or covered by "call 113 now"
    ]
    if emergencies == {"chest_symptoms"}:
        calls = [ADVICE_CHEST]
    elif urgency == CONTACT_TODAY:
        calls = [ADVICE_CALL[CONTACT_TODAY]]
    else:
        calls = [ADVICE_CALL[urgency]]
    if any(line is ADVICE_BREATHLESS_113 for line in extra):
        extra = [line for line in extra if line is not ADVICE_BREATHLESS_113]
        if calls[0] is not ADVICE_CALL[EMERGENCY]:
            calls.append(ADVICE_BREATHLESS_113)
    # "Tomorrow is a new day" only when no call is needed at once.
    rest = ADVICE_RED_NEW_DAY if urgency == CONTACT_TODAY else ADVICE[RED]
    return [*calls, rest, *extra]


def _advice(level: str, rules: list[Rule], restrictions: tuple) -> list:
    if level == GREEN:
        return [ADVICE[GREEN]]
    codes = {rule.code for rule in rules}
    rpe_cap, _hr_cap = lowest_caps(restrictions)
    within_cap = rpe_cap is not None and rpe_cap < EASY_BORG[1]
    easy = {"low": EASY_BORG[0], "high": EASY_BORG[1]}
    if "energy_very_low" in codes:
        first = ADVICE_AMBER_VERY_LIGHT
    elif _STEP_DOWN_CODES & codes:
        first = ADVICE_AMBER_LIGHTER_WITHIN_CAP if within_cap else ADVICE_AMBER_LIGHTER % easy
    else:
        first = ADVICE_AMBER_WITHIN_CAP if within_cap else ADVICE[AMBER] % easy
    advice = [first]
    for rule in rules:
        if rule.level != AMBER:
            continue
        for line in rule.advice:
            # The operated area's own advice says it better than "the area that hurts".
            if line is ADVICE_SKIP_PAINFUL_AREA and "pain_after_surgery" in codes:
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
        return [str(ADVICE_RED_RESTRICTION[(rpe is not None, hr is not None)]) % values]
    lines: list[str] = []
    if rpe is not None:
        lines.append(str(ADVICE_KEEP_RPE) % values)
    if hr is not None:
        lines.append(str(ADVICE_KEEP_HR) % values)
    kinds_without_caps = {
        getattr(r, "kind", "")
        for r in restrictions
        if not (getattr(r, "max_rpe", None) or getattr(r, "max_heart_rate", None))
    }
    if any(getattr(r, "kind", "") == NEUROPATHY for r in restrictions):
        lines.append(str(ADVICE_BALANCE))
    if kinds_without_caps - {NEUROPATHY}:
        lines.append(str(ADVICE_FOLLOW_PLAN))
    return lines
