"""Posting fuzzed form data through the product's own URLs, and what must hold each time:
never a server error, and a refused post (anything but a redirect) leaves the database as it
was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.apps import apps
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from pusterom.models import AuditEvent

# Values that have broken form handling elsewhere: empty and blank, NUL and control
# characters, numbers out of range, impossible dates, huge text, markup and SQL, formulas.
NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\r\n",
        "\u202e",
        "0",
        "-1",
        "1e309",
        "NaN",
        "99999999999999999999999",
        "2026-02-30",
        "0000-00-00",
        "9999-12-31",
        "24:61",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        '=HYPERLINK("http://evil.example")',
        "ø" * 5000,
        "x" * 70_000,
    ]
)
TEXT = st.text(max_size=80)
JUNK = st.one_of(
    NASTY,
    TEXT,
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(dt.date.isoformat),
)


def field(*good) -> st.SearchStrategy:
    """A field's value: mostly one of the good ones, otherwise junk, sometimes a list."""
    options = [JUNK, st.lists(JUNK, max_size=3)]
    if good:
        options = [st.sampled_from(good)] * 3 + options
    return st.one_of(*options)


def form(**fields) -> st.SearchStrategy:
    """Form data with each field present or left out, plus now and then a stray field."""
    optional = {name: st.one_of(st.none(), strategy) for name, strategy in fields.items()}
    return st.fixed_dictionaries(optional).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    ) | st.fixed_dictionaries({"stray": JUNK})


def _tables() -> list[str]:
    """The product's tables and allauth's, except the audit log: a refused post that shows
    the form again shows the patient's data again, and that read is rightly logged (the
    fuzz checks that such rows are reads only)."""
    labels = ("patients", "sessions_log", "pusterom", "account", "mfa")
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in labels
        and not model._meta.proxy
        and model._meta.db_table != "pusterom_auditevent"
    )


def snapshot():
    """What has been written to the product's tables (and allauth's). On PostgreSQL: the
    rows inserted, updated and deleted so far in this transaction (every test runs in one),
    so even an UPDATE that changes nothing counts; elsewhere, every row."""
    tables = _tables()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del"
                " FROM pg_stat_xact_user_tables WHERE relname = ANY(%s)",
                [tables],
            )
            return {name: counts for name, *counts in cursor.fetchall()}
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.db_table in tables
    }


class Tally:
    def __init__(self):
        self.accepted = 0
        self.refused = 0


def fuzz(strategy, post: Callable, *, setup: Callable | None = None, tally: Tally | None = None):
    """Run ``post`` on generated data: no 500 (the test client raises the view's exception),
    and a refusal stores nothing. ``setup()``, when given, makes what one post needs (before
    the database is compared) and its result is passed to ``post(data, made)``."""
    tally = tally or Tally()

    @given(strategy)
    def run(data):
        made = setup() if setup else None
        before = snapshot()
        last_audit = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = post(data, made) if setup else post(data)
        assert response.status_code < 500, response.status_code
        if response.status_code in (301, 302, 303):
            tally.accepted += 1
            return
        tally.refused += 1
        assert snapshot() == before, f"a refused post ({response.status_code}) stored something"
        written = AuditEvent.objects.filter(pk__gt=last_audit).exclude(action="view")
        assert not written.exists(), "a refused post was audited as a change"

    run()
    # Shown with `pytest -s`: how many examples the form took and refused.
    print(f"fuzz: {tally.accepted} accepted, {tally.refused} refused")
    return tally
