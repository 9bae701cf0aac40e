"""Subcommittees, their members, milestones, tasks assigned by the "six clears", and escalations.

The database refuses the bad states it can express (see each ``Meta.constraints``); the rules that need other
rows (dependency cycles, a task due after its milestone, dependencies done first) live in ``services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import (
    ASSIGNED_STATUSES,
    EscalationStatus,
    MembershipRole,
    MilestoneKind,
    MilestoneStatus,
    Priority,
    TaskStatus,
    UpdateKind,
)


def _valid(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [c.value for c in choices]})


class Subcommittee(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    mandate = models.TextField(_("mandate"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("subcommittee")
        verbose_name_plural = _("subcommittees")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("subcommittees:lead_dashboard", kwargs={"slug": self.slug})


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subcommittee_memberships"
    )
    subcommittee = models.ForeignKey(Subcommittee, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "subcommittee"], name="subcommittees_membership_once"),
            models.CheckConstraint(
                condition=_valid("role", MembershipRole), name="subcommittees_membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.subcommittee} ({self.get_role_display()})"


class Milestone(models.Model):
    title = models.CharField(_("title"), max_length=200)
    at = models.DateTimeField(_("date and time"), db_index=True)
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("For a milestone lasting days.")
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=MilestoneKind.choices, default=MilestoneKind.DEADLINE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_milestones",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=_valid("kind", MilestoneKind), name="subcommittees_milestone_kind_valid"
            ),
            models.CheckConstraint(
                condition=_valid("status", MilestoneStatus), name="subcommittees_milestone_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("at")),
                name="subcommittees_milestone_ends_after",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("subcommittees:milestone_report", kwargs={"pk": self.pk})


# The "six clears": (field on Task, what it is called on the page). A task lacking any is not assigned.
SIX_CLEARS: tuple[tuple[str, str], ...] = (
    ("assignee", _("clear person (assignee)")),
    ("description", _("clear work (description)")),
    ("due_at", _("clear time (due)")),
    ("responsible_unit", _("clear responsibility (responsible unit)")),
    ("deliverable", _("clear product (deliverable)")),
    ("approver", _("clear authority (approver)")),
)

_SIX_CLEARS_FILLED = (
    Q(assignee__isnull=False, due_at__isnull=False, approver__isnull=False)
    & ~Q(description="")
    & ~Q(responsible_unit="")
    & ~Q(deliverable="")
)


class Task(models.Model):
    subcommittee = models.ForeignKey(
        Subcommittee, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("subcommittee")
    )
    title = models.CharField(_("title"), max_length=200)
    # The six clears
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("assignee (clear person)"),
    )
    description = models.TextField(_("work (clear work)"), blank=True)
    due_at = models.DateTimeField(_("due (clear time)"), null=True, blank=True, db_index=True)
    responsible_unit = models.CharField(
        _("responsible unit (clear responsibility)"), max_length=200, blank=True
    )
    deliverable = models.CharField(_("deliverable (clear product)"), max_length=300, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks_to_approve",
        verbose_name=_("approver (clear authority)"),
    )
    # The rest
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("milestone"),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.DRAFT, db_index=True
    )
    blocked_reason = models.TextField(_("blocked because"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    dependencies = models.ManyToManyField(
        "self",
        through="TaskDependency",
        symmetrical=False,
        related_name="dependents",
        blank=True,
        verbose_name=_("depends on"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="created_tasks",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("product submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_tasks",
        verbose_name=_("approved by"),
    )

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["subcommittee", "status"], name="subcommittees_task_sc_status")]
        constraints = [
            models.CheckConstraint(
                condition=_valid("status", TaskStatus), name="subcommittees_task_status_valid"
            ),
            models.CheckConstraint(
                condition=_valid("priority", Priority), name="subcommittees_task_priority_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="subcommittees_task_progress_0_100"),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in ASSIGNED_STATUSES]) | _SIX_CLEARS_FILLED,
                name="subcommittees_task_six_clears_when_assigned",
            ),
            models.CheckConstraint(
                condition=(Q(status=TaskStatus.BLOCKED) & ~Q(blocked_reason=""))
                | (~Q(status=TaskStatus.BLOCKED) & Q(blocked_reason="")),
                name="subcommittees_task_blocked_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.DONE)
                | Q(
                    progress=100,
                    approved_at__isnull=False,
                    approved_by__isnull=False,
                    submitted_at__isnull=False,
                ),
                name="subcommittees_task_done_is_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.AWAITING_APPROVAL) | Q(submitted_at__isnull=False),
                name="subcommittees_task_awaiting_has_submission",
            ),
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | Q(assignee__isnull=True) | ~Q(approver=F("assignee")),
                name="subcommittees_task_approver_not_assignee",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("subcommittees:task_detail", kwargs={"pk": self.pk})

    @property
    def status_label(self) -> str:
        """The status's label (a dict lookup: cheaper than get_status_display on long lists)."""
        return _STATUS_LABELS.get(self.status, self.status)

    @property
    def priority_label(self) -> str:
        return _PRIORITY_LABELS.get(self.priority, self.priority)

    @property
    def missing_clears(self) -> list[str]:
        """The names of the six clears this task still lacks (empty when it may be assigned)."""
        missing = []
        for field, label in SIX_CLEARS:
            value = getattr(self, f"{field}_id" if field in ("assignee", "approver") else field)
            if value in (None, ""):
                missing.append(str(label))
        return missing


