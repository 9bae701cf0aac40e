"""The reminder engine: rows in the database are the truth, Celery only executes.

Life of a reminder row (one per rule × target × recipient × offset × channel, unique in the database):

* ``reminders_reconcile`` expands rules into rows inside the transaction that changed the target, re-times
  rows still waiting when the target moves, cancels them when the target or a recipient goes away, and
  never touches a row that was sent (or failed: an organiser decides about those).
* ``reminders_dispatch`` (beat, every minute) claims due rows in small transactions with
  ``SELECT … FOR UPDATE SKIP LOCKED`` — two dispatchers never claim the same row — gives each batch a lease
  (a random token and an expiry) and, once the claim is committed, hands the ids and the token to one
  sender task. Rows further past due than ``REMINDERS_MISSED_AFTER_MINUTES`` become "missed" instead of
  arriving absurdly late. No ETA/countdown task is ever used: on Redis those are re-delivered after the
  visibility timeout and lost on restarts; here the schedule lives in the database.
* ``reminders_send_batch`` (the sender task: ``acks_late``, ``reject_on_worker_lost``) locks the rows,
  keeps only those still claimed under *its* lease, re-checks that the target is still active and its moment
  unchanged, and delivers:

  - **in-app, exactly once**: the Notification rows and the "sent" marks are written in ONE database
    transaction. If the worker dies before the commit nothing is written and the lease later expires; if it
    dies after the commit the re-delivered task finds the rows no longer claimed and does nothing. A late
    duplicate task holding an old lease finds a different (or no) lease and does nothing.
  - **e-mail, at least once**: each message is handed to the mail server while the row is locked, and the
    row is marked sent (with an OutboundEmail record) in the same transaction right after the server
    accepted it. The residual window: if the process dies, or the database commit fails, *after* the mail
    server accepted the message and *before* the commit, the row is still "claimed"; the reaper returns it
    to pending when the lease expires and it is sent again. The window is one SMTP acknowledgement plus one
    commit. Each message carries a stable ``Message-ID: <reminder-<row id>@…>`` so mail systems that
    de-duplicate on Message-ID drop the second copy.
* ``reminders_reap`` (beat) returns rows whose lease expired (worker killed, broker restarted, message lost)
  to pending, and marks rows failed — with an audit entry and a warning in the log — once they were claimed
  ``REMINDERS_MAX_ATTEMPTS`` times.
"""

import datetime
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.notifications.models import Notification, OutboundEmail
from hanoi_ceremony.notifications.services import Rendered, email_build, in_app_body, message_render

from .enums import Channel, ReminderState
from .models import Reminder, ReminderRule
from .registry import ReminderSource, source_get, sources_all, sources_for

logger = logging.getLogger(__name__)

IN_FLIGHT = (ReminderState.PENDING, ReminderState.CLAIMED)
REVIVABLE = (ReminderState.PENDING, ReminderState.CLAIMED, ReminderState.CANCELLED, ReminderState.MISSED)
NOTIFICATION_KIND_PREFIX = "reminder:"


class ReminderConflict(Exception):
    """The reminder is not in a state that allows this action (a 409 for the caller)."""


def _missed_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.REMINDERS_MISSED_AFTER_MINUTES)


def _lock(qs, *, skip_locked: bool = False):
    """``select_for_update`` where the database has it. SQLite has no row locks (and no SKIP LOCKED): it
    serialises writers (``transaction_mode=IMMEDIATE`` takes the write lock at BEGIN), which gives the same
    guarantee — one claimer at a time — without the parallelism."""
    features = connection.features
    if not features.has_select_for_update:
        return qs
    kwargs = {}
    if skip_locked and features.has_select_for_update_skip_locked:
        kwargs["skip_locked"] = True
    if features.has_select_for_update_of:
        kwargs["of"] = ("self",)
    return qs.select_for_update(**kwargs)


# --- Rules -----------------------------------------------------------------------------------------------


def rules_ensure_defaults() -> int:
    """Give every registered source that has no rule yet a default one (its default offsets, both
    channels, every audience). Returns how many rules were created. Idempotent."""
    existing = set(ReminderRule.objects.values_list("source_key", flat=True).distinct())
    created = 0
    for source in sources_all():
        if source.key in existing:
            continue
        rule = ReminderRule(
            source_key=source.key, name="default", offsets_minutes=list(source.default_offsets)
        )
        rule.full_clean()
        rule.save()
        created += 1
    return created


