"""The exercise library: the shared exercises that ship in ``plans/library.toml`` and a
centre's own (``selectors``, ``services``, ``forms``), and the pages that show and change
them, and the patient's page for one exercise (``views``)."""
