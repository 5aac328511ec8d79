"""URL x role -> expected status, as data (18F tock's test_url_auth.py).

Each module in this package defines ``ROUTES``: a dict from the URL name (with namespace)
to a ``Route``. ``tests/test_url_access.py`` walks every URL pattern of the project and
fails for a pattern that has no entry here, so a new URL cannot ship without its access rules.

``kwargs`` is a function of the cast (tests/conftest.py ``Cast``) that returns the URL's
keyword arguments; objects it needs belong to patient_a / centre A. ``expect`` maps each role
to the status of a GET: 200, 302 (redirect, e.g. anonymous to the login page), 404 (someone
else's data or the wrong role), 405 (POST-only URL).

``shows_patient_data`` must be given for every URL: whether a GET shows a patient's personal
or health data to someone other than that patient (a name, a birth date, a check-in...).
``tests/test_url_audit.py`` then proves that each role opening a page marked True leaves an
audit row for patient_a (``given`` puts patient_a on a list page first), and that a page
marked False never shows patient_a's name or email to anyone but patient_a.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "patient_a", "patient_b", "physio_a", "physio_b", "staff_a", "staff_b")


@dataclass(frozen=True)
class Route:
    expect: dict[str, int]
    kwargs: Callable[[object], dict] = field(default=lambda cast: {})
    query: str = ""
    shows_patient_data: bool = field(kw_only=True)
    given: Callable[[object], None] = field(default=lambda cast: None, kw_only=True)

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"Route.expect lacks roles: {sorted(missing)}")


def only(role_status: dict[str, int], default: int = 404, anonymous: int = 302) -> dict[str, int]:
    """Expected statuses where the named roles get their status and everyone else ``default``."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = anonymous
    table.update(role_status)
    return table
