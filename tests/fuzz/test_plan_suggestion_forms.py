"""Fuzzed posts to the progression suggestion's two buttons (accept, dismiss), through their
URLs: never a server error; a refused post stores nothing; accepting never makes more than
one version from one suggestion."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sessions_log.models import Programme
from tests.fuzz.forms import field, form, fuzz
from tests.sessions_log.plans.helpers import load_library, two_good_weeks


@pytest.mark.parametrize("name", ["plan_suggestion_accept", "plan_suggestion_dismiss"])
def test_it_survives_fuzzed_suggestion_decisions(cast, client_for, name):
    load_library()
    two_good_weeks(cast.patient_a, cast.physio_a)
    client = client_for(cast.physio_a)
    url = reverse(f"sessions_log:{name}", args=[cast.patient_a.pk])
    data = form(
        code=field("ready_for_more", "step_down"),
        base_version=field("1", "2", "0", "100001"),
        back=field("patient", "plan"),
    )
    fuzz(data, lambda d: client.post(url, d))
    assert Programme.objects.filter(patient=cast.patient_a).count() <= 2
