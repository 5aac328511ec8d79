"""Pages of the patients app: referrals and invitations (clinic staff), accepting an invitation
(the patient), the patient list, intake, restrictions and prior injuries (physiotherapist),
and the patient's own plan."""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
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
    shown_referral,
)
from patients.forms import (
    AcceptInvitationForm,
    CentralLineForm,
    IntakeForm,
    PriorInjuryForm,
    ReferralForm,
    ReferralOutcomeForm,
    ReferralSearchForm,
    RestrictionForm,
)
from patients.models import Referral
from pusterom.access import (
    clinician_required,
    patient_required,
    physio_required,
    role_home_url,
    staff_required,
)
from pusterom.audit import record_change, record_list_read
from pusterom.links import page_url

REFERRALS_PER_PAGE = 25
PATIENTS_PER_PAGE = 50


def _patient_page(patient) -> str:
    return page_url("patient_page", patient.pk)


def _saved(request, patient, *, object_type: str, object_id, message):
    """After a physiotherapist changed a patient's record: audit it, say so, and go back to
    the patient's page."""
    record_change(request, patient_user=patient.user, object_type=object_type, object_id=object_id)
    messages.success(request, message)
    return redirect(_patient_page(patient))


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


# Physiotherapist: patients ---------------------------------------------------------------------


@clinician_required
def patient_list(request):
    mine = request.user.is_physio and request.GET.get("mine") == "1"
    sort = request.GET.get("sort", "name")
    if sort not in selectors.PATIENT_LIST_SORTS:
        sort = "name"
    qs = selectors.patient_list(
        centre_id=request.user.centre_id, physio=request.user if mine else None, sort=sort
    )
    page = Paginator(qs, PATIENTS_PER_PAGE).get_page(request.GET.get("page"))
    record_list_read(request, patients=page.object_list, object_type="patient_list")
    query = {"mine": "1"} if mine else {}
    return render(
        request,
        "patients/patient_list.html",
        {
            "page": page,
            "mine": mine,
            "sort": sort,
            "query": urlencode(query | ({"sort": sort} if sort != "name" else {})),
            "mine_query": urlencode(query),
        },
    )


@physio_required
def intake_create(request, pk):
    patient = patient_for_physio(request, pk, object_type="intake")
    form = IntakeForm(request.POST or None, today=patient.local_today())
    if request.method == "POST" and form.is_valid():
        services.record_intake(patient=patient, physio=request.user, **form.cleaned_data)
        return _saved(
            request,
            patient,
            object_type="intake",
            object_id=patient.pk,
            message=_("The intake conversation is saved."),
        )
    return render(request, "patients/intake_form.html", {"form": form, "patient": patient})


@physio_required
@require_POST
def take_patient(request, pk):
    """ "Take the patient": a patient without a physiotherapist becomes this one's."""
    patient = patient_for_physio(request, pk, object_type="patient_profile")
    if services.take_patient(patient=patient, physio=request.user):
        return _saved(
            request,
            patient,
            object_type="patient_profile",
            object_id=patient.pk,
            message=_("You are now this patient's physiotherapist."),
        )
    messages.info(request, _("This patient already has a physiotherapist."))
    return redirect(_patient_page(patient))


@physio_required
def central_line(request, pk):
    patient = patient_for_physio(request, pk, object_type="patient_profile")
    # Nothing chosen posts nothing: still a bound form, so the error shows.
    data = request.POST if request.method == "POST" else None
    form = CentralLineForm(data, initial=CentralLineForm.initial_for(patient))
    if request.method == "POST" and form.is_valid():
        services.set_central_line(patient=patient, **form.cleaned_data)
        return _saved(
            request,
            patient,
            object_type="patient_profile",
            object_id=patient.pk,
            message=_("The port or PICC line is saved."),
        )
    return render(request, "patients/central_line_form.html", {"form": form, "patient": patient})


@physio_required
def restriction_create(request, pk):
    patient = patient_for_physio(request, pk, object_type="restriction")
    form = RestrictionForm(request.POST or None, today=patient.local_today())
    if request.method == "POST" and form.is_valid():
        restriction = services.add_restriction(
            patient=patient, set_by=request.user, **form.cleaned_data
        )
        return _saved(
            request,
            patient,
            object_type="restriction",
            object_id=restriction.pk,
            message=_("The restriction is saved."),
        )
    return render(request, "patients/restriction_form.html", {"form": form, "patient": patient})


@physio_required
def restriction_edit(request, pk):
    restriction = restriction_for_physio(request, pk)
    patient = restriction.patient
    form = RestrictionForm(request.POST or None, instance=restriction, today=patient.local_today())
    if request.method == "POST" and form.is_valid():
        services.update_restriction(
            restriction=restriction, set_by=request.user, **form.cleaned_data
        )
        return _saved(
            request,
            patient,
            object_type="restriction",
            object_id=pk,
            message=_("The restriction is saved."),
        )
    return render(
        request,
        "patients/restriction_form.html",
        {"form": form, "patient": patient, "restriction": restriction},
    )


@physio_required
@require_POST
def restriction_end(request, pk):
    restriction = restriction_for_physio(request, pk)
    patient = restriction.patient
    try:
        services.end_restriction(
            restriction=restriction, today=patient.local_today(), by=request.user
        )
    except services.WrongStatus:
        messages.error(request, _("This restriction has not started yet. Edit it instead."))
        return redirect(_patient_page(patient))
    return _saved(
        request,
        patient,
        object_type="restriction",
        object_id=pk,
        message=_("The restriction ends today."),
    )


@physio_required
def injury_create(request, pk):
    patient = patient_for_physio(request, pk, object_type="prior_injury")
    form = PriorInjuryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        injury = services.add_prior_injury(patient=patient, **form.cleaned_data)
        return _saved(
            request,
            patient,
            object_type="prior_injury",
            object_id=injury.pk,
            message=_("The prior injury is saved."),
        )
    return render(request, "patients/injury_form.html", {"form": form, "patient": patient})


@physio_required
def injury_edit(request, pk):
    injury = prior_injury_for_physio(request, pk)
    patient = injury.patient
    form = PriorInjuryForm(request.POST or None, instance=injury)
    if request.method == "POST" and form.is_valid():
        services.update_prior_injury(injury=injury, **form.cleaned_data)
        return _saved(
            request,
            patient,
            object_type="prior_injury",
            object_id=pk,
            message=_("The prior injury is saved."),
        )
    return render(
        request,
        "patients/injury_form.html",
        {"form": form, "patient": patient, "injury": injury},
    )


@physio_required
def injury_delete(request, pk):
    injury = prior_injury_for_physio(request, pk)
    patient = injury.patient
    if request.method == "POST":
        services.delete_prior_injury(injury=injury)
        return _saved(
            request,
            patient,
            object_type="prior_injury",
            object_id=pk,
            message=_("The prior injury is deleted."),
        )
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
