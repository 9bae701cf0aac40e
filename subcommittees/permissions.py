"""Who may see and change which subcommittee's work. The one place for subcommittee permission checks.

- The Steering Committee, the Standing Secretariat and organisers see everything.
- A lead edits every task of their subcommittee; a member edits the tasks assigned to them there.
- Anyone sees the tasks they are assigned or must approve; other subcommittees' tasks answer 404.
- Only a task's approver (its "clear authority") approves it; only its assignee submits its product.
"""

from django.db.models import Q, QuerySet

from hanoi_ceremony.accounts.roles import Role, RoleProvider, roles_of

from .enums import MembershipRole
from .models import Escalation, Membership, Subcommittee, Task

OVERSEERS = frozenset({Role.ORGANISER, Role.STEERING, Role.SECRETARIAT})
# Who may create and edit any task and milestone (the Steering Committee oversees and decides, but does not edit).
COORDINATORS = frozenset({Role.ORGANISER, Role.SECRETARIAT})


# Members of this subcommittee also hold the Reception role (its pages and navigation ask for it).
RECEPTION_SLUG = "reception"


def _memberships_load(user) -> dict:
    return {
        "subcommittee_memberships": [
            list(row)
            for row in Membership.objects.filter(user=user).values_list(
                "subcommittee_id", "role", "subcommittee__slug"
            )
        ]
    }


def _memberships_roles(user, values):
    """Lead / member (and Reception) from the user's memberships, read in the one query; the memberships are
    kept on the user for the checks below."""
    rows = values.get("subcommittee_memberships", [])
    user._subcommittee_roles = {row[0]: row[1] for row in rows}
    roles = {
        Role.SUBCOMMITTEE_LEAD if row[1] == MembershipRole.LEAD else Role.SUBCOMMITTEE_MEMBER for row in rows
    }
    if any(len(row) > 2 and row[2] == RECEPTION_SLUG for row in rows):
        roles.add(Role.RECEPTION)
    return roles


subcommittee_role_provider = RoleProvider(
    load=_memberships_load, roles=_memberships_roles, models=("subcommittees.Membership",)
)


def memberships_of(user) -> dict[int, str]:
    """{subcommittee id: "lead" | "member"} for this user (no query once the roles are known)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    roles_of(user)
    return getattr(user, "_subcommittee_roles", {})


def led_subcommittee_ids(user) -> set[int]:
    return {sid for sid, role in memberships_of(user).items() if role == MembershipRole.LEAD}


def sees_everything(user) -> bool:
    return bool(roles_of(user) & OVERSEERS)


def is_coordinator(user) -> bool:
    return bool(roles_of(user) & COORDINATORS)


def is_steering(user) -> bool:
    return bool(roles_of(user) & {Role.STEERING, Role.ORGANISER})


def has_subcommittee_access(user) -> bool:
    """May use the subcommittee pages at all (my tasks, task list)."""
    return sees_everything(user) or bool(memberships_of(user))


def subcommittees_visible_to(user) -> QuerySet[Subcommittee]:
    if sees_everything(user):
        return Subcommittee.objects.all()
    return Subcommittee.objects.filter(pk__in=list(memberships_of(user)))


def can_view_subcommittee(user, subcommittee: Subcommittee) -> bool:
    return sees_everything(user) or subcommittee.pk in memberships_of(user)


def tasks_visible_to(user) -> QuerySet[Task]:
    if sees_everything(user):
        return Task.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    return Task.objects.filter(
        Q(subcommittee_id__in=list(memberships_of(user))) | Q(assignee=user) | Q(approver=user)
    )


def escalations_visible_to(user) -> QuerySet[Escalation]:
    if sees_everything(user):
        return Escalation.objects.all()
    return Escalation.objects.filter(subcommittee_id__in=list(memberships_of(user)))


def can_create_task(user, subcommittee: Subcommittee) -> bool:
    return is_coordinator(user) or subcommittee.pk in led_subcommittee_ids(user)


def can_edit_task(user, task: Task) -> bool:
    """Edit the fields and move the task along (start, block, progress, cancel, dependencies)."""
    if is_coordinator(user) or task.subcommittee_id in led_subcommittee_ids(user):
        return True
    return task.subcommittee_id in memberships_of(user) and task.assignee_id == user.pk


def can_manage_task(user, task: Task) -> bool:
    """Reassign, cancel, take out of draft: the lead's (or a coordinator's) call, not the assignee's."""
    return is_coordinator(user) or task.subcommittee_id in led_subcommittee_ids(user)


def can_submit_task(user, task: Task) -> bool:
    return task.assignee_id is not None and task.assignee_id == user.pk


def can_approve_task(user, task: Task) -> bool:
    return task.approver_id is not None and task.approver_id == user.pk


def can_comment_task(user, task: Task) -> bool:
    return (
        can_edit_task(user, task)
        or user.pk in (task.assignee_id, task.approver_id)
        or task.subcommittee_id in memberships_of(user)
        or sees_everything(user)
    )


def can_escalate(user, subcommittee: Subcommittee) -> bool:
    return is_coordinator(user) or subcommittee.pk in led_subcommittee_ids(user)


def can_decide_escalation(user) -> bool:
    return is_steering(user)


def can_manage_milestones(user) -> bool:
    return is_coordinator(user)


def can_manage_subcommittees(user) -> bool:
    """Set up the subcommittees and who sits on them (the admin's pages)."""
    return is_coordinator(user)


# --- What others may see of a task (item 9 of the hardening review) ---------------------------------------
# Rule: outside the subcommittees a user belongs to (and the tasks they are assigned or approve), a lead or
# member sees only what coordinating a milestone needs — a task's title, subcommittee, status and due time —
# never its assignee, description, blocked reason, thread or escalations, and gets no link to its page (which
# answers 404). Every page that lists other subcommittees' tasks (milestone reports, "depends on" and "needed
# by") asks this one function.


def can_see_task_details(user, task: Task) -> bool:
    """No query: the memberships are known once the roles are."""
    if sees_everything(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        task.subcommittee_id in memberships_of(user)
        or task.assignee_id == user.pk
        or task.approver_id == user.pk
    )


def can_see_escalation_details(user, escalation: Escalation) -> bool:
    return sees_everything(user) or escalation.subcommittee_id in memberships_of(user)


def mark_details_visible(user, tasks=(), escalations=()) -> None:
    """Set ``details_visible`` on each task and escalation for the templates."""
    for task in tasks:
        task.details_visible = can_see_task_details(user, task)
    for escalation in escalations:
        escalation.details_visible = can_see_escalation_details(user, escalation)


def can_view_milestone_reports(user) -> bool:
    """The readiness reports: overseers and subcommittee leads (the view's own check)."""
    return sees_everything(user) or bool(led_subcommittee_ids(user))


def may_open_task(user, task: Task) -> bool:
    """Without a query: what ``tasks_visible_to`` lets this user open (links are shown only then)."""
    if sees_everything(user):
        return True
    uid = getattr(user, "pk", None)
    return task.subcommittee_id in memberships_of(user) or uid in (task.assignee_id, task.approver_id)


def may_open_escalation(user, escalation: Escalation) -> bool:
    return sees_everything(user) or escalation.subcommittee_id in memberships_of(user)
