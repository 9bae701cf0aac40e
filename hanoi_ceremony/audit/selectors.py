from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry
from .registry import describe, label_of


def audit_history(*, target: models.Model):
    """Every entry about one object, newest first, with the actor loaded."""
    return (
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            target_id=str(target.pk),
        )
        .select_related("actor", "target_type")
        .order_by("-created_at", "-id")
    )


def history_rows(entries, *, highlight=()) -> list[dict]:
    """Entries ready for ``templates/audit/_history.html``: when, label, sentence, reason; `highlight`
    (entries or their ids) marks the rows the page wants to draw attention to."""
    marked = {getattr(e, "pk", e) for e in highlight}
    return [
        {
            "at": e.created_at,
            "label": label_of(e.action),
            "sentence": describe(e),
            "reason": e.reason,
            "highlight": e.pk in marked,
            "entry": e,
        }
        for e in entries
    ]


def history_for(*, target: models.Model, limit: int | None = None, highlight=()) -> list[dict]:
    """The history of one object as sentences, newest first (at most `limit` rows)."""
    qs = audit_history(target=target)
    return history_rows(qs[:limit] if limit else qs, highlight=highlight)
