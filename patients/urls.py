from django.urls import path

from patients import views, views_accounts, views_referrals

app_name = "patients"

urlpatterns = [
    # Clinic staff: referrals (patients.views_referrals)
    path("clinic/referrals/", views_referrals.referral_list, name="referral_list"),
    path("clinic/referrals/new/", views_referrals.referral_create, name="referral_create"),
    path("clinic/referrals/<int:pk>/", views_referrals.referral_detail, name="referral_detail"),
    path(
        "clinic/referrals/<int:pk>/invite/", views_referrals.referral_invite, name="referral_invite"
    ),
    path(
        "clinic/referrals/<int:pk>/revoke/", views_referrals.referral_revoke, name="referral_revoke"
    ),
    path(
        "clinic/referrals/<int:pk>/close/",
        views_referrals.referral_outcome,
        name="referral_outcome",
    ),
    # The patient, before the account exists (patients.views_referrals) and after
    path("invite/<str:token>/", views_referrals.invitation, name="invitation"),
    path("privacy/", views_referrals.privacy, name="privacy"),
    path("me/plan/", views.my_plan, name="my_plan"),
    # Physiotherapist (the list is open to clinic staff too)
    path("physio/patients/", views.patient_list, name="patient_list"),
    path("physio/patients/<int:pk>/intake/", views.intake_create, name="intake_create"),
    path("physio/patients/<int:pk>/line/", views.central_line, name="central_line"),
    path("physio/patients/<int:pk>/take/", views.take_patient, name="take_patient"),
    path(
        "physio/patients/<int:pk>/restrictions/new/",
        views.restriction_create,
        name="restriction_create",
    ),
    path("physio/restrictions/<int:pk>/", views.restriction_edit, name="restriction_edit"),
    path("physio/restrictions/<int:pk>/end/", views.restriction_end, name="restriction_end"),
    path("physio/patients/<int:pk>/injuries/new/", views.injury_create, name="injury_create"),
    path("physio/injuries/<int:pk>/", views.injury_edit, name="injury_edit"),
    path("physio/injuries/<int:pk>/delete/", views.injury_delete, name="injury_delete"),
    # Closing and opening accounts (patients.views_accounts)
    path(
        "clinic/patients/<int:pk>/account/",
        views_accounts.patient_account,
        name="patient_account",
    ),
    path(
        "clinic/patients/<int:pk>/account/close/",
        views_accounts.patient_deactivate,
        name="patient_deactivate",
    ),
    path(
        "clinic/patients/<int:pk>/account/open/",
        views_accounts.patient_reactivate,
        name="patient_reactivate",
    ),
    path(
        "clinic/patients/<int:pk>/end-request/handled/",
        views_accounts.end_request_dismiss,
        name="end_request_dismiss",
    ),
    path("clinic/end-requests/", views_accounts.end_requests, name="end_requests"),
    path("clinic/team/", views_accounts.team, name="team"),
    path("clinic/team/<int:pk>/", views_accounts.team_member, name="team_member"),
    path(
        "clinic/team/<int:pk>/close/",
        views_accounts.team_member_deactivate,
        name="team_member_deactivate",
    ),
    path(
        "clinic/team/<int:pk>/open/",
        views_accounts.team_member_reactivate,
        name="team_member_reactivate",
    ),
    path("me/leave/", views_accounts.end_participation, name="end_participation"),
    path(
        "me/leave/withdraw/",
        views_accounts.end_participation_withdraw,
        name="end_participation_withdraw",
    ),
    path("account-closed/", views_accounts.account_closed, name="account_closed"),
]
