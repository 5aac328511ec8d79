from django.urls import path

from patients import views

app_name = "patients"

urlpatterns = [
    path("clinic/referrals/", views.referral_list, name="referral_list"),
]
