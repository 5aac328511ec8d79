"""Training-plan rules: pure modules, no models, no database (import-linter checks it).

Two tables, each row with its source, so a clinic can review them as a whole:

- ``contraindications.CONTRAINDICATIONS``: a restriction's kind and body area -> the exercise
  tags it excludes, and whether the exercise's seated or supported variant is used instead
  (``check_exercise``).
- ``adaptations.ADAPTATIONS``: how the day's level (green / amber / red), its reason codes,
  the active restrictions and recent flags change a planned session (``adapt``).

Both work on the plain data in ``data`` (``ExerciseFacts``, ``Dose``, ``PlannedSessionData``
and the tags; restrictions are anything with ``kind``, ``body_area``, ``max_rpe`` and
``max_heart_rate``); ``sources`` holds the references the rows name. Stored codes are turned
back into sentences in the active language by ``adaptations.describe`` and
``contraindications.describe_contraindication``.
"""
