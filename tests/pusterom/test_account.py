from django.urls import reverse


def test_it_gives_a_patient_their_settings_and_data_in_one_place(client_for, patient_a):
    html = client_for(patient_a).get(reverse("account")).content.decode()
    assert reverse("sessions_log:reminder_settings") in html
    assert reverse("sessions_log:my_data") in html
    assert reverse("account_change_password") in html
    assert reverse("mfa_index") not in html


def test_it_gives_a_clinician_password_and_two_factor_settings(client_for, physio_a):
    html = client_for(physio_a).get(reverse("account")).content.decode()
    assert reverse("mfa_index") in html
    assert reverse("sessions_log:my_data") not in html


def test_it_keeps_the_patient_menu_short_enough_for_a_phone(client_for, patient_a):
    html = client_for(patient_a).get(reverse("sessions_log:home")).content.decode()
    menu = html.split('class="site-nav"')[1].split("</nav>")[0]
    assert menu.count("<li>") == 4
