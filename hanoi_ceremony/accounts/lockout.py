"""Sign-in lockout (django-axes): per user name and per address, with a cool-off; every lockout and every
release is written to the audit log; organisers release a lockout from /accounts/lockouts/."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hanoi_ceremony.audit.services import audit_record


def _target_for(username: str, attempt):
    user = get_user_model().objects.filter(username=username).first() if username else None
    return user or attempt


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    """axes' ``user_locked_out`` signal (sent at the lockout and again at each attempt refused during it):
    one audit entry per lockout."""
    from axes.models import AccessAttempt

    from hanoi_ceremony.audit.models import AuditEntry

    since = timezone.now() - (settings.AXES_COOLOFF_TIME or datetime.timedelta(days=1))
    if AuditEntry.objects.filter(
        action="account.locked_out",
        created_at__gte=since,
        data__username=username or "",
        data__ip_address=ip_address or "",
    ).exists():
        return

    attempt = AccessAttempt.objects.filter(username=username, ip_address=ip_address).order_by("-pk").first()
    target = _target_for(username or "", attempt)
    if target is None:
        return
    audit_record(
        actor=None,
        action="account.locked_out",
        target=target,
        data={"username": username or "", "ip_address": ip_address or ""},
    )


def lockouts_current():
    """Access attempts that lock someone out now (at or past the failure limit, inside the cool-off)."""
    from axes.models import AccessAttempt

    cooloff = settings.AXES_COOLOFF_TIME
    qs = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if isinstance(cooloff, datetime.timedelta):
        qs = qs.filter(attempt_time__gte=timezone.now() - cooloff)
    return qs.order_by("-attempt_time")


def lockout_release(*, attempt_id: int, by) -> int:
    """Release one lockout: the user name's and the address's failed attempts are forgotten.

    Side effects: AccessAttempt rows deleted; an audit entry."""
    from axes.models import AccessAttempt

    with transaction.atomic():
        attempt = AccessAttempt.objects.select_for_update().filter(pk=attempt_id).first()
        if attempt is None:
            return 0
        username, ip_address = attempt.username or "", attempt.ip_address or ""
        removed, _ = AccessAttempt.objects.filter(username=username).delete() if username else (0, {})
        more, _ = AccessAttempt.objects.filter(ip_address=ip_address).delete() if ip_address else (0, {})
        audit_record(
            actor=by,
            action="account.unlocked",
            target=_target_for(username, None) or by,  # an unknown user name: recorded on the organiser
            data={"username": username, "ip_address": ip_address},
        )
    return removed + more
