"""Training-plan URLs, included by sessions_log/urls.py (names: "sessions_log:<name>")."""

from django.urls import path

from sessions_log.plans import views

urlpatterns = [
    # Clinicians: the exercise library and the centre's templates
    path("physio/exercises/", views.exercise_library, name="exercise_library"),
    path("physio/exercises/new/", views.exercise_create, name="exercise_create"),
    path("physio/exercises/<int:pk>/", views.exercise_detail, name="exercise_detail"),
    path("physio/exercises/<int:pk>/edit/", views.exercise_edit, name="exercise_edit"),
    path("physio/plan-templates/", views.plan_templates, name="plan_templates"),
    path("physio/plan-templates/new/", views.plan_template_create, name="plan_template_create"),
    path(
        "physio/plan-templates/starters/",
        views.plan_template_starters,
        name="plan_template_starters",
    ),
    path("physio/plan-templates/<int:pk>/", views.plan_template_edit, name="plan_template_edit"),
    # Physiotherapist: a patient's plan
    path("physio/patients/<int:pk>/plan/", views.plan_detail, name="plan_detail"),
    path("physio/patients/<int:pk>/plan/new/", views.plan_start, name="plan_start"),
    path("physio/patients/<int:pk>/plan/edit/", views.plan_edit, name="plan_edit"),
    path("physio/patients/<int:pk>/plan/history/", views.plan_history, name="plan_history"),
    path(
        "physio/patients/<int:pk>/plan/suggestion/accept/",
        views.plan_suggestion_accept,
        name="plan_suggestion_accept",
    ),
    path(
        "physio/patients/<int:pk>/plan/suggestion/dismiss/",
        views.plan_suggestion_dismiss,
        name="plan_suggestion_dismiss",
    ),
    # Patient
    path("me/exercises/<int:pk>/", views.my_exercise, name="my_exercise"),
    path("me/plan/sessions/<int:pk>/<slug:how>/", views.log_planned, name="log_planned"),
]
