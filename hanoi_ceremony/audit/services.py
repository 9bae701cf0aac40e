import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .models import AuditEntry
from .registry import is_registered


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> AuditEntry:
    """Write one audit entry. Call it inside the transaction of the change it records, so both land or
    neither does. `actor` may be None for the system (a Celery task, a data import).

    `action` must be registered in `hanoi_ceremony.audit.registry`; `from_state`/`to_state` hold only real
    states of `target` (anything else goes in `data`)."""
    if not is_registered(action) and getattr(settings, "AUDIT_REQUIRE_REGISTERED", False):
        raise LookupError(f"audit action {action!r} is not registered (hanoi_ceremony.audit.registry)")
    real_actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        created_at=at or timezone.now(),
        actor=real_actor,
        actor_repr=str(real_actor) if real_actor else "system",
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        reason=reason,
        data=data or {},
    )
