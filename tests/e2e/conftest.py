"""Real-browser tests: Playwright for Python driving Debian's Chromium at a phone viewport.

Fixtures for every e2e test:
- ``browser``: one Chromium for the session;
- ``phone``: a fresh page at 390x844 (device scale 2, touch) in Norwegian;
- ``desktop``: a fresh page at 1280x800 for physio and staff screens;
- ``live``: the live server's base URL (pytest-django ``live_server``);
- ``login(page, email, password=TEST_PASSWORD, totp_secret=None)``: signs in through allauth,
  entering the current TOTP code when asked;
- ``shot(page, name)``: saves a full-page PNG to tests/e2e/artifacts/<name>.png and returns
  the path;
- ``axe(page)``: runs axe-core in the page and fails on serious or critical violations.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.factories import TEST_PASSWORD
from tests.services import require_chromium

ARTIFACTS = Path(__file__).parent / "artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Norwegian date and time fields, as a patient here sees them.
    "--lang=nb-NO",
]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _context(browser, **kwargs):
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", **kwargs)
    context.set_default_timeout(10_000)
    return context


def phone_context(browser, **kwargs):
    """A phone's browser (390 x 844, touch), in Bokmål and Oslo time; ``kwargs`` add to it
    (``java_script_enabled=False``). The caller closes it."""
    return _context(
        browser,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        **kwargs,
    )


@pytest.fixture
def phone(browser):
    context = phone_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = _context(browser, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live(live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    return live_server.url


@pytest.fixture
def login(live):
    def do(page, email, password=TEST_PASSWORD, totp_secret=None):
        page.goto(f"{live}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.locator("form.form button[type=submit]").first.click()
        page.wait_for_load_state()
        if totp_secret is not None:
            page.wait_for_url("**/accounts/2fa/authenticate/**")
            page.fill("input[name=code]", totp_code(totp_secret))
            page.locator("button[type=submit]").first.click()
            page.wait_for_load_state()
        return page

    return do


def totp_code(secret: str) -> str:
    """The current code of ``secret``. A code is good for its own 30 seconds only (no
    tolerance): one made in the last seconds of its window could reach the server in the next
    one on a busy machine, so those seconds are waited out."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(exist_ok=True)

    def do(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return do


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def do(page):
        results = checker.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        assert not bad, "axe-core found serious problems:\n" + "\n".join(bad)
        return results

    return do