# --- Reconciliation --------------------------------------------------------------------------------------


@dataclass
class ReconcileResult:
    created: int = 0
    retimed: int = 0
    cancelled: int = 0


def _wanted_rows(*, target, sources: list[ReminderSource], rules: list[ReminderRule], now) -> dict:
    """(rule id, recipient id, offset, channel) -> (audience, moment, late) for every row the rules ask for.
    `late` rows are due longer ago than the missed window: an existing row follows them, but none is
    created (it would only be "missed" at once)."""
    wanted: dict[tuple, tuple[str, datetime.datetime, bool]] = {}
    window = _missed_window()
    for source in sources:
        source_rules = [r for r in rules if r.source_key == source.key and r.active]
        if not source_rules or not source.is_active(target):
            continue
        moment = source.due_at(target)
        if moment is None:
            continue
        people = [(user, audience or "") for user, audience in source.recipients(target) if user is not None]
        for rule in source_rules:
            for user, audience in people:
                if rule.audience and rule.audience != audience:
                    continue
                if not user.is_active:
                    continue
                for offset in rule.offsets_minutes:
                    late = moment - datetime.timedelta(minutes=offset) < now - window
                    for channel in rule.channels:
                        if channel == Channel.EMAIL and not user.email:
                            continue
                        wanted.setdefault((rule.pk, user.pk, offset, channel), (audience, moment, late))
    return wanted


def reminders_reconcile(*, target) -> ReconcileResult:
    """Make the target's reminder rows match its rules, moment, state and recipients.

    Call it inside the transaction that created, moved, cancelled or re-staffed the target. Rows still
    waiting (pending or claimed) follow the target: new moment → re-timed (a claimed row goes back to
    pending, so a sender holding the old lease skips it); target inactive, rule off or recipient dropped →
    cancelled. Cancelled (and missed) rows come back when wanted again. Sent and failed rows are never
    touched. A bounded number of queries per target: rules, existing rows, one insert, one update per
    distinct (moment, offset) and one cancel — plus whatever the source's own callbacks read.

    Side effects: Reminder rows only (no audit entry: the change of the target is what gets audited).
    """
    result = ReconcileResult()
    sources = sources_for(type(target))
    if not sources or target.pk is None:
        return result
    now = timezone.now()
    with transaction.atomic():
        content_type = ContentType.objects.get_for_model(target)
        rules = list(ReminderRule.objects.filter(source_key__in=[s.key for s in sources]))
        if not rules:
            return result
        wanted = _wanted_rows(target=target, sources=sources, rules=rules, now=now)
        existing = Reminder.objects.filter(
            target_type=content_type, target_id=target.pk, rule__in=rules
        ).values_list("pk", "rule_id", "recipient_id", "offset_minutes", "channel", "state", "target_due_at")
        move: dict[tuple[datetime.datetime, int], list[int]] = defaultdict(list)
        cancel: list[int] = []
        for pk, rule_id, recipient_id, offset, channel, state, target_due_at in existing:
            want = wanted.pop((rule_id, recipient_id, offset, channel), None)
            if want is None:
                if state in IN_FLIGHT:
                    cancel.append(pk)
                continue
            _audience, moment, late = want
            moved = target_due_at != moment
            if (state in IN_FLIGHT and moved) or (
                not late and (state == ReminderState.CANCELLED or (state == ReminderState.MISSED and moved))
            ):
                move[(moment, offset)].append(pk)
        wanted = {key: value for key, value in wanted.items() if not value[2]}
        if wanted:
            rows = [
                Reminder(
                    rule_id=rule_id,
                    target_type=content_type,
                    target_id=target.pk,
                    recipient_id=recipient_id,
                    audience=audience,
                    offset_minutes=offset,
                    channel=channel,
                    target_due_at=moment,
                    due_at=moment - datetime.timedelta(minutes=offset),
                )
                for (rule_id, recipient_id, offset, channel), (audience, moment, _late) in wanted.items()
            ]
            # ignore_conflicts: a concurrent reconcile of the same target may have inserted the same row.
            Reminder.objects.bulk_create(rows, ignore_conflicts=True)
            result.created = len(rows)
        for (moment, offset), pks in move.items():
            result.retimed += Reminder.objects.filter(pk__in=pks, state__in=REVIVABLE).update(
                state=ReminderState.PENDING,
                target_due_at=moment,
                due_at=moment - datetime.timedelta(minutes=offset),
                lease=None,
                lease_expires_at=None,
                last_error="",
                updated_at=now,
            )
        if cancel:
            result.cancelled = Reminder.objects.filter(pk__in=cancel, state__in=IN_FLIGHT).update(
                state=ReminderState.CANCELLED, lease=None, lease_expires_at=None, updated_at=now
            )
    return result


