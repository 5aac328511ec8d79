from django.urls import include, path

from sessions_log import views, views_physio, views_privacy, views_recovery, views_reminders

app_name = "sessions_log"

urlpatterns = [
    # Patient
    path("me/", views.home, name="home"),
    path("me/check-in/", views.check_in, name="check_in"),
    path("me/check-ins/<int:pk>/", views.check_in_result, name="check_in_result"),
    path("me/workouts/new/", views.log_workout, name="log_workout"),
    path("me/workouts/<int:pk>/", views.workout_result, name="workout_result"),
    path("me/history/", views.history, name="history"),
    # Patient: their own data
    path("me/data/", views_privacy.my_data, name="my_data"),
    path("me/data/export.json", views_privacy.export_json, name="export_json"),
    path("me/data/export-csv.zip", views_privacy.export_csv, name="export_csv"),
    # Physiotherapist
    path("physio/", views_physio.triage, name="triage"),
    path("physio/patients/<int:pk>/", views_physio.patient_page, name="patient_page"),
    path("physio/history/", views_physio.triage_history, name="triage_history"),
    path("physio/inactive/", views_physio.triage_inactive, name="triage_inactive"),
    path(
        "physio/flags/<int:pk>/acknowledge/",
        views_physio.flag_acknowledge,
        name="flag_acknowledge",
    ),
    # Recovery
    path("me/recovery/<int:pk>/", views_recovery.answer, name="recovery_answer"),
    path("me/recovery/<int:pk>/reply/", views_recovery.reply, name="recovery_reply"),
    path("me/notes/<int:pk>/seen/", views_recovery.note_seen, name="note_seen"),
    # Reminders
    path("me/reminders/", views_reminders.reminder_settings, name="reminder_settings"),
    path("me/last-week/", views_reminders.weekly_summary, name="weekly_summary"),
    path(
        "reminders/unsubscribe/<str:token>/",
        views_reminders.unsubscribe,
        name="reminder_unsubscribe",
    ),
    # Training plans
    path("", include("sessions_log.plans.urls")),
]
