"""Training-plan pages. Physiotherapists: the exercise library (and their centre's own
exercises), the centre's programme templates (clinic staff too), and a patient's plan (make,
change, versions). Patients: an exercise's page, and logging today's planned session from
"Dagens økt" with one tap for the effort. Each object comes through an access helper
(sessions_log.plans.access) that returns 404 for other centres and patients."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patients.selectors import active_restrictions
from pusterom.access import clinician_required, patient_required, physio_required
from pusterom.audit import record_change
from sessions_log.checkins import selectors as checkin_selectors
from sessions_log.checkins import services as checkin_services
from sessions_log.models import ExerciseType, ProgrammeTemplate
from sessions_log.plans import review, rules, selectors, services
from sessions_log.plans.access import (
    PLAN_OBJECT,
    centre_exercise_for_physio,
    exercise_for_clinician,
    exercise_for_patient,
    plan_patient_for_physio,
    planned_session_for_patient,
    template_for_clinician,
)
from sessions_log.plans.forms import (
    ExerciseForm,
    PlanEditor,
    PlanForm,
    PlannedEffortForm,
    SuggestionForm,
    TemplateForm,
)

# The exercise library -----------------------------------------------------------------------


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
    labels = [str(rules.TAG_LABELS[t]) for t in tags if t in rules.TAG_LABELS]
    loaded = [str(areas.get(a, a)) for a in rules.loaded_areas(tags)]
    if loaded:
        labels.insert(0, _("Loads: %(areas)s") % {"areas": ", ".join(loaded).lower()})
    return labels


def _rules_for(exercise) -> list:
    """The contraindication rows that can exclude this exercise (for any area they name)."""
    tags = set(exercise.tags)
    found = []
    for row in rules.CONTRAINDICATIONS:
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
            _add_errors(form, exc)
        else:
            messages.success(request, _("The exercise is saved."))
            return redirect("sessions_log:exercise_detail", pk=exercise.pk)
    return render(
        request, "sessions_log/plans/exercise_form.html", {"form": form, "exercise": exercise}
    )


def _unbound(form):
    """The same form unbound, filled with what was sent: to show it again without errors."""
    return type(form)(initial={name: form[name].value() for name in form.fields})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@physio_required
def exercise_create(request):
    return _exercise_form_page(request)


@physio_required
def exercise_edit(request, pk):
    return _exercise_form_page(request, exercise=centre_exercise_for_physio(request.user, pk))


# Programme templates ------------------------------------------------------------------------


@clinician_required
def plan_templates(request):
    templates = selectors.templates_for_centre(centre_id=request.user.centre_id)
    keys = {t.starter_key for t in templates}
    names = {t.name.lower() for t in templates}
    return render(
        request,
        "sessions_log/plans/templates.html",
        {
            "templates": templates,
            "starters_missing": any(
                s["key"] not in keys and str(s["name"]).lower() not in names
                for s in services.STARTER_TEMPLATES
            ),
        },
    )


@clinician_required
@require_POST
def plan_template_starters(request):
    created = services.ensure_starter_templates(centre=request.user.centre, created_by=request.user)
    if created:
        messages.success(request, _("The starter templates are added."))
    else:
        messages.info(request, _("The centre already has the starter templates."))
    return redirect("sessions_log:plan_templates")


def _template_page(request, *, template=None):
    exercises, _facts = selectors.centre_facts(centre_id=request.user.centre_id)
    if request.method == "POST":
        head = TemplateForm(request.POST)
        editor = PlanEditor(request.POST, head=head, exercises=exercises)
        if "more" in request.POST:
            editor = PlanEditor(head=_unbound(head), exercises=exercises, rows=editor.sent_rows())
        elif editor.is_valid():
            try:
                template = services.save_template(
                    centre=request.user.centre,
                    author=request.user,
                    template=template,
                    sessions=editor.cleaned_sessions(),
                    **head.cleaned_data,
                )
            except ValidationError as exc:
                _add_errors(head, exc)
            else:
                messages.success(request, _("The template is saved."))
                return redirect("sessions_log:plan_templates")
    else:
        initial, rows = {}, []
        if template is not None:
            initial = {
                "name": template.name,
                "description": template.description,
                "note": template.note,
            }
            rows = selectors.session_rows(template)
        editor = PlanEditor(head=TemplateForm(initial=initial), exercises=exercises, rows=rows)
    return render(
        request,
        "sessions_log/plans/template_form.html",
        {"editor": editor, "template": template},
    )


@clinician_required
def plan_template_create(request):
    return _template_page(request)


@clinician_required
def plan_template_edit(request, pk):
    return _template_page(request, template=template_for_clinician(request.user, pk))


# A patient's plan (physiotherapist) ----------------------------------------------------------


@physio_required
def plan_detail(request, pk):
    patient = plan_patient_for_physio(request, pk)
    plan = selectors.week_plan(patient=patient)
    restrictions = (
        plan.restrictions
        if plan
        else active_restrictions(patient=patient, day=patient.local_today())
    )
    return render(
        request,
        "sessions_log/plans/plan_detail.html",
        {
            "patient": patient,
            "plan": plan,
            "restrictions": restrictions,
            "review": review.plan_review(patient=patient) if plan else None,
        },
    )


@physio_required
def plan_start(request, pk):
    patient = plan_patient_for_physio(request, pk)
    return render(
        request,
        "sessions_log/plans/plan_start.html",
        {
            "patient": patient,
            "templates": selectors.templates_for_centre(centre_id=patient.centre_id),
            "current": selectors.current_programme(patient=patient),
        },
    )


@physio_required
def plan_history(request, pk):
    patient = plan_patient_for_physio(request, pk)
    return render(
        request,
        "sessions_log/plans/plan_history.html",
        {"patient": patient, "versions": selectors.version_history(patient=patient)},
    )


@physio_required
def plan_edit(request, pk):
    patient = plan_patient_for_physio(request, pk)
    restrictions = active_restrictions(patient=patient, day=patient.local_today())
    exercises, exercise_facts = selectors.centre_facts(centre_id=patient.centre_id)
    unsuitable = selectors.unsuitable(exercise_facts=exercise_facts, restrictions=restrictions)
    current = selectors.current_programme(patient=patient)
    context = {"patient": patient, "restrictions": restrictions, "current": current}
    editor_kwargs = {"exercises": exercises, "unsuitable": unsuitable}

    if request.method == "POST":
        head = PlanForm(request.POST)
        editor = PlanEditor(request.POST, head=head, **editor_kwargs)
        if "more" in request.POST:
            editor = PlanEditor(head=_unbound(head), rows=editor.sent_rows(), **editor_kwargs)
        elif editor.is_valid():
            result = _save_plan(request, patient, editor, restrictions)
            if result is not None:
                return result
        return render(request, "sessions_log/plans/plan_form.html", context | {"editor": editor})

    template = None
    replacements = []
    if request.GET.get("template"):
        try:
            template = template_for_clinician(request.user, int(request.GET["template"]))
        except ValueError:
            return redirect("sessions_log:plan_start", pk=patient.pk)
        draft = selectors.template_draft(
            template=template, exercise_facts=exercise_facts, restrictions=restrictions
        )
        rows, note, replacements = draft.rows, template.note, draft.replacements
    elif request.GET.get("start") == "blank":
        rows, note = [], ""
    elif current is not None:
        rows, note = selectors.session_rows(current), current.note
    else:
        return redirect("sessions_log:plan_start", pk=patient.pk)
    head = PlanForm(
        initial={
            "note": note,
            "base_version": current.version if current else 0,
            "template": template.pk if template else (current.template_id if current else None),
        }
    )
    editor = PlanEditor(head=head, rows=rows, new_session=not rows, **editor_kwargs)
    return render(
        request,
        "sessions_log/plans/plan_form.html",
        context | {"editor": editor, "template": template, "replacements": replacements},
    )


def _save_plan(request, patient, editor, restrictions):
    data = editor.head.cleaned_data
    sessions = editor.cleaned_sessions()
    template = None
    if data.get("template"):
        template = ProgrammeTemplate.objects.filter(
            pk=data["template"], centre_id=patient.centre_id
        ).first()
    try:
        programme, created = services.save_programme(
            patient=patient,
            author=request.user,
            base_version=data["base_version"],
            note=data["note"],
            sessions=sessions,
            restrictions=restrictions,
            template=template,
        )
    except services.StaleVersion as exc:
        current = exc.current
        if current is not None and services.same_plan(
            current, note=data["note"], sessions=sessions
        ):
            # The same form sent twice: the first one saved it.
            messages.success(request, _("The training plan is saved."))
            return redirect("sessions_log:plan_detail", pk=patient.pk)
        editor.head.add_error(
            None,
            _(
                "The plan was changed by someone else while you were editing it. Your changes "
                "are not saved: open the plan again to see the newest version."
            ),
        )
        return None
    except ValidationError as exc:
        _add_errors(editor.head, exc)
        return None
    if created:
        record_change(
            request, patient_user=patient.user, object_type=PLAN_OBJECT, object_id=patient.pk
        )
        messages.success(request, _("The training plan is saved."))
    else:
        messages.info(request, _("Nothing was changed, so no new version was made."))
    return redirect(reverse("sessions_log:plan_detail", kwargs={"pk": patient.pk}))


# Progression suggestions (physiotherapist) ---------------------------------------------------

SUGGESTION_OBJECT = "plan_suggestion"


def _suggestion_back(patient, form) -> str:
    name = "plan_detail" if form.data.get("back") == "plan" else "patient_page"
    return reverse(f"sessions_log:{name}", kwargs={"pk": patient.pk})


@physio_required
@require_POST
def plan_suggestion_accept(request, pk):
    """One click: the suggestion becomes the plan's next version."""
    patient = plan_patient_for_physio(request, pk)
    form = _suggestion_form(request)
    try:
        programme, created = services.accept_suggestion(
            patient=patient, physio=request.user, **_suggestion_args(form)
        )
    except (services.SuggestionGone, services.StaleVersion):
        messages.info(request, _("This suggestion no longer applies. Nothing was changed."))
        return redirect(_suggestion_back(patient, form))
    except ValidationError:
        messages.error(
            request,
            _(
                "The plan has an exercise that does not suit the patient's restrictions any "
                "more. Change the plan by hand instead."
            ),
        )
        return redirect(_suggestion_back(patient, form))
    if created:
        record_change(
            request, patient_user=patient.user, object_type=PLAN_OBJECT, object_id=patient.pk
        )
        messages.success(
            request,
            _("Version %(version)s of the plan is saved. The patient sees it now.")
            % {"version": programme.version},
        )
    else:
        messages.info(
            request,
            _("The suggestion was already accepted: version %(version)s.")
            % {"version": programme.version},
        )
    return redirect("sessions_log:plan_detail", pk=patient.pk)


