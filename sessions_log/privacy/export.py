"""Everything Pusterom stores about a patient, for "download my data" (GDPR art. 15 and 20).

One table per kind of data, each column described for the patient: the CSV download is a zip
of one spreadsheet-safe CSV file per table (pusterom.csvsafe) with a README.txt, in the
patient's language, that describes every file and every column. People (the physiotherapist
who held the intake, set a restriction or acknowledged a flag) are named, never given as ids.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from patients.models import (
    PatientProfile,
)
from pusterom.csvsafe import dicts_to_csv
from pusterom.models import User
from sessions_log.privacy.export_tables import (
    PROFILE,
    SOURCES,
    TABLES,
    USER_COLUMNS,
    Table,
)


def _value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _person(first: str | None, last: str | None, email: str | None) -> str:
    name = f"{first or ''} {last or ''}".strip()
    return name or email or ""


def _profile_row(patient: PatientProfile) -> dict:
    patient = PatientProfile.objects.select_related("user", "centre", "assigned_physio").get(
        pk=patient.pk
    )
    user, physio = patient.user, patient.assigned_physio
    row = {name: getattr(user, name) for name in USER_COLUMNS}
    row["account_active"] = user.is_active
    row["centre"] = patient.centre.name
    row["assigned_physio"] = (
        _person(physio.first_name, physio.last_name, physio.email) if physio else ""
    )
    for name in PROFILE.columns:
        if name not in row:
            row[name] = _value(getattr(patient, name))
    return row


def _rows(name: str, table: Table, patient: PatientProfile) -> list[dict]:
    sources = SOURCES.get(name, {})
    fields = [sources.get(c, c) for c in table.columns if c not in table.people]
    for fk in table.people.values():
        fields += [f"{fk}__first_name", f"{fk}__last_name", f"{fk}__email"]
    rows = table.model.objects.filter(**{table.owner: patient}).order_by("pk").values(*fields)
    out = []
    for row in rows:
        values = {}
        for column in table.columns:
            if column in table.people:
                fk = table.people[column]
                values[column] = _person(
                    row[f"{fk}__first_name"], row[f"{fk}__last_name"], row[f"{fk}__email"]
                )
            else:
                values[column] = _value(row[sources.get(column, column)])
        out.append(values)
    return out


def export_rows(*, patient) -> dict[str, list[dict]]:
    """One query per table, streamed with values(): a patient's history stays small."""
    data = {"profile": [_profile_row(patient)]}
    for name, table in TABLES.items():
        data[name] = _rows(name, table, patient)
    return data


def _choices(table: Table, column: str, source: str) -> str:
    model = User if table is PROFILE and column in USER_COLUMNS else table.model
    try:
        choices = model._meta.get_field(source).choices
    except FieldDoesNotExist:
        return ""
    if not choices:
        return ""
    values = "; ".join(f"{code} = {label}" for code, label in choices)
    return " " + gettext("Values: %(values)s.") % {"values": values}


def readme(*, patient, now=None) -> str:
    """README.txt of the zip: every file and every column, in the active language."""
    now = timezone.localtime(now or timezone.now(), patient.centre.tzinfo)
    lines = [
        gettext("Pusterom – your data"),
        gettext("Downloaded %(when)s for %(name)s.")
        % {
            "when": formats.date_format(now, "DATETIME_FORMAT"),
            "name": patient.user.get_full_name() or patient.user.email,
        },
        "",
        gettext(
            "This file describes the others. Each CSV file is a table: one row for each thing "
            "saved, one column for each detail. Open them in a spreadsheet such as Excel, "
            "Numbers or LibreOffice."
        ),
        gettext(
            "Yes-or-no answers are written True (yes) or False (no). Dates are written "
            "year-month-day; times also give the offset from UTC (+00:00 is UTC)."
        ),
        gettext(
            "Text that begins with =, +, - or @ starts with an apostrophe ('), so that a "
            "spreadsheet shows it as text and never runs it as a formula."
        ),
        gettext(
            "Pusterom keeps your data while you take part and afterwards, as Norwegian rules "
            "for health records require. Questions? Ask your centre, %(centre)s."
        )
        % {"centre": patient.centre.name},
    ]
    for name, table in {"profile": PROFILE, **TABLES}.items():
        lines += ["", f"{name}.csv", f"  {table.about}"]
        sources = SOURCES.get(name, {})
        for column, about in table.columns.items():
            source = sources.get(column, table.people.get(column, column))
            lines.append(f"  - {column}: {about}{_choices(table, column, source)}")
    return "\n".join(lines) + "\n"


def export_csv_zip(*, patient) -> bytes:
    """The zip: README.txt and one CSV file per table, in the patient's language."""
    buffer = io.BytesIO()
    with translation.override(patient.user.language or None):
        text = readme(patient=patient)
        rows = export_rows(patient=patient)
    columns = {"profile": list(PROFILE.columns)} | {n: list(t.columns) for n, t in TABLES.items()}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", text)
        for name, table_rows in rows.items():
            archive.writestr(f"{name}.csv", dicts_to_csv(table_rows, columns[name]))
    return buffer.getvalue()