def reminders_reconcile_source(*, source_key: str) -> ReconcileResult:
    """Reconcile every target of one source (after its rules were edited, or to seed the demo)."""
    total = ReconcileResult()
    source = source_get(source_key)
    if source is None:
        return total
    for target in source.all_targets():
        one = reminders_reconcile(target=target)
        total.created += one.created
        total.retimed += one.retimed
        total.cancelled += one.cancelled
    return total


# --- Dispatcher ------------------------------------------------------------------------------------------


@dataclass
class DispatchResult:
    claimed: int = 0
    batches: int = 0
    missed: int = 0
    leases: list[uuid.UUID] = field(default_factory=list)


def _enqueue(ids: list[int], lease: uuid.UUID) -> None:
    from .tasks import send_batch

    send_batch.delay(ids=ids, lease=str(lease))


def _mark_missed(*, now) -> int:
    cutoff = now - _missed_window()
    missed = 0
    while True:
        with transaction.atomic():
            pks = list(
                _lock(
                    Reminder.objects.filter(state=ReminderState.PENDING, due_at__lt=cutoff), skip_locked=True
                )
                .order_by("due_at", "pk")
                .values_list("pk", flat=True)[:1000]
            )
            if not pks:
                return missed
            missed += Reminder.objects.filter(pk__in=pks, state=ReminderState.PENDING).update(
                state=ReminderState.MISSED, updated_at=now
            )
        if len(pks) < 1000:
            return missed


def reminders_dispatch(
    *, now: datetime.datetime | None = None, batch_size: int | None = None
) -> DispatchResult:
    """Claim due rows and hand them to sender tasks.

    Each batch is claimed in its own short transaction with SKIP LOCKED, so a second dispatcher running at
    the same time takes other rows (or none) and never waits. Claiming sets the lease token and expiry and
    counts an attempt. The sender task is enqueued on commit with the ids and the lease — so a task never
    sees an uncommitted claim. In-app batches are large (one transaction delivers them all); e-mail batches
    are small (one SMTP round trip per row must fit well inside the task time limit).

    Side effects: Reminder rows; on commit, one ``reminders.send_batch`` task per batch.
    """
    now = now or timezone.now()
    result = DispatchResult(missed=_mark_missed(now=now))
    sizes = (
        (Channel.IN_APP, batch_size or settings.REMINDERS_BATCH_SIZE),
        (Channel.EMAIL, settings.REMINDERS_EMAIL_BATCH_SIZE),
    )
    for channel, channel_batch in sizes:
        _claim_batches(channel=channel, batch_size=channel_batch, now=now, result=result)
    if result.claimed or result.missed:
        logger.info(
            "reminders: claimed %s in %s batches, %s missed", result.claimed, result.batches, result.missed
        )
    return result


