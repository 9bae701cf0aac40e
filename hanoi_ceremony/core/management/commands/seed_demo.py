import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load the demo ceremony (idempotent). By default the story is moved ahead of today (the living demo); "
        "--replay keeps the real dates of October 2025. --scale N multiplies volumes for load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply data volumes (default 1)")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")
        parser.add_argument(
            "--replay",
            action="store_true",
            help="keep the real dates of 2025 (reports as of October 2025) instead of a ceremony ahead of today",
        )

    def handle(self, *args, scale: int, quiet_logins: bool, replay: bool = False, **options):
        if scale < 1 or scale > 100:
            raise CommandError("--scale must be between 1 and 100.")
        from hanoi_ceremony.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
        from hanoi_ceremony.core.demo import demo_clock, reanchor, stored_offset
        from hanoi_ceremony.core.models import Ceremony

        offset = demo_clock.configure(replay=replay)
        try:
            with transaction.atomic():
                stored = stored_offset()
                if stored is not None and (stored.days == 0) != replay:
                    raise CommandError(
                        "This database holds the "
                        + ("living demo" if stored.days else "replay of 2025")
                        + "; the other story needs an empty database (make clean)."
                    )
                if stored is not None and stored != offset:
                    rows = reanchor(offset - stored)
                    Ceremony.objects.update(demo_offset_days=offset.days)
                    self.stdout.write(f"  demo moved by {(offset - stored).days} days ({rows} rows)")
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
        finally:
            demo_clock.reset()
        self.stdout.write(self.style.SUCCESS(f"Demo ceremony ready (scale {scale})."))
        if not quiet_logins:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (dev only) — every password is: {DEMO_PASSWORD}")
            for username, description in DEMO_LOGINS.items():
                self.stdout.write(f"  {username:<28} {description}")
