"""The patient's own data: who has seen it, and a download of all of it."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from patients.access import own_profile
from pusterom.access import patient_required
from pusterom.audit import READ_WINDOW
from sessions_log.privacy.export import export_csv_zip, export_rows
from sessions_log.privacy.selectors import audit_trail


@patient_required
def my_data(request):
    patient = own_profile(request.user)
    page = Paginator(audit_trail(patient_user=request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "sessions_log/privacy/my_data.html",
        {
            "patient": patient,
            "page": page,
            "read_window_minutes": int(READ_WINDOW.total_seconds() // 60),
        },
    )


@require_GET
@patient_required
def export_json(request):
    patient = own_profile(request.user)
    body = json.dumps(
        export_rows(patient=patient), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pusterom-my-data.json"'
    return response


@require_GET
@patient_required
def export_csv(request):
    patient = own_profile(request.user)
    response = HttpResponse(export_csv_zip(patient=patient), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="pusterom-my-data-csv.zip"'
    return response
