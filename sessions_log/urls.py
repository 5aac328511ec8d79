from django.urls import path

from sessions_log import views, views_physio

app_name = "sessions_log"

urlpatterns = [
    # Patient
    path("me/", views.home, name="home"),
    # Physiotherapist
    path("physio/", views_physio.triage, name="triage"),
    path("physio/patients/<int:pk>/", views_physio.patient_page, name="patient_page"),
]
