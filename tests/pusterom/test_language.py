from django.urls import reverse


def test_it_speaks_bokmal_by_default(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="nb">' in html
    assert "Logg inn" in html


def test_it_switches_to_english_and_back(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    client.post(reverse("set_language"), {"language": "nb", "next": "/accounts/login/"})
    assert "Logg inn" in client.get(reverse("account_login")).content.decode()


def test_it_remembers_a_signed_in_users_language(client_for, patient_a):
    client = client_for(patient_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/me/"})
    patient_a.user.refresh_from_db()
    assert patient_a.user.language == "en"
    # A new device (no language cookie) still gets English once signed in.
    assert "Sign out" in client_for(patient_a).get(reverse("sessions_log:home")).content.decode()
