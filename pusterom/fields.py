"""Free text with a limit that holds everywhere.

Django hands a ``TextField``'s ``max_length`` to the form only; ``LimitedTextField`` also checks
it in ``full_clean()``, and ``text_limit()`` gives the database constraint that backs it. The
form shows the limit next to the field with a live counter (templates/partials/field.html), and
an over-long entry comes back with a message and the text kept: nothing is ever cut.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


class LimitedTextField(models.TextField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is None:
            raise TypeError("LimitedTextField needs a max_length")
        self.validators.append(MaxLengthValidator(self.max_length))


def text_limit(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    """The database's copy of a text limit (characters, not bytes)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)
