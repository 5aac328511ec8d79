from django.urls import include, path

from sessions_log.checkins import views as checkins
from sessions_log.privacy import views as privacy
from sessions_log.recovery import views as recovery
from sessions_log.reminders import views as reminder_views
from sessions_log.triage import views as triage
from sessions_log.triage.guidance_page import guidance_rules

app_name = "sessions_log"

urlpatterns = [
    # Patient
    path("me/", checkins.home, name="home"),
    path("me/check-in/", checkins.check_in, name="check_in"),
    path("me/check-ins/<int:pk>/", checkins.check_in_result, name="check_in_result"),
    path("me/workouts/new/", checkins.log_workout, name="log_workout"),
    path("me/workouts/<int:pk>/", checkins.workout_result, name="workout_result"),
    path("me/history/", checkins.history, name="history"),
    # Patient: their own data
    path("me/data/", privacy.my_data, name="my_data"),
    path("me/data/export.json", privacy.export_json, name="export_json"),
    path("me/data/export-csv.zip", privacy.export_csv, name="export_csv"),
    # Physiotherapist
    path("physio/", triage.triage, name="triage"),
    path("physio/patients/<int:pk>/", triage.patient_page, name="patient_page"),
    path("physio/history/", triage.triage_history, name="triage_history"),
    path("physio/inactive/", triage.triage_inactive, name="triage_inactive"),
    path("physio/advice-rules/", guidance_rules, name="guidance_rules"),
    path(
        "physio/flags/<int:pk>/acknowledge/",
        triage.flag_acknowledge,
        name="flag_acknowledge",
    ),
    # Recovery
    path("me/recovery/<int:pk>/", recovery.answer, name="recovery_answer"),
    path("me/recovery/<int:pk>/reply/", recovery.reply, name="recovery_reply"),
    path("me/notes/<int:pk>/seen/", recovery.note_seen, name="note_seen"),
    # Reminders
    path("me/reminders/", reminder_views.reminder_settings, name="reminder_settings"),
    path("me/last-week/", reminder_views.weekly_summary, name="weekly_summary"),
    path(
        "reminders/unsubscribe/<str:token>/",
        reminder_views.unsubscribe,
        name="reminder_unsubscribe",
    ),
    # Training plans
    path("", include("sessions_log.plans.urls")),
]
