"""Writes for the exercise library: a centre's own exercises (the shared library is written
only by data migrations, through ``plans.library.sync_library``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from sessions_log.models import Exercise


def _unique_slug(centre, name: str, exclude_pk=None) -> str:
    base = (slugify(name) or "exercise")[:70]
    slug, n = base, 2
    taken = Exercise.objects.filter(centre=centre)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_centre_exercise(*, centre, author, values: dict, exercise: Exercise | None = None):
    """Create or change one of the centre's own exercises. The shared library cannot be
    changed here."""
    if exercise is not None and (exercise.centre_id is None or exercise.centre_id != centre.pk):
        raise ValidationError(_("Only your centre's own exercises can be changed."))
    if exercise is None:
        exercise = Exercise(centre=centre, created_by=author)
        exercise.slug = _unique_slug(centre, values.get("name_nb", ""))
    for key, value in values.items():
        setattr(exercise, key, value)
    if exercise.variant_id and exercise.variant_id == exercise.pk:
        raise ValidationError({"variant": _("An exercise cannot be its own variant.")})
    exercise.full_clean()
    exercise.save()
    return exercise
