"""Every audit action of the subcommittees app, with its label and sentence (hanoi_ceremony.audit.registry)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register, register_states

from .enums import EscalationStatus, MilestoneStatus, TaskStatus

register_states("subcommittees.Task", TaskStatus)
register_states("subcommittees.Escalation", EscalationStatus)
register_states("subcommittees.Milestone", MilestoneStatus)

register("task.created", _("Task created"), _("%(actor)s created the task “%(target)s”."))
register("task.updated", _("Task changed"), _("%(actor)s changed the task “%(target)s”."))
register("task.assigned", _("Task assigned"), _("%(actor)s assigned the task: %(from)s → %(to)s."))
register("task.started", _("Work started"), _("%(actor)s started the work: %(from)s → %(to)s."))
register("task.blocked", _("Task blocked"), _("%(actor)s marked the task blocked: %(from)s → %(to)s."))
register("task.unblocked", _("Task unblocked"), _("%(actor)s unblocked the task: %(from)s → %(to)s."))
register("task.progress_set", _("Progress recorded"), _("%(actor)s set the progress to %(to_percent)s %%."))
register("task.submitted", _("Product submitted"), _("%(actor)s submitted the product for approval."))
register("task.approved", _("Task approved"), _("%(actor)s approved the product: the task is done."))
register("task.returned", _("Product returned"), _("%(actor)s returned the product for changes."))
register("task.cancelled", _("Task cancelled"), _("%(actor)s cancelled the task (it was %(from)s)."))
register("task.commented", _("Update posted"), _("%(actor)s posted an update."))
register(
    "task.dependency_added",
    _("Dependency added"),
    _("%(actor)s recorded that the task waits for “%(depends_on_title)s”."),
)
register(
    "task.dependency_removed",
    _("Dependency removed"),
    _("%(actor)s recorded that the task no longer waits for “%(depends_on_title)s”."),
)
register(
    "escalation.raised",
    _("Escalation raised"),
    _("%(actor)s escalated “%(target)s” to the Steering Committee."),
)
register(
    "escalation.decided", _("Decision recorded"), _("%(actor)s recorded the Steering Committee's decision.")
)
register("escalation.withdrawn", _("Escalation withdrawn"), _("%(actor)s withdrew the escalation."))
register("milestone.created", _("Milestone created"), _("%(actor)s created the milestone “%(target)s”."))
register("milestone.moved", _("Milestone moved"), _("%(actor)s moved the milestone “%(target)s”."))
register(
    "milestone.status_changed",
    _("Milestone status changed"),
    _("%(actor)s marked the milestone “%(target)s” %(to)s (it was %(from)s)."),
)
register(
    "milestone.updated",
    _("Milestone changed"),
    _("%(actor)s changed the details of the milestone “%(target)s”."),
)
register("escalation.updated", _("Escalation changed"), _("%(actor)s changed the escalation “%(target)s”."))
register(
    "subcommittee.created", _("Subcommittee created"), _("%(actor)s created the subcommittee “%(target)s”.")
)
register(
    "subcommittee.updated", _("Subcommittee changed"), _("%(actor)s changed the subcommittee “%(target)s”.")
)
register(
    "subcommittee.deleted", _("Subcommittee deleted"), _("%(actor)s deleted the subcommittee “%(target)s”.")
)
register(
    "subcommittee.member_added",
    _("Member added"),
    _("%(actor)s added %(user)s to the subcommittee “%(target)s”."),
)
register(
    "subcommittee.member_changed",
    _("Membership changed"),
    _("%(actor)s changed the seat of %(user)s on the subcommittee “%(target)s”."),
)
register(
    "subcommittee.member_removed",
    _("Member removed"),
    _("%(actor)s removed %(user)s from the subcommittee “%(target)s”."),
)
