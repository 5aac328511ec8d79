import pytest


def test_it_sends_a_strict_csp_on_every_page(client, db):
    response = client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_it_has_no_inline_script_on_the_login_page(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "<script>" not in html
    assert 'src="/static/js/pusterom.js"' in html


@pytest.mark.parametrize("role", ["patient_a", "physio_a", "staff_a"])
def test_it_never_lets_a_cache_keep_a_signed_in_page(role, cast, client_for):
    response = client_for(cast.user(role)).get("/", follow=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
