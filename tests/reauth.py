"""Re-authentication in tests: the real allauth form, as a person would fill it in."""

from django.urls import reverse

from tests.factories import TEST_PASSWORD


def reauthenticate(client, password: str = TEST_PASSWORD):
    """Give the password again on allauth's page; the next few minutes need no more."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client
