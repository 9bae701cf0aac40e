"""Choices for subcommittees, milestones, tasks and escalations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")


class MilestoneKind(models.TextChoices):
    DEADLINE = "deadline", _("Deadline")
    REVIEW = "review", _("Review")
    REHEARSAL = "rehearsal", _("Rehearsal")
    EVENT = "event", _("Event")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AT_RISK = "at_risk", _("At risk")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which a task is still work to do (counted as overdue when past its due time).
OPEN_STATUSES = (
    TaskStatus.NOT_STARTED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.BLOCKED,
    TaskStatus.AWAITING_APPROVAL,
)
# Statuses that need the "six clears" filled (everything after draft, except a cancelled draft).
ASSIGNED_STATUSES = (*OPEN_STATUSES, TaskStatus.DONE)


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class UpdateKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    STATUS = "status", _("Status change")
    SUBMISSION = "submission", _("Product submitted")
    APPROVAL = "approval", _("Approved")
    REJECTION = "rejection", _("Returned for rework")


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")
