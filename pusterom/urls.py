from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from pusterom import errors, views

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Pusterom"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health_status, name="health"),
    path("health/live/", views.health_live, name="health_live"),
    path("account/", views.account, name="account"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("patients.urls")),
    path("", include("sessions_log.urls")),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

if settings.BENCH_BASELINE_VIEW:
    urlpatterns.append(path("bench/baseline/", views.bench_baseline, name="bench_baseline"))
