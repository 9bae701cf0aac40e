"""The sender: delivers claimed rows, in-app exactly once and e-mail at least once."""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.notifications.models import Notification, OutboundEmail
from hanoi_ceremony.notifications.services import Rendered, email_build, in_app_body, message_render

from ..enums import Channel, ReminderState
from ..models import Reminder
from ..registry import ReminderSource, source_get
from ._common import NOTIFICATION_KIND_PREFIX, _lock, logger

# --- Sender ----------------------------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: int = 0
    skipped: int = 0
    cancelled: int = 0
    retimed: int = 0
    failed: int = 0


def _targets_of(rows: list[Reminder]) -> dict[tuple[int, int], object]:
    """Every row's target, one query per content type."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        wanted[row.target_type_id].add(row.target_id)
    found: dict[tuple[int, int], object] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for pk, obj in model._default_manager.in_bulk(list(ids)).items():
            found[(type_id, pk)] = obj
    return found


def message_context(*, source: ReminderSource, target, moment: datetime.datetime, audience: str) -> dict:
    path = source.url(target) or ""
    return {
        **source.context(target),
        "moment": moment,
        "audience": audience,
        "path": path,
        "url": f"{settings.SITE_URL}{path}" if path.startswith("/") else path,
        "source_label": source.label,
        "now": timezone.now(),
    }


def reminder_render(*, reminder: Reminder, source: ReminderSource, target) -> Rendered:
    """The reminder's message, in its recipient's language."""
    return message_render(
        template=source.template,
        context=message_context(
            source=source, target=target, moment=reminder.target_due_at, audience=reminder.audience
        ),
        language=getattr(reminder.recipient, "language", "") or settings.LANGUAGE_CODE,
    )


class _Verdict:
    OK = "ok"
    CANCEL = "cancel"
    RETIME = "retime"
    FAIL = "fail"


def _check(row: Reminder, targets: dict) -> tuple[str, object, ReminderSource | None, object]:
    """Is this claimed row still worth sending? Returns (verdict, detail, source, target)."""
    source = source_get(row.rule.source_key)
    if source is None:
        return _Verdict.FAIL, f"no reminder source registered as {row.rule.source_key!r}", None, None
    target = targets.get((row.target_type_id, row.target_id))
    if target is None:
        return _Verdict.CANCEL, "the target no longer exists", source, None
    if not row.rule.active or not row.recipient.is_active or not source.is_active(target):
        return _Verdict.CANCEL, "", source, target
    moment = source.due_at(target)
    if moment is None:
        return _Verdict.CANCEL, "", source, target
    if moment != row.target_due_at:
        return _Verdict.RETIME, moment, source, target
    return _Verdict.OK, None, source, target


def _release(row: Reminder, *, state: str, now, error: str = "") -> None:
    row.state = state
    row.lease = None
    row.lease_expires_at = None
    if error:
        row.last_error = error[:2000]
    row.updated_at = now


def _apply_verdict(row: Reminder, verdict: str, detail, *, now, result: SendResult) -> None:
    if verdict == _Verdict.CANCEL:
        _release(row, state=ReminderState.CANCELLED, now=now, error=detail or "")
        result.cancelled += 1
    elif verdict == _Verdict.RETIME:
        # The target moved without a reconcile: follow it rather than send a stale time.
        _release(row, state=ReminderState.PENDING, now=now)
        row.target_due_at = detail
        row.due_at = detail - row.offset
        result.retimed += 1
    elif verdict == _Verdict.FAIL:
        _fail_or_retry(row, error=str(detail), now=now, result=result)
    row.save(
        update_fields=[
            "state",
            "lease",
            "lease_expires_at",
            "last_error",
            "target_due_at",
            "due_at",
            "updated_at",
        ]
    )


def _fail_or_retry(row: Reminder, *, error: str, now, result: SendResult) -> None:
    if row.attempts >= settings.REMINDERS_MAX_ATTEMPTS:
        _release(row, state=ReminderState.FAILED, now=now, error=error or "failed")
        audit_record(
            actor=None,
            action="reminder.failed",
            target=row,
            from_state=ReminderState.CLAIMED,
            to_state=ReminderState.FAILED,
            reason=row.last_error,
        )
        logger.warning("reminder %s failed after %s attempts: %s", row.pk, row.attempts, error)
        result.failed += 1
    else:
        _release(row, state=ReminderState.PENDING, now=now, error=error or "retrying")
        result.skipped += 1


# What the sender reads: loading whole users and rules for every row costs more than the delivery.
_SENDER_FIELDS = (
    *(f.attname for f in Reminder._meta.concrete_fields),
    "rule__source_key",
    "rule__active",
    "recipient__language",
    "recipient__is_active",
    "recipient__email",
    "recipient__username",
    "recipient__first_name",
    "recipient__last_name",
)


def _claimed(ids: list[int], lease: uuid.UUID):
    return Reminder.objects.filter(pk__in=ids, state=ReminderState.CLAIMED, lease=lease)


def _mark_running(ids: list[int], lease: uuid.UUID) -> int:
    """A sender that starts a batch shortens its lease to the longest a running task can live (its hard time
    limit plus a margin), committed before any delivery.

    The claim lease (REMINDERS_LEASE_SECONDS) must cover the wait in the queue. Once a task runs, a worker
    killed mid-batch leaves its message unacknowledged in Redis until the visibility timeout and its rows
    claimed until the claim lease ends; with this mark the reaper frees them within
    REMINDERS_RUNNING_LEASE_SECONDS instead. A task still running past that point has been killed by its
    own time limit, so no live sender loses its rows."""
    running_for = datetime.timedelta(seconds=settings.REMINDERS_RUNNING_LEASE_SECONDS)
    return _claimed(ids, lease).update(lease_expires_at=timezone.now() + running_for)


def reminders_send_batch(*, ids: list[int], lease: uuid.UUID) -> SendResult:
    """Deliver the rows of one claimed batch (see the module docstring for the guarantees).

    Side effects: Notification rows (in-app) and e-mails through the mail backend plus their
    OutboundEmail records; Reminder rows marked sent/cancelled/re-timed/pending/failed.
    """
    result = SendResult()
    _mark_running(ids, lease)
    channels = dict(_claimed(ids, lease).values_list("pk", "channel"))
    result.skipped = len(ids) - len(channels)
    in_app = [pk for pk, channel in channels.items() if channel == Channel.IN_APP]
    if in_app:
        _send_in_app(in_app, lease, result)
    for pk in (pk for pk, channel in channels.items() if channel == Channel.EMAIL):
        _send_email(pk, lease, result)
    return result


def _send_in_app(ids: list[int], lease: uuid.UUID, result: SendResult) -> None:
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            _lock(_claimed(ids, lease))
            .select_related("rule", "recipient")
            .only(*_SENDER_FIELDS)
            .order_by("pk")
        )
        result.skipped += len(ids) - len(rows)
        targets = _targets_of(rows)
        cache: dict[tuple, Rendered] = {}
        deliver: list[tuple[Reminder, Notification]] = []
        for row in rows:
            verdict, detail, source, target = _check(row, targets)
            if verdict != _Verdict.OK:
                _apply_verdict(row, verdict, detail, now=now, result=result)
                continue
            language = row.recipient.language or settings.LANGUAGE_CODE
            key = (source.key, row.target_type_id, row.target_id, row.audience, language)
            try:
                rendered = cache.get(key)
                if rendered is None:
                    rendered = cache[key] = reminder_render(reminder=row, source=source, target=target)
                url = source.url(target) or ""
            except SoftTimeLimitExceeded:
                raise  # the task's time is up: Celery ends it, the lease brings the rows back
            except Exception as exc:  # noqa: BLE001  a broken template or source (any code): this row only
                logger.exception("reminder %s could not be rendered", row.pk)
                _fail_or_retry(row, error=f"{type(exc).__name__}: {exc}", now=now, result=result)
                row.save(update_fields=["state", "lease", "lease_expires_at", "last_error", "updated_at"])
                continue
            deliver.append(
                (
                    row,
                    Notification(
                        recipient_id=row.recipient_id,
                        kind=f"{NOTIFICATION_KIND_PREFIX}{source.key}"[:100],
                        subject=rendered.subject,
                        body=in_app_body(rendered.text),
                        url=url[:500],
                    ),
                )
            )
        if not deliver:
            return
        created = Notification.objects.bulk_create([n for _, n in deliver])
        _mark_sent_in_app([(row.pk, n.pk) for (row, _), n in zip(deliver, created, strict=True)], now=now)
        result.sent += len(deliver)


def _mark_sent_in_app(pairs: list[tuple[int, int]], *, now) -> None:
    """Mark rows sent and link their notifications: one UPDATE … FROM unnest() on PostgreSQL (a CASE per
    row, as bulk_update writes it, costs more than the delivery itself), a plain update elsewhere."""
    ids = [pk for pk, _ in pairs]
    if connection.vendor == "postgresql":
        table = Reminder._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {table} AS r
                    SET state = %s, sent_at = %s, notification_id = v.nid, lease = NULL,
                        lease_expires_at = NULL, last_error = '', updated_at = %s
                    FROM (SELECT unnest(%s::bigint[]) AS rid, unnest(%s::bigint[]) AS nid) AS v
                    WHERE r.id = v.rid""",
                [ReminderState.SENT, now, now, ids, [nid for _, nid in pairs]],
            )
        return
    Reminder.objects.filter(pk__in=ids).update(
        state=ReminderState.SENT,
        sent_at=now,
        lease=None,
        lease_expires_at=None,
        last_error="",
        updated_at=now,
    )
    rows = [Reminder(pk=pk, notification_id=nid) for pk, nid in pairs]
    Reminder.objects.bulk_update(rows, ["notification"], batch_size=500)


