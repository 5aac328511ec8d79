"""The apps depend one way: demo -> sessions_log -> patients -> pusterom (DESIGN.md).

Imports are checked by import-linter (the contracts are in pyproject.toml). A URL name is a
dependency too: ``reverse("sessions_log:...")`` or ``{% url 'sessions_log:...' %}`` inside
patients/ ties it to the app above. Lower apps link up through ``settings.LINKED_PAGES``
(``pusterom.links.page_url`` and ``{% page_url %}``); only the wiring names every app.
"""

from __future__ import annotations

import re
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent

# Each app, lowest first, with its code and its templates (the site's layout and shared
# partials belong to pusterom, the lowest).
LAYERS = (
    (
        "pusterom",
        (
            "pusterom",
            "templates/pusterom",
            "templates/partials",
            "templates/account",
            "templates/allauth",
            "templates/base.html",
        ),
    ),
    ("patients", ("patients", "templates/patients")),
    ("sessions_log", ("sessions_log", "templates/sessions_log")),
)
# The wiring: these name every app's URLs (the role homes, the linked pages, the site menu).
WIRING = {
    "pusterom/settings/pages.py",
    "pusterom/urls.py",
    "pusterom/celery.py",
    "templates/base.html",
    "templates/partials/nav.html",
}


def url_names_above(text: str, higher_apps: list[str]) -> list[str]:
    """URL names of ``higher_apps`` written in ``text`` ("app:name" in quotes)."""
    apps = "|".join(higher_apps)
    pattern = re.compile(rf"""["']({apps}):[\w-]+["']""")
    return [match.group(0) for match in pattern.finditer(text)]


def test_it_keeps_imports_in_their_layers(capsys):
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    report = capsys.readouterr().out
    assert status == 0, report


def test_it_names_no_url_of_a_higher_app_below_it():
    found = []
    for index, (_app, folders) in enumerate(LAYERS):
        higher = [app for app, _folders in LAYERS[index + 1 :]]
        if not higher:
            continue
        for folder in folders:
            top = ROOT / folder
            for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
                relative = path.relative_to(ROOT).as_posix()
                if path.suffix not in (".py", ".html", ".txt") or relative in WIRING:
                    continue
                if "/migrations/" in relative:
                    continue
                for name in url_names_above(path.read_text(encoding="utf-8"), higher):
                    found.append(f"{relative}: {name}")
    assert not found, "URL names against the layers (use settings.LINKED_PAGES):\n" + "\n".join(
        found
    )


def test_it_recognises_a_url_name_of_a_higher_app():
    html = """<a href="{% url 'sessions_log:patient_page' p.pk %}">"""
    python = 'reverse("patients:my_plan")'

    assert url_names_above(html, ["sessions_log"]) == ["'sessions_log:patient_page'"]
    assert url_names_above(python, ["sessions_log", "patients"]) == ['"patients:my_plan"']
    assert url_names_above('"sessions_log.dispatch_reminders"', ["sessions_log"]) == []
