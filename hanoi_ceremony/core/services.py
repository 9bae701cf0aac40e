from django.utils import timezone

from .models import Heartbeat


def heartbeat_record(*, name: str) -> None:
    """Upsert the last-seen time of a process ("worker" or "beat"). No audit entry: it is not a state change
    anyone acts on, and it would flood the log."""
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


def ceremony_update(*, ceremony, by, changed: list[str] | None = None) -> None:
    """Save the ceremony (created or changed in the admin). Side effects, in the same transaction: the audit
    entry (with the changed fields), the "ceremony" content area, the process's memoised ceremony, and the
    reminders whose times come from the ceremony's dates re-timed."""
    from django.db import transaction

    from hanoi_ceremony.reminders.registry import sources_all
    from hanoi_ceremony.reminders.services import reminders_reconcile_source

    from .selectors import ceremony_forget
    from .transitions import record

    created = ceremony.pk is None
    with transaction.atomic():
        ceremony.full_clean()
        ceremony.save()
        record(
            ceremony,
            by=by,
            action="ceremony.created" if created else "ceremony.changed",
            data={"fields": sorted(changed or [])},
        )
        ceremony_forget()
        for source in sources_all():
            if source.follows_ceremony:
                reminders_reconcile_source(source_key=source.key)
