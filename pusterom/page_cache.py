"""Parts of pages kept in Redis, keyed on a fingerprint of the rows they are made from.

A page that reads many tables (the triage list of open flags, the physiotherapist's patient
page, the patient's today's page and history) renders its body once and serves it again
while nothing it was made from has changed. Whether something changed is asked of PostgreSQL in one query, the *fingerprint*: over the rows of
every ``Scope`` (a table and the rows of it the part can show), how many there are and the
sum of a 64-bit hash of each row version's table, place (``ctid``) and writing transaction
(``xmin``). An insert, an update (PostgreSQL writes a new version, in a new place, by a new
transaction) and a delete each change that set of versions, and with it the sum, but for a
chance of about one in 2**64. A change shows at once, from the next request on.

Time is the other input: a part can say things that change with the clock alone ("open for
3 hours", a recovery question that opens 20 hours after a session). A kept part is served
for ``MAX_AGE`` (a minute) at most, and never after the local day it was made on.

What is never kept:
- forms' CSRF tokens: each is taken out before the part is stored and a fresh one put in for
  each request (``_CSRF``);
- anything for ``PAUSE_SECONDS`` after the cache failed to answer (the page is rendered);
- anything when there is no "pages" cache (no ``REDIS_URL``: the demo on SQLite, the tests
  unless they ask for it) or the database is not PostgreSQL;
- anything read inside a transaction (``atomic``): what it wrote and has not committed would
  be kept under a fingerprint that other requests cannot see yet, and a rollback would
  leave it there.

Which rows are in a part's scopes is written next to the page (``page_parts`` modules in
``sessions_log.triage`` and ``sessions_log.checkins``); their tests render each part on a
miss, collect every table its queries touch and fail when one is not covered by a scope,
and show that a change to each kind of row the part shows appears at once. A new read in a
kept part needs its rows in a scope: the table test fails until they are.

A part kept by an older release of the code can be served for up to ``MAX_AGE`` after a
deploy that changes its template.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from pusterom.redis_cache import CachePause

logger = logging.getLogger(__name__)

ALIAS = "pages"
MAX_AGE = dt.timedelta(minutes=1)
_CSRF = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
_CSRF_HOLE = "\x00csrf\x00"
# After a cache error, how long pages are rendered without asking the cache.
PAUSE_SECONDS = 10.0
pause = CachePause(
    logger, what="pages cache", instead="rendering without it", seconds=PAUSE_SECONDS
)


# Each row version: its table, its place in the table (ctid) and the transaction that wrote
# it (xmin). An insert, an update (a new version, in a new place, by a new transaction) and a
# delete each change the set of these; the count and the sum of their 64-bit hashes tell.
_ROW = "hashtextextended(tableoid::text || ':' || ctid::text || ':' || xmin::text, 0)"


@dataclass(frozen=True)
class Scope:
    """Rows of one table: ``SELECT ... FROM table WHERE where`` with ``params``."""

    table: str
    where: str
    params: tuple = ()

    @classmethod
    def of(cls, model, where: str, *params) -> Scope:
        return cls(model._meta.db_table, where, tuple(params))


def enabled() -> bool:
    return (
        ALIAS in settings.CACHES
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


@dataclass(frozen=True)
class Common:
    """Rows several scopes of a part start from, read once for the fingerprint:
    ``WITH name AS MATERIALIZED (sql)``, which the scopes' conditions can name."""

    name: str
    sql: str
    params: tuple = ()


def fingerprint(scopes: Sequence[Scope | Common]) -> str:
    """One query (PostgreSQL only): how many row versions the scopes hold, and the sum of
    their hashes (``_ROW``)."""
    common = [item for item in scopes if isinstance(item, Common)]
    tables = [item for item in scopes if isinstance(item, Scope)]
    # Table names from the models' Meta, conditions from the code: values are parameters.
    rows = " UNION ALL ".join(
        f"SELECT {_ROW} AS h FROM {connection.ops.quote_name(scope.table)} WHERE {scope.where}"  # noqa: S608
        for scope in tables
    )
    sql = f"SELECT count(*) || ':' || coalesce(sum(h), 0) FROM ({rows}) r"  # noqa: S608
    if common:
        sql = "WITH " + ", ".join(f"{c.name} AS MATERIALIZED ({c.sql})" for c in common) + " " + sql
    params = [p for item in (*common, *tables) for p in item.params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (value,) = cursor.fetchone()
    return value


@dataclass
class Part:
    """What a part's renderer gives back: its HTML and what the view needs on a hit too
    (for example the patients a list showed, for the audit trail)."""

    html: str
    extra: object = None


def cached(
    name: str,
    *,
    request,
    scopes: Sequence[Scope | Common],
    vary: Sequence,
    today: dt.date,
    render: Callable[[], Part],
) -> Part:
    """The part ``name`` for ``vary`` (with the language and ``today``), from the cache while
    the rows of ``scopes`` are unchanged and it is younger than ``MAX_AGE``, else rendered
    by ``render`` and kept."""
    if not enabled() or not pause.available():
        return render()
    cache = caches[ALIAS]
    # What the part was made for, hashed: ``vary`` may hold what a visitor sent (a page
    # number), which does not belong in a key as it is.
    made_of = repr((tuple(vary), translation.get_language(), today.isoformat()))
    made_of += fingerprint(scopes)
    key = f"part:{name}:{hashlib.blake2b(made_of.encode(), digest_size=20).hexdigest()}"
    try:
        kept = cache.get(key)
    except Exception as exc:  # noqa: BLE001 - any cache failure means "render it"
        pause.failed("get", exc)
        return render()
    if kept is None:
        part = render()
        kept = Part(_CSRF.sub(_CSRF_HOLE, part.html), part.extra)
        try:
            cache.set(key, kept, timeout=int(MAX_AGE.total_seconds()))
        except Exception as exc:  # noqa: BLE001
            pause.failed("set", exc)
    return Part(_filled(kept.html, request), kept.extra)


def _filled(html: str, request) -> SafeString:
    if _CSRF_HOLE in html:
        token = get_token(request)
        html = html.replace(
            _CSRF_HOLE,
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">',
        )
    return mark_safe(html)  # noqa: S308 - rendered by our templates, the token is ours
