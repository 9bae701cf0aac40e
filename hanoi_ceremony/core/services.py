from django.utils import timezone

from .models import Heartbeat


def heartbeat_record(*, name: str) -> None:
    """Upsert the last-seen time of a process ("worker" or "beat"). No audit entry: it is not a state change
    anyone acts on, and it would flood the log."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