def _send_email(pk: int, lease: uuid.UUID, result: SendResult) -> None:
    now = timezone.now()
    with transaction.atomic():
        row = _lock(_claimed([pk], lease)).select_related("rule", "recipient").first()
        if row is None:
            result.skipped += 1
            return
        verdict, detail, source, target = _check(row, _targets_of([row]))
        if verdict == _Verdict.OK and not row.recipient.email:
            verdict, detail = _Verdict.CANCEL, "the recipient has no e-mail address"
        if verdict != _Verdict.OK:
            _apply_verdict(row, verdict, detail, now=now, result=result)
            return
        try:
            rendered = reminder_render(reminder=row, source=source, target=target)
            email = OutboundEmail(
                recipient=row.recipient,
                to_address=row.recipient.email,
                kind=f"{NOTIFICATION_KIND_PREFIX}{source.key}"[:100],
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                ics=source.ics(target) if source.ics else "",
                attempts=row.attempts,
            )
            message = email_build(email)
            domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
            message.extra_headers["X-Ceremony-Message-Id"] = f"reminder-{row.pk}"
            message.extra_headers["Message-ID"] = f"<reminder-{row.pk}@{domain}>"
            message.send(fail_silently=False)
        except SoftTimeLimitExceeded:
            raise  # the task's time is up: Celery ends it, the lease brings the row back
        except Exception as exc:  # noqa: BLE001  all but the time limit (above):
            # the mail server refused or was unreachable, or a source's code or template broke — this row
            # only, retried on the next claim, then failed.
            logger.warning("reminder %s e-mail not sent: %s", row.pk, exc)
            _fail_or_retry(row, error=f"{type(exc).__name__}: {exc}", now=now, result=result)
            row.save(update_fields=["state", "lease", "lease_expires_at", "last_error", "updated_at"])
            return
        # The server accepted the message: record it and mark the row sent in this same transaction.
        email.status = OutboundEmail.Status.SENT
        email.sent_at = timezone.now()
        email.save()
        row.state = ReminderState.SENT
        row.sent_at = email.sent_at
        row.email = email
        row.lease = None
        row.lease_expires_at = None
        row.last_error = ""
        row.save(
            update_fields=[
                "state",
                "sent_at",
                "email",
                "lease",
                "lease_expires_at",
                "last_error",
                "updated_at",
            ]
        )
        result.sent += 1
