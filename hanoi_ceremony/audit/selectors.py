from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit_history(*, target: models.Model):
    """Every entry about one object, newest first, with the actor loaded."""
    return (
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            target_id=str(target.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
