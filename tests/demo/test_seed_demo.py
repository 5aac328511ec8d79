import io

from django.core.management import call_command

from pusterom.models import Centre, User


def test_it_seeds_the_demo_and_is_safe_to_run_twice(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    counts = (Centre.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Centre.objects.count(), User.objects.count()) == counts
    printed = out.getvalue()
    for email in (
        "pasient@demo.pusterom.no",
        "fysio@demo.pusterom.no",
        "resepsjon@demo.pusterom.no",
    ):
        assert email in printed
        assert User.objects.get(email=email).check_password("pusterom-demo-2026")


def test_it_refuses_to_create_demo_accounts_outside_debug(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
