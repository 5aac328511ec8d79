from django.core.management.base import BaseCommand

from demo.people import current_code


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo clinician accounts."

    def handle(self, *args, **options):
        self.stdout.write(f"Current two-factor code for the demo accounts: {current_code()}")
