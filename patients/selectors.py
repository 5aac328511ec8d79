"""Reads for the patients app: lists, lookups and the plain-language restriction sentences."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from patients.models.profiles import IntakeConversation, PatientProfile
from patients.models.referrals import Invitation, Referral
from patients.models.restrictions import PriorInjury, Restriction


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token belongs to (usable or not), or None for an unknown one."""
    return (
        Invitation.objects.select_related("referral", "referral__centre")
        .filter(token_hash=token_hash(token))
        .first()
    )


def find_duplicate_referral(
    *, centre, first_name: str, last_name: str, birth_date, email: str, exclude_pk=None
) -> Referral | None:
    """The referral that a new one with these details would duplicate: the same person
    (birth date and name, case-insensitive) or the same email address in the centre."""
    same_person = Q(
        birth_date=birth_date, first_name__iexact=first_name, last_name__iexact=last_name
    )
    condition = same_person | Q(email__iexact=email) if email else same_person
    qs = Referral.objects.filter(condition, centre=centre)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("pk").first()


def referral_list(*, centre, q: str = "", status: str = ""):
    """The centre's referrals, newest first, optionally searched by name and filtered."""
    qs = Referral.objects.filter(centre=centre).select_related("patient")
    for word in q.split():
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_on", "-created_at", "-pk")


PATIENT_LIST_SORTS = ("name", "adherence")
# What the list shows (patients.markup.patient_rows) and its audit writes: 50 rows of whole
# profiles, users and physiotherapists were three times as many columns to build.
LIST_COLUMNS = (
    "user_id",
    "treatment_phase",
    "last_activity_at",
    "plan_adherence",
    "assigned_physio_id",
    "user__first_name",
    "user__last_name",
    "user__is_active",
    "assigned_physio__first_name",
    "assigned_physio__last_name",
)


def patient_list(*, centre_id: int, physio=None, sort: str = "name"):
    """The centre's patients with what the list shows, in one query: by name, or by how much
    of their training plan they followed (``plan_adherence``, written by the sessions_log
    app), least first and patients without planned sessions last."""
    qs = (
        PatientProfile.objects.filter(centre_id=centre_id)
        .select_related("user", "assigned_physio")
        .only(*LIST_COLUMNS)
    )
    if physio is not None:
        qs = qs.filter(assigned_physio=physio)
    by_name = ("user__last_name", "user__first_name", "pk")
    if sort == "adherence":
        return qs.order_by(F("plan_adherence").asc(nulls_last=True), *by_name)
    return qs.order_by(*by_name)


def _day(day: dt.date, today: dt.date) -> str:
    if day.year == today.year:
        return formats.date_format(day, "MONTH_DAY_FORMAT")
    return formats.date_format(day, "DATE_FORMAT")


def _area(restriction) -> str:
    return str(restriction.get_body_area_display()).lower()


