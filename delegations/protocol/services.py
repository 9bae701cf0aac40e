"""Publishing the list of participants: a numbered snapshot, kept for good. Side effects: audit, the
"protocol" content area."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.pagecache import bump

from .models import ParticipantsListVersion
from .selectors import participants_snapshot

NAMESPACE = "protocol"


def participants_list_publish(*, by, note: str = "") -> ParticipantsListVersion:
    with transaction.atomic():
        # The table lock is the row with the highest number: two publishers get 1 and 2, never 1 twice
        # (the unique number refuses a race on databases without row locks).
        last = ParticipantsListVersion.objects.select_for_update().aggregate(n=Max("number"))["n"] or 0
        snapshot = participants_snapshot()
        version = ParticipantsListVersion.objects.create(
            number=last + 1,
            published_at=timezone.now(),
            published_by=by if getattr(by, "is_authenticated", False) else None,
            note=note.strip()[:300],
            snapshot=snapshot,
        )
        audit_record(
            actor=by,
            action="participants_list_version.published",
            target=version,
            data={"number": version.number, "people": sum(len(g["members"]) for g in snapshot)},
        )
        bump(NAMESPACE)
    return version
