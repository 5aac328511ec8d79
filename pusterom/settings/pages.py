"""The wiring of pages: the only settings that name the apps' URLs. Where each role lands,
the pages a lower app links to, where a closed account lands, and the pages that ask for the
password again (tests/test_architecture.py lets only the wiring name every app's URLs)."""

# Where each role lands after login.
ROLE_HOME_URLS = {
    "patient": "sessions_log:home",
    "physio": "sessions_log:triage",
    "staff": "patients:referral_list",
    "admin": "admin:index",
}
# Pages of a higher app that a lower one links to (the apps depend one way: sessions_log ->
# patients -> pusterom). A lower app names the page here, never by the higher app's URL
# name: pusterom.links.page_url("patient_page", pk), {% page_url "patient_page" pk %}.
LINKED_PAGES = {
    "patient_page": "sessions_log:patient_page",  # the physiotherapist's page about a patient
    "my_plan": "patients:my_plan",
    "reminder_settings": "sessions_log:reminder_settings",
    "my_data": "sessions_log:my_data",
    "team": "patients:team",
    "end_requests": "patients:end_requests",
    "end_participation": "patients:end_participation",
}
# The pages that ask for the password again first (pusterom.middleware; the other questions
# for it are allauth's, pusterom.settings.security).
REAUTHENTICATE_FOR = frozenset({"sessions_log:export_json", "sessions_log:export_csv"})
# Where signing in to a closed (deactivated) account lands: it names the centre to contact.
ACCOUNT_CLOSED_URL = "patients:account_closed"