def restriction_sentence(restriction: Restriction, *, today: dt.date | None = None) -> str:
    """What a restriction means for the patient, in plain words in the active language:
    "Until 12 March: no heavy lifting or strain on your left arm."."""
    kind = Restriction.Kind
    today = today or restriction.starts_on
    rules: list[str] = []
    if restriction.kind == kind.AFTER_SURGERY:
        if restriction.body_area:
            rules.append(
                _("no heavy lifting or strain on your %(area)s") % {"area": _area(restriction)}
            )
        else:
            rules.append(_("no heavy lifting or strain where you had surgery"))
    elif restriction.kind == kind.BONE_METASTASIS:
        if restriction.body_area:
            rules.append(
                _("avoid jumping, bumps and heavy loads on your %(area)s")
                % {"area": _area(restriction)}
            )
        else:
            rules.append(_("avoid jumping, bumps and heavy loads"))
    elif restriction.kind == kind.LYMPHOEDEMA:
        if restriction.body_area:
            rules.append(
                _("build up strength training for your %(area)s slowly, and tell us about swelling")
                % {"area": _area(restriction)}
            )
        else:
            rules.append(_("build up strength training slowly, and tell us about swelling"))
    elif restriction.kind == kind.NEUROPATHY:
        rules.append(_("choose exercises where you can sit or hold on, to keep your balance"))
    if restriction.max_rpe:
        rules.append(
            _("keep your effort at or below %(rpe)s on the Borg scale")
            % {"rpe": restriction.max_rpe}
        )
    if restriction.max_heart_rate:
        rules.append(
            _("keep your heart rate at or below %(hr)s beats a minute")
            % {"hr": restriction.max_heart_rate}
        )
    if not rules:
        rules.append(_("follow the advice from your physiotherapist"))
    if len(rules) == 2:
        rule = _("%(first)s and %(second)s") % {"first": rules[0], "second": rules[1]}
    else:
        rule = "; ".join(rules)
    if restriction.ends_on:
        return _("Until %(date)s: %(rule)s.") % {
            "date": _day(restriction.ends_on, today),
            "rule": rule,
        }
    return f"{capfirst(rule)}."


def active_restrictions(*, patient: PatientProfile, day: dt.date) -> list[Restriction]:
    """The patient's restrictions in force on ``day``, each with ``.sentence`` for the patient.

    Include them with ``{% include "patients/_my_restrictions.html" with restrictions=... %}``.
    """
    restrictions = list(patient.restrictions.active_on(day))
    for restriction in restrictions:
        restriction.sentence = restriction_sentence(restriction, today=day)
    return restrictions


@dataclass
class PatientSummary:
    """What the physiotherapist's summary of a patient shows; a fixed number of queries."""

    patient: PatientProfile
    today: dt.date
    age: int
    latest_intake: IntakeConversation | None
    active_restrictions: list[Restriction] = field(default_factory=list)
    upcoming_restrictions: list[Restriction] = field(default_factory=list)
    ended_restrictions: list[Restriction] = field(default_factory=list)
    prior_injuries: list[PriorInjury] = field(default_factory=list)

    @property
    def referral(self) -> Referral | None:
        return self.patient.referral


SUMMARY_RELATED = ("user", "centre", "assigned_physio", "referral")


def patient_summary(*, patient: PatientProfile, today: dt.date | None = None) -> PatientSummary:
    """Three queries when ``patient`` was fetched with ``SUMMARY_RELATED`` (as the
    clinicians' access helper does), four otherwise."""
    today = today or patient.local_today()
    if all(PatientProfile._meta.get_field(name).is_cached(patient) for name in SUMMARY_RELATED):
        profile = copy.copy(patient)  # the lists below are attached to the copy only
        profile._prefetched_objects_cache = {}
    else:
        profile = PatientProfile.objects.select_related(*SUMMARY_RELATED).get(pk=patient.pk)
    prefetch_related_objects(
        [profile],
        Prefetch(
            "restrictions",
            queryset=Restriction.objects.with_state_on(today)
            .select_related("set_by")
            .order_by("starts_on", "pk"),
        ),
        Prefetch("prior_injuries", queryset=PriorInjury.objects.order_by("body_area", "pk")),
    )
    latest_intake = (
        IntakeConversation.objects.filter(patient=profile)
        .select_related("physio")
        .order_by("-held_on", "-created_at", "-pk")
        .first()
    )
    summary = PatientSummary(
        patient=profile,
        today=today,
        age=profile.age_on(today),
        latest_intake=latest_intake,
        prior_injuries=list(profile.prior_injuries.all()),
    )
    by_state = {
        "active": summary.active_restrictions,
        "upcoming": summary.upcoming_restrictions,
        "ended": summary.ended_restrictions,
    }
    for restriction in profile.restrictions.all():
        restriction.sentence = restriction_sentence(restriction, today=today)
        by_state[restriction.state].append(restriction)
    summary.ended_restrictions.reverse()
    return summary
