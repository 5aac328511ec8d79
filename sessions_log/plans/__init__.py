"""Training plans, one sub-package per part (each with its reads, writes, forms and pages):

- ``exercises/``: the exercise library (shared and a centre's own) and an exercise's pages;
- ``programmes/``: patients' versioned programmes and centres' templates (the plan editor, the
  starter templates, the history of versions);
- ``today/``: the plan as the patient lives it (the week, "Dagens økt", logging it in one tap);
- ``review/``: planned vs done (``review.matching``), adherence and progression suggestions;
- ``rules/``: the contraindication and day-adaptation tables (pure); ``progression.py``:
  "ready for more" and "step down" (pure).

Shared: ``access.py`` (each object through an access helper), ``words.py`` (weekday names,
dose text), ``form_helpers.py``, ``library.py`` with ``library.toml`` (the shared library,
written by data migrations), ``tasks.py`` (the patient list's adherence figure) and
``urls.py``.
"""
