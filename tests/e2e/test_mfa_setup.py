from tests.e2e.conftest import totp_code
from tests.factories import ClinicianFactory


def test_it_makes_a_new_physio_set_up_two_factor_before_anything_else(
    transactional_db, live, desktop, login, shot, axe
):
    physio = ClinicianFactory(totp=False, email="new.physio@example.no")
    login(desktop, physio.email)
    desktop.goto(f"{live}/physio/")
    # allauth asks for the password again before changing security settings.
    assert "/accounts/reauthenticate/" in desktop.url
    desktop.fill("input[name=password]", "correct-horse-battery-staple")
    desktop.locator("form button[type=submit]").first.click()
    desktop.wait_for_url("**/accounts/2fa/totp/activate/")
    qr = desktop.locator("img.totp-qr")
    assert qr.is_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the data: image is not blocked by the CSP
    axe(desktop)
    shot(desktop, "mfa-activate")
    secret = desktop.locator("#authenticator_secret").input_value()
    desktop.fill("input[name=code]", totp_code(secret))
    desktop.locator("form button[type=submit]").first.click()
    desktop.wait_for_load_state()
    desktop.goto(f"{live}/physio/")
    assert desktop.url == f"{live}/physio/"