_STATUS_LABELS = dict(TaskStatus.choices)
_PRIORITY_LABELS = dict(Priority.choices)


class TaskDependency(models.Model):
    """``task`` cannot be done before ``depends_on`` is done."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="dependency_links")
    depends_on = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="dependent_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task dependency")
        verbose_name_plural = _("task dependencies")
        constraints = [
            models.UniqueConstraint(fields=["task", "depends_on"], name="subcommittees_dependency_once"),
            models.CheckConstraint(
                condition=~Q(task=F("depends_on")), name="subcommittees_dependency_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.depends_on}"


ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv", "png", "jpg", "jpeg")


class TaskUpdate(models.Model):
    """One entry of a task's update thread: a comment, a status change, a submitted product, a decision."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="task_updates"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=UpdateKind.choices, default=UpdateKind.COMMENT)
    body = models.TextField(_("update"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="subcommittees/updates/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")
        constraints = [
            models.CheckConstraint(
                condition=_valid("kind", UpdateKind), name="subcommittees_update_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(body="") | ~Q(attachment=""), name="subcommittees_update_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(attachment_size__lte=ATTACHMENT_MAX_BYTES),
                name="subcommittees_update_attachment_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.get_kind_display()}"


class Escalation(models.Model):
    """A problem beyond a subcommittee's authority, put to the Steering Committee for a decision."""

    subcommittee = models.ForeignKey(
        Subcommittee, on_delete=models.PROTECT, related_name="escalations", verbose_name=_("subcommittee")
    )
    task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("task"),
    )
    title = models.CharField(_("what is the problem"), max_length=200)
    impact = models.TextField(_("impact if not decided"))
    decision_needed = models.TextField(_("decision needed"))
    needed_by = models.DateTimeField(_("decision needed by"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="raised_escalations"
    )
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EscalationStatus.choices,
        default=EscalationStatus.OPEN,
        db_index=True,
    )
    decision = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_escalations",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["needed_by", "pk"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.CheckConstraint(
                condition=_valid("status", EscalationStatus), name="subcommittees_escalation_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=EscalationStatus.DECIDED)
                | (~Q(decision="") & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="subcommittees_escalation_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status=EscalationStatus.OPEN)
                | Q(decision="", decided_by__isnull=True, decided_at__isnull=True),
                name="subcommittees_escalation_open_undecided",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("subcommittees:escalation_detail", kwargs={"pk": self.pk})
