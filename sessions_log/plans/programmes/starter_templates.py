"""The starter templates every centre can add (a data table): written in English here,
stored in Bokmål (the centre's language) by ``services.ensure_starter_templates``. Exercises
by library slug; a slug the library no longer has is skipped. Doses are (sets, reps, seconds,
minutes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _s(weekdays, kind, setting, minutes, borg, exercises, note=""):
    return {
        "weekdays": weekdays,
        "kind": kind,
        "setting": setting,
        "minutes": minutes,
        "borg": borg,
        "note": note,
        "exercises": exercises,
    }


STARTER_TEMPLATES = (
    {
        "key": "during-chemo-start",
        "name": _("During chemotherapy - start"),
        "description": _(
            "A gentle start during treatment: short walks, a light strength round with the "
            "group, and balance and breathing at home."
        ),
        "note": _(
            "Start gently and adapt to the day's form. Short bouts count too. You should "
            "recover within about a day."
        ),
        "sessions": (
            _s(
                "135",
                "endurance",
                "home",
                20,
                (11, 13),
                [("walk", 1, None, None, 20)],
                _("Split it into 2 x 10 minutes if you like."),
            ),
            _s(
                "24",
                "strength",
                "group",
                30,
                (11, 13),
                [
                    ("sit-to-stand", 2, 10, None, None),
                    ("wall-push-up", 2, 10, None, None),
                    ("seated-band-row", 2, 12, None, None),
                    ("calf-raise", 2, 12, None, None),
                    ("bridge", 2, 10, None, None),
                ],
            ),
            _s(
                "6",
                "balance",
                "home",
                15,
                (9, 11),
                [
                    ("tandem-stance-supported", 3, None, 30, None),
                    ("one-leg-stand-supported", 3, None, 20, None),
                    ("belly-breathing", 1, None, None, 5),
                ],
            ),
        ),
    },
    {
        "key": "after-breast-surgery",
        "name": _("After breast surgery"),
        "description": _(
            "Shoulder and arm mobility every day, walks, and strength for the legs while the "
            "arm on the operated side is not loaded."
        ),
        "note": _(
            "Do the shoulder exercises gently every day, within what is comfortable. Do not "
            "lift heavy things with the arm on the operated side until your physiotherapist "
            "says so."
        ),
        "sessions": (
            _s(
                "1234567",
                "mobility",
                "home",
                10,
                (8, 10),
                [
                    ("wand-raise", 2, 10, None, None),
                    ("wall-walk", 2, 10, None, None),
                    ("elbow-wings", 2, 10, None, None),
                    ("shoulder-blade-squeeze", 2, 10, None, None),
                    ("snow-angel", 2, 10, None, None),
                ],
            ),
            _s("135", "endurance", "home", 30, (11, 13), [("walk", 1, None, None, 30)]),
            _s(
                "24",
                "strength",
                "centre",
                30,
                (11, 13),
                [
                    ("sit-to-stand", 3, 10, None, None),
                    ("bridge", 3, 10, None, None),
                    ("calf-raise", 2, 12, None, None),
                    ("seated-knee-extension", 2, 12, None, None),
                ],
            ),
        ),
    },
    {
        "key": "after-treatment-build-up",
        "name": _("After treatment - building up"),
        "description": _(
            "Building up after treatment: endurance at the centre, strength in a group twice "
            "a week, and a long walk at the weekend."
        ),
        "note": _(
            "Increase a little at a time: a few more minutes or one more set when a session "
            "has felt easy twice in a row."
        ),
        "sessions": (
            _s(
                "14",
                "endurance",
                "centre",
                30,
                (12, 14),
                [("rowing-machine", 1, None, None, 15), ("exercise-bike", 1, None, None, 15)],
            ),
            _s(
                "25",
                "strength",
                "group",
                45,
                (13, 15),
                [
                    ("goblet-squat", 3, 10, None, None),
                    ("split-squat", 3, 8, None, None),
                    ("overhead-press", 3, 10, None, None),
                    ("band-row", 3, 12, None, None),
                    ("woodchop", 3, 10, None, None),
                    ("kettlebell-deadlift", 3, 10, None, None),
                    ("one-leg-stand", 3, None, 20, None),
                ],
            ),
            _s("6", "endurance", "home", 40, (12, 14), [("nordic-walk", 1, None, None, 40)]),
        ),
    },
    {
        "key": "balance-and-neuropathy",
        "name": _("Balance and neuropathy"),
        "description": _(
            "For numb feet or poor balance: supported balance at home, the exercise bike, and "
            "seated or supported strength."
        ),
        "note": _("Always have something to hold on to when you practise balance."),
        "sessions": (
            _s(
                "135",
                "balance",
                "home",
                15,
                (9, 11),
                [
                    ("feet-together-supported", 3, None, 30, None),
                    ("tandem-stance-supported", 3, None, 30, None),
                    ("heel-to-toe-walk-supported", 3, 10, None, None),
                    ("one-leg-stand-supported", 3, None, 20, None),
                    ("ankle-circles", 2, 10, None, None),
                ],
            ),
            _s("246", "endurance", "centre", 20, (11, 13), [("exercise-bike", 1, None, None, 20)]),
            _s(
                "3",
                "strength",
                "group",
                30,
                (11, 13),
                [
                    ("sit-to-stand-supported", 3, 8, None, None),
                    ("calf-raise", 2, 12, None, None),
                    ("seated-knee-extension", 3, 12, None, None),
                    ("seated-band-row", 3, 12, None, None),
                ],
            ),
        ),
    },
)
