"""Error pages (400, 403, 404, 500, and 503 when the database is down) in the site's look and
the visitor's language, with a way back home and, for anyone who may be a patient, the line
"Ved akutt sykdom, ring 113".

They are rendered without the database: a 500 is often the database being down. So the page
never loads the signed-in user or the session; it only looks at a user the request has already
loaded (to leave the 113 line out for clinicians), and the language is the one the request
already chose (the user's saved language, a cookie, or the browser's). If even that fails, a
plain text page in both languages is returned.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

CLINICAL_ROLES = ("physio", "staff", "admin")
PLAIN_FALLBACK = (
    "Pusterom: noe gikk galt. Prøv igjen om litt. Ved akutt sykdom, ring 113.\n"
    "Pusterom: something went wrong. Please try again in a little while. "
    "If you are acutely ill, call 113.\n"
)


def _known_clinician(request) -> bool:
    """Only a user the request loaded already (never a database query here)."""
    user = getattr(request, "_cached_user", None)
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) in CLINICAL_ROLES
    )


def render_error(request, status: int, *, reason: str = "") -> HttpResponse:
    try:
        body = loader.get_template(f"{status}.html").render(
            {"status": status, "reason": reason, "show_emergency": not _known_clinician(request)},
            request,
        )
    except Exception:  # noqa: BLE001 - an error page must not fail
        logger.exception("error page %s could not be rendered", status)
        return HttpResponse(PLAIN_FALLBACK, status=status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def _database_unavailable() -> bool:
    exc = sys.exception()
    while exc is not None:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def bad_request(request, exception=None):
    return render_error(request, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: usually a page left open too long."""
    return render_error(request, 403, reason="csrf")


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    """500, or 503 when the cause is that the database cannot be reached."""
    if _database_unavailable():
        return render_error(request, 503)
    return render_error(request, 500)
