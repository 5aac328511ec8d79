"""Planned vs done and what follows from it: which workout carried out which planned session
(``matching``, the one home of that rule), the plan's adherence per week, its chart and the
patient list's figure (``adherence``), and the progression suggestion from the recovery loop
(``suggestions``), never applied without the physiotherapist (``services``, ``views``)."""
