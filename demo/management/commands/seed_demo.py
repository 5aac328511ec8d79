from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.activity import seed_activity
from demo.patients import PATIENT_EMAIL, seed_patients
from demo.people import (
    ADMIN_EMAIL,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    PHYSIO_EMAIL,
    STAFF_EMAIL,
    seed_people,
)
from demo.plans import seed_plans


class Command(BaseCommand):
    help = "Create a demo centre with staff, a physiotherapist and patients. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "seed_demo creates accounts with a published password: run it with DEBUG=1 only"
            )
        people = seed_people()
        patients = seed_patients(
            centre=people["centre"], staff=people["staff"], physio=people["physio"]
        )
        seed_plans(
            centre=people["centre"],
            physio=people["physio"],
            patients=[patients["patient"], *patients.get("others", ())],
        )
        seed_activity(
            patient=patients["patient"],
            physio=people["physio"],
            others=patients.get("others", ()),
        )
        w = self.stdout.write
        w(self.style.SUCCESS(f"Demo centre: {people['centre'].name}"))
        w(f"  Password for every demo login: {DEMO_PASSWORD}")
        w(f"  Patient:          {PATIENT_EMAIL}")
        w(f"  Physiotherapist:  {PHYSIO_EMAIL}   (two-factor code: python manage.py demo_codes)")
        w(f"  Clinic staff:     {STAFF_EMAIL}")
        w(f"  Admin:            {ADMIN_EMAIL}")
        w(f"  Demo authenticator secret (add to an authenticator app): {DEMO_TOTP_SECRET}")
