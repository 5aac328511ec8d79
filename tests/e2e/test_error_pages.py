"""Our error pages in a real browser on a phone: readable, accessible, a way home, and the
emergency number for a patient."""

from __future__ import annotations


def test_a_missing_page_on_a_phone(phone, live, axe, shot):
    response = phone.goto(f"{live}/finnes-ikke/")
    assert response.status == 404
    assert phone.locator("h1").inner_text() == "Vi finner ikke denne siden"
    assert phone.get_by_role("link", name="Gå til forsiden").is_visible()
    call = phone.get_by_role("link", name="Ved akutt sykdom, ring 113")
    assert call.get_attribute("href") == "tel:113"
    box = call.bounding_box()
    assert box["height"] >= 44
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    axe(phone)
    shot(phone, "error-404-phone")


def test_a_patient_is_sent_home_from_a_missing_page(phone, live, login, cast, axe, shot):
    login(phone, cast.patient_a.user.email)
    response = phone.goto(f"{live}/me/check-ins/999999/")
    assert response.status == 404
    assert phone.get_by_role("link", name="Ved akutt sykdom, ring 113").is_visible()
    axe(phone)
    shot(phone, "error-404-patient")
    phone.get_by_role("link", name="Gå til forsiden").click()
    phone.wait_for_load_state()
    assert phone.url.endswith("/me/")
