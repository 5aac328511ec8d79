from django.shortcuts import render

from pusterom.access import staff_required


@staff_required
def referral_list(request):
    return render(request, "patients/referral_list.html", {})
