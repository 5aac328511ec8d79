"""Spreadsheet-safe CSV (OWASP CSV injection): every leading character that starts a formula."""

import csv
import io

import pytest

from pusterom.csvsafe import BOM, DictWriter, Writer, dicts_to_csv, neutralise

FORMULAS = {
    "equals": '=HYPERLINK("http://evil.example","Klikk")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
    "full-width equals": "\uff1dSUM(A1:A2)",
    "full-width plus": "\uff0b1",
    "full-width minus": "\uff0d1",
    "full-width at": "\uff20SUM(1)",
    "spaces then equals": "   =1+1",
    "line break then equals": "\n=1+1",
}


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix(BOM))))


@pytest.mark.parametrize("value", FORMULAS.values(), ids=FORMULAS.keys())
def test_it_makes_a_cell_that_starts_a_formula_text(value):
    assert neutralise(value) == "'" + value
    text = dicts_to_csv([{"note": value}])
    assert read(text) == [["note"], ["'" + value]]


@pytest.mark.parametrize(
    "value",
    ["Gikk tur med hunden", "", "2026-11-02", "3 x 5 min", "Kari's note", "a=b", "1+1", "e-post"],
)
def test_it_leaves_ordinary_text_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [None, 0, -3, 12.5, True, False])
def test_it_writes_numbers_booleans_and_empty_values_as_they_are(value):
    assert neutralise(value) is value


def test_it_quotes_every_cell_and_doubles_quotes_inside():
    text = dicts_to_csv([{"a": 'Sa "hei"', "b": 7}])
    assert text == BOM + '"a","b"\r\n"Sa ""hei""","7"\r\n'


def test_it_neutralises_the_header_too():
    out = io.StringIO()
    writer = DictWriter(out, fieldnames=["=cmd"])
    writer.writeheader()
    assert out.getvalue() == '"\'=cmd"\r\n'


def test_it_neutralises_rows_written_with_the_list_writer():
    out = io.StringIO()
    Writer(out).writerows([["-1+1", "ok"]])
    assert read(out.getvalue()) == [["'-1+1", "ok"]]


def test_it_writes_a_header_for_a_table_with_no_rows():
    assert read(dicts_to_csv([], ["date", "note"])) == [["date", "note"]]


def test_it_starts_with_a_byte_order_mark_so_excel_reads_norwegian_letters():
    text = dicts_to_csv([{"note": "Vondt i kneet, øm i ryggen"}])
    assert text.startswith(BOM)
    assert read(text)[1] == ["Vondt i kneet, øm i ryggen"]
