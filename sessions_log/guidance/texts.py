"""The advice texts: what the result page tells the patient to do today.

First the lines a rule row adds on its level (``Rule.advice``), then each level's own
advice (``ADVICE``, with the lighter variants for amber and the calmer one for red), the
call lines (``ADVICE_CALL``), the lines a restriction adds, and the reassurance under green
and amber results. Which lines a result shows is decided in
``sessions_log.guidance.assessment``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sessions_log.guidance.signs import AMBER, CALL_NOW, CONTACT_TODAY, EMERGENCY, GREEN, RED

# Lines a rule row adds (Rule.advice).
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

# Each level's own advice, first on the result page.
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
