"""Helpers for the tests of parts of pages kept in the pages cache (pusterom.page_cache)."""

from __future__ import annotations

import re

_TABLES = re.compile(r'(?:FROM|JOIN) "(\w+)"')
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def tables_read_after_the_fingerprint(queries) -> set[str]:
    """The tables the queries after the fingerprint's touch (a miss: the part's own reads)."""
    sqls = [q["sql"] for q in queries.captured_queries]
    (at,) = [i for i, sql in enumerate(sqls) if "hashtextextended" in sql]
    return {table for sql in sqls[at + 1 :] for table in _TABLES.findall(sql)}


def main_part(response) -> str:
    """The page from its heading to the end of its main part, without the forms' tokens
    (the one-time messages, "Acknowledged ...", come before the heading)."""
    html = response.content.decode()
    return _TOKEN.sub("TOKEN", html[html.index("<h1>") : html.index("</main>")])