@physio_required
@require_POST
def plan_suggestion_dismiss(request, pk):
    """Not now: the suggestion does not come back for this version of the plan."""
    patient = plan_patient_for_physio(request, pk)
    form = _suggestion_form(request)
    try:
        dismissed = services.dismiss_suggestion(
            patient=patient, physio=request.user, **_suggestion_args(form)
        )
    except services.SuggestionGone:
        messages.info(request, _("This suggestion no longer applies. Nothing was changed."))
        return redirect(_suggestion_back(patient, form))
    if dismissed:
        record_change(
            request, patient_user=patient.user, object_type=SUGGESTION_OBJECT, object_id=patient.pk
        )
    messages.success(
        request,
        _("The suggestion is dismissed. It does not come back for this version of the plan."),
    )
    return redirect(_suggestion_back(patient, form))


def _suggestion_form(request) -> SuggestionForm:
    """The buttons' hidden fields; anything else was not sent by our page (400)."""
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        raise BadRequest("unexpected suggestion form")
    return form


def _suggestion_args(form) -> dict:
    return {"base_version": form.cleaned_data["base_version"], "code": form.cleaned_data["code"]}


# The patient's exercise page -----------------------------------------------------------------


@patient_required
def my_exercise(request, pk):
    exercise, profile = exercise_for_patient(request.user, pk)
    restrictions = active_restrictions(patient=profile, day=profile.local_today())
    variant = exercise.variant
    exercise_facts = selectors.facts([e for e in (exercise, variant) if e is not None])
    check = rules.check_exercise(exercise_facts[exercise.pk], restrictions)
    return render(
        request,
        "sessions_log/plans/my_exercise.html",
        {
            "exercise": exercise,
            "variant": variant,
            "planned_dose": selectors.planned_dose(patient=profile, exercise=exercise),
            "default_dose": selectors.dose_text(exercise.dose),
            "unsuitable": not check.allowed,
        },
    )


