"""Exercise library pages. Clinicians: the library, one exercise (with the contraindication
rows that can exclude it); physiotherapists: their centre's own exercises. Patients: an
exercise's page with its dose in their plan. Each object comes through an access helper
(``plans.access``) that returns 404 for other centres and patients."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from patients.selectors import active_restrictions
from pusterom.access import clinician_required, patient_required, physio_required
from sessions_log.models import ExerciseType
from sessions_log.plans.access import (
    centre_exercise_for_physio,
    exercise_for_clinician,
    exercise_for_patient,
)
from sessions_log.plans.exercises import selectors, services
from sessions_log.plans.exercises.forms import ExerciseForm
from sessions_log.plans.form_helpers import add_errors
from sessions_log.plans.rules.contraindications import CONTRAINDICATIONS, check_exercise
from sessions_log.plans.rules.data import TAG_LABELS, loaded_areas
from sessions_log.plans.words import dose_text


@clinician_required
def exercise_library(request):
    chosen = request.GET.get("type", "")
    if chosen not in ExerciseType.values:
        chosen = ""
    exercises = selectors.library(centre_id=request.user.centre_id, type=chosen)
    return render(
        request,
        "sessions_log/plans/library.html",
        {"exercises": exercises, "chosen": chosen, "types": ExerciseType.choices},
    )


@clinician_required
def exercise_detail(request, pk):
    exercise = exercise_for_clinician(request.user, pk)
    return render(
        request,
        "sessions_log/plans/exercise_detail.html",
        {
            "exercise": exercise,
            "tags": _tag_labels(exercise.tags),
            "can_edit": request.user.is_physio and exercise.centre_id == request.user.centre_id,
            "rules": _rules_for(exercise),
        },
    )


def _tag_labels(tags) -> list[str]:
    from patients.models import BodyArea

    areas = dict(BodyArea.choices)
    labels = [str(TAG_LABELS[t]) for t in tags if t in TAG_LABELS]
    loaded = [str(areas.get(a, a)) for a in loaded_areas(tags)]
    if loaded:
        labels.insert(0, _("Loads: %(areas)s") % {"areas": ", ".join(loaded).lower()})
    return labels


def _rules_for(exercise) -> list:
    """The contraindication rows that can exclude this exercise (for any area they name)."""
    tags = set(exercise.tags)
    found = []
    for row in CONTRAINDICATIONS:
        areas = row.areas or {""}
        excluded = set()
        for area in areas:
            probe = type("R", (), {"kind": row.kind, "body_area": area})()
            excluded |= row.excluded_tags(probe)
        if excluded & tags:
            found.append(row)
    return found


def _exercise_form_page(request, *, exercise=None):
    centre = request.user.centre
    variants = selectors.visible_exercises(centre_id=centre.pk)
    form = ExerciseForm(request.POST or None, variants=variants, instance=exercise)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = services.save_centre_exercise(
                centre=centre, author=request.user, values=form.values(), exercise=exercise
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The exercise is saved."))
            return redirect("sessions_log:exercise_detail", pk=exercise.pk)
    return render(
        request, "sessions_log/plans/exercise_form.html", {"form": form, "exercise": exercise}
    )


@physio_required
def exercise_create(request):
    return _exercise_form_page(request)


@physio_required
def exercise_edit(request, pk):
    return _exercise_form_page(request, exercise=centre_exercise_for_physio(request.user, pk))


# The patient's exercise page -----------------------------------------------------------------


@patient_required
def my_exercise(request, pk):
    exercise, profile = exercise_for_patient(request.user, pk)
    restrictions = active_restrictions(patient=profile, day=profile.local_today())
    variant = exercise.variant
    exercise_facts = selectors.facts([e for e in (exercise, variant) if e is not None])
    check = check_exercise(exercise_facts[exercise.pk], restrictions)
    return render(
        request,
        "sessions_log/plans/my_exercise.html",
        {
            "exercise": exercise,
            "variant": variant,
            "planned_dose": selectors.planned_dose(patient=profile, exercise=exercise),
            "default_dose": dose_text(exercise.dose),
            "unsuitable": not check.allowed,
        },
    )
