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
  ``REMINDERS_MAX_ATTEMPTS`` times."""

from ._common import (
    IN_FLIGHT,
    NOTIFICATION_KIND_PREFIX,
    REVIVABLE,
    ReminderConflict,
    _lock,
    _missed_window,
    logger,
)
from .actions import reminder_retry, rule_save
from .dispatch import DispatchResult, _claim_batches, _enqueue, _mark_missed, reminders_dispatch
from .reap import ReapResult, reminders_reap, reminders_redispatch_unstarted
from .reconcile import ReconcileResult, _wanted_rows, reminders_reconcile, reminders_reconcile_source
from .rules import rules_ensure_defaults
from .send import (
    _SENDER_FIELDS,
    SendResult,
    _apply_verdict,
    _check,
    _claimed,
    _fail_or_retry,
    _mark_sent_in_app,
    _release,
    _send_email,
    _send_in_app,
    _targets_of,
    _Verdict,
    message_context,
    reminder_render,
    reminders_send_batch,
)

__all__ = [
    "logger",
    "IN_FLIGHT",
    "REVIVABLE",
    "NOTIFICATION_KIND_PREFIX",
    "ReminderConflict",
    "_missed_window",
    "_lock",
    "rules_ensure_defaults",
    "ReconcileResult",
    "_wanted_rows",
    "reminders_reconcile",
    "reminders_reconcile_source",
    "DispatchResult",
    "_enqueue",
    "_mark_missed",
    "reminders_dispatch",
    "_claim_batches",
    "SendResult",
    "_targets_of",
    "message_context",
    "reminder_render",
    "_Verdict",
    "_check",
    "_release",
    "_apply_verdict",
    "_fail_or_retry",
    "_SENDER_FIELDS",
    "_claimed",
    "reminders_send_batch",
    "_send_in_app",
    "_mark_sent_in_app",
    "_send_email",
    "ReapResult",
    "reminders_reap",
    "reminders_redispatch_unstarted",
    "reminder_retry",
    "rule_save",
]
