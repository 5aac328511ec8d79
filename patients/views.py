"""Pages of the patients app: referrals and invitations (clinic staff), accepting an invitation
(the patient), the patient list, intake, restrictions and prior injuries (physiotherapist),
and the patient's own plan."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patients import selectors, services
from patients.access import (
    own_profile,
    patient_for_physio,
    prior_injury_for_physio,
    referral_for_staff,
    restriction_for_physio,
)
from patients.forms import (
    AcceptInvitationForm,
    IntakeForm,
    PriorInjuryForm,
    ReferralForm,
    ReferralOutcomeForm,
    ReferralSearchForm,
    RestrictionForm,
)
from patients.models import Referral
from pusterom.access import clinician_required, patient_required, physio_required, staff_required
from pusterom.audit import client_ip, record_read
from pusterom.models import AuditEvent

REFERRALS_PER_PAGE = 25
PATIENTS_PER_PAGE = 50


def _patient_page(patient) -> str:
    return reverse("sessions_log:patient_page", kwargs={"pk": patient.pk})


def _audit_change(request, patient, object_type: str, object_id) -> None:
    record_read(
        request,
        patient_user=patient.user,
        object_type=object_type,
        object_id=object_id,
        action=AuditEvent.Action.CHANGE,
    )


# Clinic staff: referrals -----------------------------------------------------------------------


@staff_required
def referral_list(request):
    form = ReferralSearchForm(request.GET or None)
    q = status = ""
    if form.is_bound and form.is_valid():
        q, status = form.cleaned_data["q"], form.cleaned_data["status"]
    centre = request.user.centre
    page = Paginator(
        selectors.referral_list(centre=centre, q=q, status=status), REFERRALS_PER_PAGE
    ).get_page(request.GET.get("page"))
    today = centre.local_today()
    for referral in page:
        referral.age_days = max((today - referral.received_on).days, 0)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "patients/referral_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(q or status)},
    )


@staff_required
def referral_create(request):
    centre = request.user.centre
    form = ReferralForm(request.POST or None, today=centre.local_today())
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.register_referral(
                centre=centre, registered_by=request.user, **form.cleaned_data
            )
        except services.DuplicateReferral as exc:
            duplicate = exc.existing
            form.add_error(None, _("This person already has a referral at the centre."))
        else:
            messages.success(request, _("The referral is registered."))
            return redirect("patients:referral_detail", pk=referral.pk)
    return render(request, "patients/referral_form.html", {"form": form, "duplicate": duplicate})


@staff_required
def referral_detail(request, pk):
    referral = referral_for_staff(request.user, pk)
    patient = getattr(referral, "patient", None)
    if patient is not None:
        record_read(request, patient_user=patient.user, object_type="referral", object_id=pk)
    invitations = list(referral.invitations.select_related("created_by")[:5])
    now = timezone.now()
    return render(
        request,
        "patients/referral_detail.html",
        {
            "referral": referral,
            "patient": patient,
            "invitations": invitations,
            "open_invitation": next((i for i in invitations if i.is_usable(now)), None),
            "outcomes": services.referral_outcomes(referral),
            "can_invite": referral.status in (Referral.Status.RECEIVED, Referral.Status.INVITED),
            "now": now,
        },
    )


@staff_required
@require_POST
def referral_invite(request, pk):
    referral = referral_for_staff(request.user, pk)
    try:
        token = services.invite_patient(referral=referral, by=request.user)
    except services.WrongStatus:
        messages.error(request, _("This referral cannot get an invitation now."))
    else:
        if selectors.invitation_for_token(token).sent_at:
            messages.success(request, _("The invitation is sent. The link works for 14 days."))
        else:
            messages.error(
                request,
                _("The invitation could not be sent. Try again later with “Send a new link”."),
            )
    return redirect("patients:referral_detail", pk=referral.pk)


@staff_required
@require_POST
def referral_revoke(request, pk):
    referral = referral_for_staff(request.user, pk)
    if services.revoke_invitation(referral=referral, by=request.user):
        messages.success(request, _("The invitation link no longer works."))
    return redirect("patients:referral_detail", pk=referral.pk)


@staff_required
def referral_outcome(request, pk):
    referral = referral_for_staff(request.user, pk)
    allowed = services.referral_outcomes(referral)
    if not allowed:
        messages.info(request, _("This referral is already closed."))
        return redirect("patients:referral_detail", pk=referral.pk)
    form = ReferralOutcomeForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_referral_outcome(referral=referral, by=request.user, **form.cleaned_data)
        except services.WrongStatus:
            messages.error(request, _("This referral cannot be changed like that now."))
        else:
            messages.success(request, _("The referral is updated."))
            patient = getattr(referral, "patient", None)
            if patient is not None and not patient.user.is_active:
                # Closing an active referral closed the patient's account too.
                _audit_change(request, patient, "account", patient.pk)
        return redirect("patients:referral_detail", pk=referral.pk)
    return render(request, "patients/referral_outcome.html", {"form": form, "referral": referral})


# The patient: accepting an invitation ----------------------------------------------------------


def _unusable(request, invitation, status=200):
    reason = "unknown"
    if invitation is not None:
        if invitation.accepted_at:
            reason = "used"
        elif invitation.revoked_at:
            reason = "revoked"
        else:
            reason = "expired"
    return render(
        request,
        "patients/invitation_unusable.html",
        {"reason": reason, "centre": invitation.referral.centre if invitation else None},
        status=status,
    )


def invitation(request, token):
    found = selectors.invitation_for_token(token)
    if found is None:
        return _unusable(request, None, status=404)
    if not found.is_usable():
        return _unusable(request, found)
    referral = found.referral
    form = AcceptInvitationForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.accept_invitation(
                token=token,
                email=form.account_email,
                password=form.cleaned_data["password1"],
                language=translation.get_language() or "nb",
            )
        except services.InvitationUnusable:
            found.refresh_from_db()
            return _unusable(request, found)
        except services.EmailTaken:
            form.add_error(
                "email" if "email" in form.fields else None,
                _("This email address already has an account. Contact your centre for help."),
            )
        else:
            return perform_login(
                request,
                profile.user,
                email_verification="none",
                redirect_url=reverse("sessions_log:home"),
            )
    return render(
        request,
        "patients/invitation.html",
        {"form": form, "referral": referral, "centre": referral.centre},
    )


def privacy(request):
    return render(request, "patients/privacy.html")


# Physiotherapist: patients ---------------------------------------------------------------------


def _audit_list(request, patients) -> None:
    """One audit row per patient shown, written in one query."""
    at = timezone.now()
    ip = client_ip(request)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=request.user,
            patient_id=p.user_id,
            action=AuditEvent.Action.VIEW,
            object_type="patient_list",
            object_id=str(p.pk),
            at=at,
            ip=ip,
        )
        for p in patients
    )


@clinician_required
def patient_list(request):
    mine = request.user.is_physio and request.GET.get("mine") == "1"
    qs = selectors.patient_list(centre=request.user.centre, physio=request.user if mine else None)
    page = Paginator(qs, PATIENTS_PER_PAGE).get_page(request.GET.get("page"))
    _audit_list(request, page.object_list)
    return render(request, "patients/patient_list.html", {"page": page, "mine": mine})


@physio_required
def intake_create(request, pk):
    patient = patient_for_physio(request.user, pk)
    form = IntakeForm(request.POST or None, today=patient.local_today())
    if request.method == "POST" and form.is_valid():
        services.record_intake(patient=patient, physio=request.user, **form.cleaned_data)
        _audit_change(request, patient, "intake", patient.pk)
        messages.success(request, _("The intake conversation is saved."))
        return redirect(_patient_page(patient))
    return render(request, "patients/intake_form.html", {"form": form, "patient": patient})


@physio_required
def restriction_create(request, pk):
    patient = patient_for_physio(request.user, pk)
    form = RestrictionForm(request.POST or None, today=patient.local_today())
    if request.method == "POST" and form.is_valid():
        restriction = services.add_restriction(
            patient=patient, set_by=request.user, **form.cleaned_data
        )
        _audit_change(request, patient, "restriction", restriction.pk)
        messages.success(request, _("The restriction is saved."))
        return redirect(_patient_page(patient))
    return render(request, "patients/restriction_form.html", {"form": form, "patient": patient})


@physio_required
def restriction_edit(request, pk):
    restriction = restriction_for_physio(request.user, pk)
    patient = restriction.patient
    form = RestrictionForm(request.POST or None, instance=restriction, today=patient.local_today())
    if request.method == "POST" and form.is_valid():
        services.update_restriction(
            restriction=restriction, set_by=request.user, **form.cleaned_data
        )
        _audit_change(request, patient, "restriction", pk)
        messages.success(request, _("The restriction is saved."))
        return redirect(_patient_page(patient))
    if request.method == "GET":
        record_read(request, patient_user=patient.user, object_type="restriction", object_id=pk)
    return render(
        request,
        "patients/restriction_form.html",
        {"form": form, "patient": patient, "restriction": restriction},
    )


@physio_required
@require_POST
def restriction_end(request, pk):
    restriction = restriction_for_physio(request.user, pk)
    patient = restriction.patient
    try:
        services.end_restriction(
            restriction=restriction, today=patient.local_today(), by=request.user
        )
    except services.WrongStatus:
        messages.error(request, _("This restriction has not started yet. Edit it instead."))
    else:
        _audit_change(request, patient, "restriction", pk)
        messages.success(request, _("The restriction ends today."))
    return redirect(_patient_page(patient))


@physio_required
def injury_create(request, pk):
    patient = patient_for_physio(request.user, pk)
    form = PriorInjuryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        injury = services.add_prior_injury(patient=patient, **form.cleaned_data)
        _audit_change(request, patient, "prior_injury", injury.pk)
        messages.success(request, _("The prior injury is saved."))
        return redirect(_patient_page(patient))
    return render(request, "patients/injury_form.html", {"form": form, "patient": patient})


@physio_required
def injury_edit(request, pk):
    injury = prior_injury_for_physio(request.user, pk)
    patient = injury.patient
    form = PriorInjuryForm(request.POST or None, instance=injury)
    if request.method == "POST" and form.is_valid():
        services.update_prior_injury(injury=injury, **form.cleaned_data)
        _audit_change(request, patient, "prior_injury", pk)
        messages.success(request, _("The prior injury is saved."))
        return redirect(_patient_page(patient))
    if request.method == "GET":
        record_read(request, patient_user=patient.user, object_type="prior_injury", object_id=pk)
    return render(
        request,
        "patients/injury_form.html",
        {"form": form, "patient": patient, "injury": injury},
    )


@physio_required
def injury_delete(request, pk):
    injury = prior_injury_for_physio(request.user, pk)
    patient = injury.patient
    if request.method == "POST":
        services.delete_prior_injury(injury=injury)
        _audit_change(request, patient, "prior_injury", pk)
        messages.success(request, _("The prior injury is deleted."))
        return redirect(_patient_page(patient))
    record_read(request, patient_user=patient.user, object_type="prior_injury", object_id=pk)
    return render(request, "patients/injury_delete.html", {"injury": injury, "patient": patient})


# The patient: my plan --------------------------------------------------------------------------


@patient_required
def my_plan(request):
    profile = own_profile(request.user)
    today = profile.local_today()
    return render(
        request,
        "patients/my_plan.html",
        {
            "profile": profile,
            "restrictions": selectors.active_restrictions(patient=profile, day=today),
            "injuries": list(profile.prior_injuries.all()),
            "physio": profile.assigned_physio,
        },
    )
