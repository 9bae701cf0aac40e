import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo ceremony (idempotent). --scale N multiplies volumes for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply data volumes (default 1)")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")

    def handle(self, *args, scale: int, quiet_logins: bool, **options):
        if scale < 1 or scale > 100:
            raise CommandError("--scale must be between 1 and 100.")
        from hanoi_ceremony.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD

        for dotted in settings.DEMO_SEEDERS:
            try:
                seed = import_string(f"{dotted}.seed")
            except ImportError:
                continue  # a capability not installed in this build
            started = time.monotonic()
            with transaction.atomic():
                seed(scale=scale, out=self.stdout)
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"    ({dotted}: {time.monotonic() - started:.1f} s)")
        self.stdout.write(self.style.SUCCESS(f"Demo ceremony ready (scale {scale})."))
        if not quiet_logins:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (dev only) — every password is: {DEMO_PASSWORD}")
            for username, description in DEMO_LOGINS.items():
                self.stdout.write(f"  {username:<28} {description}")
