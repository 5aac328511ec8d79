"""What changed from one version of a programme to the next, in sentences: a version (or a
progression proposal) as plain data, ``describe_changes`` (pure), and the history page's
versions with their changes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sessions_log.models import ExerciseType, PlannedSession, Programme
from sessions_log.plans.programmes.selectors import programme_versions
from sessions_log.plans.words import dose_text, weekday_names


def snapshot(programme) -> list[dict]:
    """A version as plain data for ``describe_changes``."""
    return [
        {
            "kind": s.get_kind_display(),
            "weekdays": s.weekdays,
            "minutes": s.minutes,
            "borg": (s.borg_min, s.borg_max),
            "setting": s.get_setting_display(),
            "note": s.note,
            "items": [
                (item.exercise_id, item.exercise.name, item.dose) for item in s.exercises.all()
            ],
        }
        for s in programme.sessions.all()
    ]


def proposal_snapshot(sessions: Iterable) -> list[dict]:
    """A proposal's sessions in the shape of ``snapshot``, for ``describe_changes``."""
    return [
        {
            "kind": str(ExerciseType(s.kind).label),
            "weekdays": s.weekdays,
            "minutes": s.minutes,
            "borg": (s.borg_min, s.borg_max),
            "setting": str(PlannedSession.Setting(s.setting).label),
            "note": s.note,
            "items": [(item.exercise.key, item.exercise.name, item.dose) for item in s.items],
        }
        for s in sessions
    ]


def describe_changes(
    old: list[dict] | None, new: list[dict], *, old_note="", new_note=""
) -> list[str]:
    """What changed from one version to the next, one sentence each (pure; no queries)."""
    if old is None:
        return [_("First version.")]
    lines = []
    for number in range(1, max(len(old), len(new)) + 1):
        before = old[number - 1] if number <= len(old) else None
        after = new[number - 1] if number <= len(new) else None
        label = {"number": number, "kind": (after or before)["kind"]}
        if before is None:
            lines.append(_("Session %(number)s (%(kind)s) added.") % label)
            continue
        if after is None:
            lines.append(_("Session %(number)s (%(kind)s) removed.") % label)
            continue
        if before["kind"] != after["kind"]:
            lines.append(
                _("Session %(number)s: %(old)s became %(new)s.")
                % {"number": number, "old": before["kind"], "new": after["kind"]}
            )
        if before["weekdays"] != after["weekdays"]:
            lines.append(
                _("Session %(number)s (%(kind)s): days %(old)s → %(new)s.")
                % {
                    **label,
                    "old": weekday_names(before["weekdays"]).lower(),
                    "new": weekday_names(after["weekdays"]).lower(),
                }
            )
        if before["minutes"] != after["minutes"]:
            lines.append(
                _("Session %(number)s (%(kind)s): %(old)s → %(new)s minutes.")
                % {**label, "old": before["minutes"], "new": after["minutes"]}
            )
        if before["borg"] != after["borg"]:
            lines.append(
                _("Session %(number)s (%(kind)s): effort %(old)s → %(new)s.")
                % {
                    **label,
                    "old": "{}–{}".format(*before["borg"]),
                    "new": "{}–{}".format(*after["borg"]),
                }
            )
        if before["setting"] != after["setting"]:
            lines.append(
                _("Session %(number)s (%(kind)s): %(old)s → %(new)s.")
                % {**label, "old": before["setting"].lower(), "new": after["setting"].lower()}
            )
        if before["note"] != after["note"]:
            lines.append(_("Session %(number)s (%(kind)s): the note changed.") % label)
        lines += _item_changes(label, before["items"], after["items"])
    if old_note != new_note:
        lines.append(_("The note for the patient changed."))
    return lines


def _item_changes(label, before, after) -> list[str]:
    lines = []
    old = {pk: (name, dose) for pk, name, dose in before}
    new = {pk: (name, dose) for pk, name, dose in after}
    for pk, (name, dose) in new.items():
        if pk not in old:
            lines.append(
                _("Session %(number)s (%(kind)s): %(exercise)s added (%(dose)s).")
                % {**label, "exercise": name, "dose": dose_text(dose)}
            )
        elif old[pk][1] != dose:
            lines.append(
                _("Session %(number)s (%(kind)s): %(exercise)s %(old)s → %(new)s.")
                % {**label, "exercise": name, "old": dose_text(old[pk][1]), "new": dose_text(dose)}
            )
    for pk, (name, _dose) in old.items():
        if pk not in new:
            lines.append(
                _("Session %(number)s (%(kind)s): %(exercise)s removed.")
                % {**label, "exercise": name}
            )
    if [pk for pk, *_r in before if pk in new] != [pk for pk, *_r in after if pk in old]:
        lines.append(_("Session %(number)s (%(kind)s): new order of the exercises.") % label)
    return lines


@dataclass
class Version:
    programme: Programme
    changes: list[str]


def version_history(*, patient) -> list[Version]:
    """Every version with what changed from the one before, newest first."""
    versions = programme_versions(patient=patient)
    history = []
    for index, programme in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        history.append(
            Version(
                programme=programme,
                changes=describe_changes(
                    snapshot(previous) if previous else None,
                    snapshot(programme),
                    old_note=previous.note if previous else "",
                    new_note=programme.note,
                ),
            )
        )
    return history