def _claim_batches(*, channel: str, batch_size: int, now, result: DispatchResult) -> None:
    lease_for = datetime.timedelta(seconds=settings.REMINDERS_LEASE_SECONDS)
    due = Reminder.objects.filter(state=ReminderState.PENDING, channel=channel, due_at__lte=now)
    while result.claimed < settings.REMINDERS_DISPATCH_MAX:
        size = min(batch_size, settings.REMINDERS_DISPATCH_MAX - result.claimed)
        with transaction.atomic():
            pks = list(
                _lock(due, skip_locked=True).order_by("due_at", "pk").values_list("pk", flat=True)[:size]
            )
            if not pks:
                return
            lease = uuid.uuid4()
            Reminder.objects.filter(pk__in=pks).update(
                state=ReminderState.CLAIMED,
                lease=lease,
                lease_expires_at=timezone.now() + lease_for,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
            # robust: a broker outage must not undo the claim; the reaper frees the rows when the lease ends.
            transaction.on_commit(partial(_enqueue, pks, lease), robust=True)
        result.claimed += len(pks)
        result.batches += 1
        result.leases.append(lease)
        if len(pks) < size:
            return


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


def reminders_send_batch(*, ids: list[int], lease: uuid.UUID) -> SendResult:
    """Deliver the rows of one claimed batch (see the module docstring for the guarantees).

    Side effects: Notification rows (in-app) and e-mails through the mail backend plus their
    OutboundEmail records; Reminder rows marked sent/cancelled/re-timed/pending/failed.
    """
    result = SendResult()
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
            except Exception as exc:  # a broken template or source: this row only, retried, then failed
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
        except Exception as exc:  # the mail server refused or was unreachable: retry on the next claim
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


# --- Reaper ----------------------------------------------------------------------------------------------


@dataclass
class ReapResult:
    released: int = 0
    failed: int = 0


def reminders_reap(*, now: datetime.datetime | None = None) -> ReapResult:
    """Free rows whose lease expired: back to pending, or failed after REMINDERS_MAX_ATTEMPTS claims.

    Side effects: Reminder rows; an audit entry and a log warning per failed row.
    """
    now = now or timezone.now()
    result = ReapResult()
    with transaction.atomic():
        expired = list(
            _lock(
                Reminder.objects.filter(state=ReminderState.CLAIMED, lease_expires_at__lt=now),
                skip_locked=True,
            )
            .order_by("pk")
            .values_list("pk", "attempts")[:5000]
        )
        if not expired:
            return result
        give_up = [pk for pk, attempts in expired if attempts >= settings.REMINDERS_MAX_ATTEMPTS]
        retry = [pk for pk, attempts in expired if attempts < settings.REMINDERS_MAX_ATTEMPTS]
        still = {"state": ReminderState.CLAIMED, "lease_expires_at__lt": now}
        if retry:
            result.released = Reminder.objects.filter(pk__in=retry, **still).update(
                state=ReminderState.PENDING,
                lease=None,
                lease_expires_at=None,
                last_error="lease expired before the sender finished (worker lost?)",
                updated_at=now,
            )
        if give_up:
            failing = list(Reminder.objects.filter(pk__in=give_up, **still).select_related("rule"))
            for row in failing:
                _release(
                    row,
                    state=ReminderState.FAILED,
                    now=now,
                    error=f"gave up after {row.attempts} attempts: the lease expired each time",
                )
                row.save(update_fields=["state", "lease", "lease_expires_at", "last_error", "updated_at"])
                audit_record(
                    actor=None,
                    action="reminder.failed",
                    target=row,
                    from_state=ReminderState.CLAIMED,
                    to_state=ReminderState.FAILED,
                    reason=row.last_error,
                )
                logger.warning("reminder %s failed: %s", row.pk, row.last_error)
            result.failed = len(failing)
    return result


# --- Organiser actions -----------------------------------------------------------------------------------


def reminder_retry(*, reminder: Reminder, by) -> Reminder:
    """Send a failed (or missed) reminder again, now: back to pending, due now, attempts reset.

    Side effects: the Reminder row; an audit entry. Raises ReminderConflict for any other state.
    """
    with transaction.atomic():
        row = Reminder.objects.select_for_update().get(pk=reminder.pk)
        if row.state not in (ReminderState.FAILED, ReminderState.MISSED):
            raise ReminderConflict(_("Only a failed or missed reminder can be sent again."))
        from_state = row.state
        row.state = ReminderState.PENDING
        row.due_at = timezone.now()
        row.attempts = 0
        row.last_error = ""
        row.full_clean(exclude=["rule", "recipient", "target_type", "notification", "email"])
        row.save(update_fields=["state", "due_at", "attempts", "last_error", "updated_at"])
        audit_record(
            actor=by, action="reminder.retried", target=row, from_state=from_state, to_state=row.state
        )
    return row


def rule_save(*, rule: ReminderRule, by) -> ReminderRule:
    """Create or change a reminder rule and re-expand its source's targets in the same transaction.

    Side effects: the rule; an audit entry; Reminder rows of every target of the source.
    """
    with transaction.atomic():
        created = rule.pk is None
        rule.full_clean()
        rule.save()
        audit_record(
            actor=by,
            action="reminder_rule.created" if created else "reminder_rule.changed",
            target=rule,
            data={"offsets_minutes": rule.offsets_minutes, "channels": rule.channels, "active": rule.active},
        )
        reminders_reconcile_source(source_key=rule.source_key)
    return rule