# The patient: one tap from "Dagens økt" -----------------------------------------------------


@patient_required
def log_planned(request, pk, how):
    """ "I did today's session" (how=done) or "I did a lighter version" (how=lighter): one tap
    for the effort, pre-set to the target; the rest comes from the (adapted) planned session.
    Saved once per form (client_uuid), through the same service as any workout."""
    if how not in (selectors.DONE, selectors.LIGHTER):
        raise Http404
    planned, patient = planned_session_for_patient(request.user, pk)
    today = patient.local_today()
    if request.method == "POST":
        earlier = checkin_selectors.session_for_form(
            patient=patient, client_uuid=request.POST.get("client_uuid")
        )
        if earlier is not None:  # a double tap or a resend: the first one was saved
            return redirect("sessions_log:workout_result", pk=earlier.pk)
    log = selectors.planned_log(patient=patient, session=planned, day=today, how=how)
    if log is None:
        messages.info(
            request, _("Today's session is logged from today's page, after the check-in.")
        )
        return redirect("sessions_log:home")
    form = PlannedEffortForm(request.POST or None, target=log.target, suggested=log.suggested_rpe)
    if request.method == "POST" and form.is_valid():
        try:
            logged = checkin_services.log_session(
                patient=patient,
                client_uuid=form.cleaned_data["client_uuid"],
                performed_on=today,
                activity=log.activity,
                setting=log.setting,
                duration_min=log.minutes,
                rpe=form.cleaned_data["rpe"],
                planned_session=log.session,
                plan_followed=log.plan_followed,
            )
        except checkin_services.PossibleRepeat as repeat:
            # "Back" and the same tap again within minutes: the session is saved already.
            messages.info(request, _("You logged this session a moment ago."))
            return redirect("sessions_log:workout_result", pk=repeat.earlier.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("sessions_log:workout_result", pk=logged.session.pk)
    return render(
        request,
        "sessions_log/plans/log_planned.html",
        {"form": form, "log": log},
    )
