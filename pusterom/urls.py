from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from pusterom import views

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Pusterom"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("account/", views.account, name="account"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("patients.urls")),
    path("", include("sessions_log.urls")),
]

if settings.BENCH_BASELINE_VIEW:
    urlpatterns.append(path("bench/baseline/", views.bench_baseline, name="bench_baseline"))
