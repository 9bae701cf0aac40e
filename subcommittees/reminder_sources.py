"""Reminder sources of the subcommittees app, registered from SubcommitteesConfig.ready:

* ``subcommittees.milestone`` — a milestone's moment, to its owner, the leads of the subcommittees with
  tasks in it (every lead when none has) and the Steering Committee; with an .ics.
* ``subcommittees.task_due`` — an assigned task's due time, to its assignee.
* ``subcommittees.task_overdue`` — at the due time, if the task is still open, to the subcommittee's leads.

The services call ``reminders_reconcile(target=...)`` wherever a milestone or task is created, moved,
re-assigned or changes status; the engine's sender re-checks status and time before anything goes out.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
from hanoi_ceremony.reminders.ics import ics_event
from hanoi_ceremony.reminders.registry import DAY, ReminderSource, register_source

from .enums import OPEN_STATUSES, MembershipRole, MilestoneStatus
from .models import Membership, Milestone, Task

LIVE_MILESTONE = (MilestoneStatus.PLANNED, MilestoneStatus.AT_RISK)


def _steering():
    from hanoi_ceremony.accounts.models import User

    links = User.groups.through.objects.filter(
        group__name=GROUP_ROLES[Role.STEERING], user__is_active=True
    ).select_related("user")
    return [(link.user, "steering") for link in links]


def _leads(subcommittee_ids=None):
    qs = Membership.objects.filter(role=MembershipRole.LEAD).select_related("user")
    if subcommittee_ids is not None:
        qs = qs.filter(subcommittee_id__in=subcommittee_ids)
    return [(m.user, "lead") for m in qs.order_by("user_id")]


def milestone_recipients(milestone: Milestone):
    people = [(milestone.owner, "owner")]
    subcommittee_ids = list(milestone.tasks.values_list("subcommittee_id", flat=True).distinct())
    people += _leads(subcommittee_ids or None)
    people += _steering()
    return people


def milestone_ics(milestone: Milestone) -> str:
    return ics_event(
        uid=f"milestone-{milestone.pk}",
        start=milestone.at,
        end=milestone.ends_at or milestone.at + datetime.timedelta(hours=1),
        summary=milestone.title,
        description=milestone.description,
    )


def register() -> None:
    register_source(
        ReminderSource(
            key="subcommittees.milestone",
            model=Milestone,
            label=_("Milestone"),
            due_at=lambda m: m.at,
            recipients=milestone_recipients,
            is_active=lambda m: m.status in LIVE_MILESTONE,
            context=lambda m: {"milestone": m, "title": m.title},
            url=lambda m: m.get_absolute_url(),
            template="subcommittees/reminders/milestone",
            ics=milestone_ics,
            audiences=("owner", "lead", "steering"),
            default_offsets=(7 * DAY, DAY, 120),
            targets=lambda: Milestone.objects.filter(status__in=LIVE_MILESTONE).select_related("owner"),
        )
    )
    register_source(
        ReminderSource(
            key="subcommittees.task_due",
            model=Task,
            label=_("Task due"),
            due_at=lambda t: t.due_at,
            recipients=lambda t: [(t.assignee, "assignee")] if t.assignee_id else [],
            is_active=lambda t: t.status in OPEN_STATUSES and t.due_at is not None,
            context=lambda t: {"task": t, "title": t.title},
            url=lambda t: t.get_absolute_url(),
            template="subcommittees/reminders/task_due",
            audiences=("assignee",),
            default_offsets=(2 * DAY, 120),
            targets=lambda: Task.objects.filter(status__in=OPEN_STATUSES).select_related("assignee"),
        )
    )
    register_source(
        ReminderSource(
            key="subcommittees.task_overdue",
            model=Task,
            label=_("Task overdue (to the lead)"),
            due_at=lambda t: t.due_at,
            recipients=lambda t: _leads([t.subcommittee_id]),
            is_active=lambda t: t.status in OPEN_STATUSES and t.due_at is not None,
            context=lambda t: {"task": t, "title": t.title},
            url=lambda t: t.get_absolute_url(),
            template="subcommittees/reminders/task_overdue",
            audiences=("lead",),
            default_offsets=(0,),
            targets=lambda: Task.objects.filter(status__in=OPEN_STATUSES),
        )
    )
