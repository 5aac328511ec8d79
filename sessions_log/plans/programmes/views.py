"""Programme and template pages. Clinicians: the centre's programme templates (and adding
the starter templates); physiotherapists: a patient's plan (see it with its review, make it
from a template or blank, change it, its versions). Each object comes through an access helper
(``plans.access``) that returns 404 for other centres and patients."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patients.selectors import active_restrictions
from pusterom.access import clinician_required, physio_required
from pusterom.audit import record_change
from sessions_log.models import ProgrammeTemplate
from sessions_log.plans.access import PLAN_OBJECT, plan_patient_for_physio, template_for_clinician
from sessions_log.plans.exercises.selectors import centre_facts, unsuitable
from sessions_log.plans.form_helpers import add_errors
from sessions_log.plans.programmes import selectors, services
from sessions_log.plans.programmes.changes import version_history
from sessions_log.plans.programmes.editor import PlanEditor
from sessions_log.plans.programmes.forms import PlanForm, TemplateForm
from sessions_log.plans.programmes.starter_templates import STARTER_TEMPLATES
from sessions_log.plans.review.selectors import plan_review
from sessions_log.plans.today.week import week_plan


def _unbound(form):
    """The same form unbound, filled with what was sent: to show it again without errors."""
    return type(form)(initial={name: form[name].value() for name in form.fields})


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
                for s in STARTER_TEMPLATES
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
    exercises, _facts = centre_facts(centre_id=request.user.centre_id)
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
                add_errors(head, exc)
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
    plan = week_plan(patient=patient)
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
            "review": plan_review(patient=patient) if plan else None,
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
        {"patient": patient, "versions": version_history(patient=patient)},
    )


@physio_required
def plan_edit(request, pk):
    patient = plan_patient_for_physio(request, pk)
    restrictions = active_restrictions(patient=patient, day=patient.local_today())
    exercises, exercise_facts = centre_facts(centre_id=patient.centre_id)
    excluded = unsuitable(exercise_facts=exercise_facts, restrictions=restrictions)
    current = selectors.current_programme(patient=patient)
    context = {"patient": patient, "restrictions": restrictions, "current": current}
    editor_kwargs = {"exercises": exercises, "unsuitable": excluded}

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
        add_errors(editor.head, exc)
        return None
    if created:
        record_change(
            request, patient_user=patient.user, object_type=PLAN_OBJECT, object_id=patient.pk
        )
        messages.success(request, _("The training plan is saved."))
    else:
        messages.info(request, _("Nothing was changed, so no new version was made."))
    return redirect(reverse("sessions_log:plan_detail", kwargs={"pk": patient.pk}))
