"""The day's levels, how urgent a call is, and the warning signs the check-in asks first.

A level is green, amber or red; an urgency says who to call and how soon. Both are ranked
(``RANK``, ``URGENCY_RANK``) so that the worst matching rule wins. ``WARNING_SIGNS`` is the
list the check-in asks as one question, most urgent first: each sign is a yes/no answer of
its own, and a rule in ``sessions_log.guidance.rules`` says what it means for the day.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

GREEN = "green"
AMBER = "amber"
RED = "red"
LEVELS = (GREEN, AMBER, RED)
RANK = {GREEN: 0, AMBER: 1, RED: 2}

# Who to call, and how soon. The result page leads with a call button for all but "none":
# the centre's phone (contact today), the oncology ward's 24-hour phone (call now), 113.
NONE = "none"
CONTACT_TODAY = "contact_today"
CALL_NOW = "call_now"
EMERGENCY = "emergency"
URGENCIES = (NONE, CONTACT_TODAY, CALL_NOW, EMERGENCY)
URGENCY_RANK = {u: i for i, u in enumerate(URGENCIES)}
URGENCY_LABELS = {
    NONE: _("No call needed"),
    CONTACT_TODAY: _("Contact the centre today"),
    CALL_NOW: _("Call the oncology ward's 24-hour phone now"),
    EMERGENCY: _("Call 113"),
}

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
