"""Links from a lower app to a page of a higher one, by the name the wiring gives the page
(``settings.LINKED_PAGES``), so that no app names a URL of an app above it."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def page_url(name: str, *args) -> str:
    return reverse(settings.LINKED_PAGES[name], args=args)
