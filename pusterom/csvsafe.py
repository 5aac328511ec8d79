"""Spreadsheet-safe CSV. Every CSV file the product writes goes through this module.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` is read as a formula when the file is
opened in Excel, LibreOffice or Google Sheets, and a leading tab or carriage return can hide
such a character from a quick check ("CSV injection", OWASP:
https://owasp.org/www-community/attacks/CSV_Injection). A patient's own note could turn into a
live formula on the patient's computer. Following OWASP, every text cell that begins with one
of those characters (also after leading white space, and in the full-width forms that some
spreadsheets fold to the ASCII ones) gets a single quote in front, which spreadsheets show as
text; every field is quoted, and quotes inside are doubled (the csv module does that).

Numbers, booleans and empty values are not text typed by anyone and are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

# OWASP's list, plus the full-width equals, plus, minus and at sign.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
LEADING_SPACE = " \t\r\n\x0b\x0c"
# Written at the start of a file so that Excel reads the file as UTF-8 (æ, ø, å).
BOM = "\ufeff"


def neutralise(value):
    """The value to write in a cell: text that a spreadsheet would run as a formula gets a
    leading single quote; anything else is returned unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) or value.lstrip(LEADING_SPACE).startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Writer:
    """``csv.writer`` whose every cell is neutralised and quoted."""

    def __init__(self, file, **kwargs):
        kwargs.setdefault("quoting", csv.QUOTE_ALL)
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter:
    """``csv.DictWriter`` whose every cell (the header's too) is neutralised and quoted."""

    def __init__(self, file, fieldnames: Sequence[str], **kwargs):
        kwargs.setdefault("quoting", csv.QUOTE_ALL)
        self.fieldnames = list(fieldnames)
        self._writer = csv.DictWriter(file, fieldnames=self.fieldnames, **kwargs)

    def writeheader(self):
        return self._writer.writerow({name: neutralise(name) for name in self.fieldnames})

    def writerow(self, row: Mapping):
        return self._writer.writerow({key: neutralise(value) for key, value in row.items()})

    def writerows(self, rows: Iterable[Mapping]) -> None:
        for row in rows:
            self.writerow(row)


def dicts_to_csv(rows: Sequence[Mapping], fieldnames: Sequence[str] | None = None) -> str:
    """One CSV document (with a byte-order mark for Excel) from a list of dicts; the header
    comes from ``fieldnames`` or from the first row's keys."""
    text = io.StringIO()
    text.write(BOM)
    names = list(fieldnames) if fieldnames is not None else list(rows[0]) if rows else []
    if names:
        writer = DictWriter(text, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)
    return text.getvalue()
