"""The plan editor: a formset of the week's sessions, each with a formset of exercise rows,
all server-side, under a head form (a plan's note and version, or a template's name). "More
rows" adds a blank session and blank rows without saving; the error summary links to each
field."""

from __future__ import annotations

from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from sessions_log.models import ExerciseType
from sessions_log.plans.programmes.forms import ExerciseRowForm, SessionForm
from sessions_log.plans.programmes.services import SessionInput

MAX_SESSIONS = 14
MAX_ROWS = 20
EXTRA_ROWS = 2  # blank exercise rows under a session's own
NEW_SESSION_ROWS = 4  # blank rows in a blank session


def exercise_choices(exercises) -> list:
    """The exercise select's choices: grouped by type, in the reader's language."""
    groups = []
    for value, label in ExerciseType.choices:
        options = sorted(
            ((e.pk, e.name) for e in exercises.values() if e.type == value),
            key=lambda option: option[1].lower(),
        )
        if options:
            groups.append((label, options))
    return [("", "–"), *groups]


SessionFormSet = formset_factory(
    SessionForm, extra=0, max_num=MAX_SESSIONS, validate_max=True, absolute_max=MAX_SESSIONS
)


def _row_formset(extra: int):
    return formset_factory(
        ExerciseRowForm, extra=extra, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
    )


class PlanEditor:
    """The week's sessions with their exercise rows, plus a head form (the plan's note and
    version, or a template's name). ``rows`` is the initial data (``selectors.session_rows``)."""

    def __init__(self, data=None, *, head, exercises, unsuitable=None, rows=(), new_session=True):
        self.head = head
        self.exercises = exercises
        self.unsuitable = unsuitable or {}
        self.choices = exercise_choices(exercises)
        rows = list(rows)
        prefix = "sessions"
        if data is not None:
            self.sessions = SessionFormSet(data, prefix=prefix)
        else:
            initial = [{k: v for k, v in row.items() if k != "exercises"} for row in rows]
            self.sessions = SessionFormSet(
                prefix=prefix, initial=initial + ([{}] if new_session else [])
            )
        for index, form in enumerate(self.sessions.forms):
            row_prefix = f"{prefix}-{index}-exercises"
            kwargs = {
                "prefix": row_prefix,
                "form_kwargs": {
                    "exercises": exercises,
                    "unsuitable": self.unsuitable,
                    "choices": self.choices,
                },
            }
            if data is not None and f"{row_prefix}-TOTAL_FORMS" in data:
                form.rows = _row_formset(0)(data, **kwargs)
            else:
                own = rows[index]["exercises"] if index < len(rows) else []
                extra = EXTRA_ROWS if own else NEW_SESSION_ROWS
                form.rows = _row_formset(extra)(initial=own, **kwargs)
            form.number = index + 1

    # Reading what was sent ------------------------------------------------------------------

    def is_valid(self) -> bool:
        valid = self.head.is_valid()
        if not self.sessions.is_valid():
            valid = False
        for form in self.sessions.forms:
            if form.removed:
                continue
            if not form.rows.is_valid():
                valid = False
            elif form.is_blank and any(not row.is_blank for row in form.rows.forms):
                form.add_error(
                    None,
                    _("Fill in the session's days, kind and minutes, or remove its exercises."),
                )
                valid = False
        if valid and not self.cleaned_sessions():
            self.head.add_error(None, _("Add at least one session to the plan."))
            valid = False
        return valid

    def cleaned_sessions(self) -> list[SessionInput]:
        sessions = []
        for form in self.sessions.forms:
            if form.is_blank:
                continue
            data = form.cleaned_data
            sessions.append(
                SessionInput(
                    weekdays="".join(sorted(set(data["weekdays"]))),
                    kind=data["kind"],
                    setting=data["setting"],
                    minutes=data["minutes"],
                    borg_min=data["borg_min"],
                    borg_max=data["borg_max"],
                    note=data.get("note", ""),
                    exercises=[
                        row.cleaned_data["item"] for row in form.rows.forms if not row.is_blank
                    ],
                )
            )
        return sessions

    def sent_rows(self) -> list[dict]:
        """What was sent, as initial data (no validation): to add blank rows and keep it all."""
        rows = []
        for form in self.sessions.forms:
            if form.raw_blank() and not any(not r.raw_blank() for r in form.rows.forms):
                continue
            row = {name: form[name].value() for name in form.fields if name != "remove"}
            row["exercises"] = [
                {name: r[name].value() for name in r.fields if name != "remove"}
                for r in form.rows.forms
                if not r.raw_blank()
            ]
            rows.append(row)
        return rows

    # Showing it --------------------------------------------------------------------------------

    def errors(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the error summary at the top."""
        found = [("", str(e)) for e in self.head.non_field_errors()]
        found += [
            (self.head[name].auto_id, str(e))
            for name in self.head.errors
            if name != "__all__"
            for e in self.head.errors[name]
        ]
        found += [("", str(e)) for e in self.sessions.non_form_errors()]
        for form in self.sessions.forms:
            found += _form_errors(form)
            found += [("", str(e)) for e in form.rows.non_form_errors()]
            for row in form.rows.forms:
                found += _form_errors(row)
        return found


def _form_errors(form) -> list[tuple[str, str]]:
    if not form.is_bound:
        return []
    found = []
    for name, errors in form.errors.items():
        if name == "__all__":
            anchor = form.add_prefix("weekdays") if "weekdays" in form.fields else ""
            found += [(f"id_{anchor}_0" if anchor else "", str(e)) for e in errors]
            continue
        anchor = form[name].auto_id
        if form[name].widget_type in ("radioselect", "checkboxselectmultiple"):
            anchor += "_0"
        found += [(anchor, str(e)) for e in errors]
    return found
