"""Patient pages (phone first)."""

from django.shortcuts import render

from pusterom.access import patient_required


@patient_required
def home(request):
    return render(request, "sessions_log/home.html", {})
