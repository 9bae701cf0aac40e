from django.core.management.base import BaseCommand

from delegations.privacy import privacy_purge


class Command(BaseCommand):
    help = "Say what the personal-data retention rule would purge (default), or purge it (--apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="purge what is due (otherwise a dry run)")

    def handle(self, *args, apply=False, **options):
        report = privacy_purge(dry_run=not apply)
        self.stdout.write(f"{'Purge' if apply else 'Dry run'} on {report.today.isoformat()}")
        for kind in report.kinds:
            when = kind.purge_on.isoformat() if kind.purge_on else "no ceremony configured"
            state = "due" if kind.due else "not yet"
            self.stdout.write(
                f"  {kind.kind:<9} kept {kind.days} days after the last day → {when} ({state}): {kind.members} people hold it"
            )
        for kind, count in report.purged.items():
            self.stdout.write(f"  purged {kind}: {count} people")
