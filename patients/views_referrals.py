"""Referrals and invitations: clinic staff register a doctor's referral, find it in the list,
invite the patient (a single-use link) or revoke the link, and close the referral; the patient
accepts the invitation and creates their account, and reads the privacy notice."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patients import selectors, services
from patients.access import referral_for_staff, shown_referral
from patients.forms import (
    AcceptInvitationForm,
    ReferralForm,
    ReferralOutcomeForm,
    ReferralSearchForm,
)
from patients.models import Referral
from pusterom.access import role_home_url, staff_required
from pusterom.audit import record_change, record_list_read

REFERRALS_PER_PAGE = 25


def _referral_changed(request, referral) -> None:
    """Staff changed a referral: a change to its patient's data once they have an account."""
    patient = getattr(referral, "patient", None)
    if patient is not None:
        record_change(
            request, patient_user=patient.user, object_type="referral", object_id=referral.pk
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
    # Names, birth dates and statuses: a read of every listed patient who has an account.
    record_list_read(
        request,
        patients=[r.patient for r in page if getattr(r, "patient", None) is not None],
        object_type="referral_list",
    )
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
            # The page names the existing referral: a read of its patient, if they have one.
            shown_referral(request, duplicate)
        else:
            messages.success(request, _("The referral is registered."))
            return redirect("patients:referral_detail", pk=referral.pk)
    return render(request, "patients/referral_form.html", {"form": form, "duplicate": duplicate})


@staff_required
def referral_detail(request, pk):
    referral = referral_for_staff(request, pk)
    patient = getattr(referral, "patient", None)
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
    referral = referral_for_staff(request, pk)
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
    referral = referral_for_staff(request, pk)
    if services.revoke_invitation(referral=referral, by=request.user):
        messages.success(request, _("The invitation link no longer works."))
    return redirect("patients:referral_detail", pk=referral.pk)


@staff_required
def referral_outcome(request, pk):
    referral = referral_for_staff(request, pk)
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
            _referral_changed(request, referral)
            messages.success(request, _("The referral is updated."))
            patient = getattr(referral, "patient", None)
            if patient is not None:
                patient.user.refresh_from_db(fields=["is_active"])
            if patient is not None and not patient.user.is_active:
                # Closing an active referral closed the patient's account too.
                record_change(
                    request, patient_user=patient.user, object_type="account", object_id=patient.pk
                )
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
                redirect_url=role_home_url(profile.user),
            )
    return render(
        request,
        "patients/invitation.html",
        {"form": form, "referral": referral, "centre": referral.centre},
    )


def privacy(request):
    return render(request, "patients/privacy.html")
