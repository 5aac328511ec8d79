"""Training-plan URLs, included by sessions_log/urls.py (names: "sessions_log:<name>")."""

from django.urls import path

from sessions_log.plans.exercises import views as exercises
from sessions_log.plans.programmes import views as programmes
from sessions_log.plans.review import views as review
from sessions_log.plans.today import views as today

urlpatterns = [
    # Clinicians: the exercise library and the centre's templates
    path("physio/exercises/", exercises.exercise_library, name="exercise_library"),
    path("physio/exercises/new/", exercises.exercise_create, name="exercise_create"),
    path("physio/exercises/<int:pk>/", exercises.exercise_detail, name="exercise_detail"),
    path("physio/exercises/<int:pk>/edit/", exercises.exercise_edit, name="exercise_edit"),
    path("physio/plan-templates/", programmes.plan_templates, name="plan_templates"),
    path(
        "physio/plan-templates/new/", programmes.plan_template_create, name="plan_template_create"
    ),
    path(
        "physio/plan-templates/starters/",
        programmes.plan_template_starters,
        name="plan_template_starters",
    ),
    path(
        "physio/plan-templates/<int:pk>/", programmes.plan_template_edit, name="plan_template_edit"
    ),
    # Physiotherapist: a patient's plan
    path("physio/patients/<int:pk>/plan/", programmes.plan_detail, name="plan_detail"),
    path("physio/patients/<int:pk>/plan/new/", programmes.plan_start, name="plan_start"),
    path("physio/patients/<int:pk>/plan/edit/", programmes.plan_edit, name="plan_edit"),
    path("physio/patients/<int:pk>/plan/history/", programmes.plan_history, name="plan_history"),
    path(
        "physio/patients/<int:pk>/plan/suggestion/accept/",
        review.plan_suggestion_accept,
        name="plan_suggestion_accept",
    ),
    path(
        "physio/patients/<int:pk>/plan/suggestion/dismiss/",
        review.plan_suggestion_dismiss,
        name="plan_suggestion_dismiss",
    ),
    # Patient
    path("me/exercises/<int:pk>/", exercises.my_exercise, name="my_exercise"),
    path("me/plan/sessions/<int:pk>/<slug:how>/", today.log_planned, name="log_planned"),
]
