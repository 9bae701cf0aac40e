"""Shared by the subcommittee services: locking, the rules a row cannot express, telling people."""

import datetime
import os
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.errors import Conflict
from hanoi_ceremony.core.uploads import attachment_clean
from hanoi_ceremony.notifications.services import notify

from ..enums import MembershipRole, TaskStatus
from ..models import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    Task,
    TaskUpdate,
)

User = get_user_model()

# The cached fragments of the dashboards, "My tasks" and the task list (views.py) are versioned by this
# content area: every service below that changes what they show bumps it inside its transaction.
NAMESPACE = "subcommittees"

EDITABLE_FIELDS = (
    "title",
    "assignee",
    "description",
    "due_at",
    "responsible_unit",
    "deliverable",
    "approver",
    "milestone",
    "priority",
)


class TransitionError(Conflict):
    """The object is not in a state that allows this change (answered with 409 and the message): the
    product's one "moved meanwhile" refusal (hanoi_ceremony.core.errors.Conflict)."""

    def __init__(self, message: str):
        super().__init__(message, code="transition")


# --- helpers -------------------------------------------------------------------------------------------


def _local(dt: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(dt), "DATETIME_FORMAT")


def _lock(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("milestone", "subcommittee")
        .get(pk=task.pk)
    )


def _require_status(task: Task, allowed: Iterable[str], action: str) -> None:
    if task.status not in allowed:
        raise TransitionError(
            _("This task is “%(status)s”, so it cannot be %(action)s now.")
            % {"status": task.get_status_display(), "action": action}
        )


def missing_clears_message(missing: list[str]) -> str:
    return _(
        "This task cannot leave draft: it lacks %(missing)s. A task lacking any of the six clears is not assigned."
    ) % {"missing": ", ".join(missing)}


def _check_task(task: Task) -> None:
    """The rules a single row cannot express: due before its milestone; six clears once assigned."""
    errors: dict[str, list[str]] = {}
    if task.due_at and task.milestone_id:
        milestone = task.milestone
        if task.due_at > milestone.at:
            errors.setdefault("due_at", []).append(
                _(
                    "Due %(due)s is after its milestone “%(milestone)s” (%(at)s). Make it due by the milestone."
                )
                % {"due": _local(task.due_at), "milestone": milestone.title, "at": _local(milestone.at)}
            )
    if task.status not in (TaskStatus.DRAFT, TaskStatus.CANCELLED):
        missing = task.missing_clears
        if missing:
            errors.setdefault("__all__", []).append(
                _("An assigned task must keep its six clears; it now lacks %(missing)s.")
                % {"missing": ", ".join(missing)}
            )
    if errors:
        raise ValidationError(errors)
    task.full_clean()


def _leads_of(subcommittee_id: int):
    return list(
        User.objects.filter(
            subcommittee_memberships__subcommittee_id=subcommittee_id,
            subcommittee_memberships__role=MembershipRole.LEAD,
            is_active=True,
        )
    )


def _group_users(*roles: Role):
    return list(
        User.objects.filter(groups__name__in=[GROUP_ROLES[r] for r in roles], is_active=True).distinct()
    )


def _tell(about, recipients, *, event: str, by, **context) -> None:
    """Tell each distinct recipient, once the transaction commits and never `by` (who acted), that `event`
    happened to `about` (a task, a milestone, an escalation): kind ``subcommittees.<model>_<event>``, the
    e-mail template ``subcommittees/email/<model>_<event>``, `about` under its model's name and `context`
    in the message, its page as the link."""
    name = about._meta.model_name
    kind, template = f"subcommittees.{name}_{event}", f"subcommittees/email/{name}_{event}"
    context = {name: about, **context}
    url = about.get_absolute_url()
    seen: set[int] = set()
    people = []
    for user in recipients:
        if user is None or user.pk in seen or (by is not None and user.pk == by.pk):
            continue
        seen.add(user.pk)
        people.append(user)

    def send():
        for user in people:
            notify(recipient=user, kind=kind, template=template, context=context, url=url)

    transaction.on_commit(send)


def _thread(task: Task, *, by, kind: str, body: str, attachment=None) -> TaskUpdate:
    update = TaskUpdate(task=task, author=by, kind=kind, body=body)
    if attachment is not None:
        _check_attachment(attachment)
        try:  # stored under a server-chosen name, its content checked against its kind
            update.attachment = attachment_clean(attachment, allowed=ATTACHMENT_EXTENSIONS)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from None
        update.attachment_name = os.path.basename(attachment.name)[:200]
        update.attachment_size = attachment.size
    update.full_clean()
    update.save()
    return update


def _check_attachment(attachment) -> None:
    ext = os.path.splitext(attachment.name)[1].lower().lstrip(".")
    if ext not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {
                "attachment": _("Files of type “%(ext)s” are not accepted. Use one of: %(allowed)s.")
                % {"ext": ext or "?", "allowed": ", ".join(ATTACHMENT_EXTENSIONS)}
            }
        )
    if attachment.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "attachment": _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(attachment.size / 1048576, 1), "limit": ATTACHMENT_MAX_BYTES // 1048576}
            }
        )


def _language_columns_of(model) -> dict[str, tuple[str, ...]]:
    """{field entered per language (django-modeltranslation): its columns} — ``title``: ``title_en``, …"""
    try:
        fields = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}
    return {name: tuple(sorted(column.name for column in columns)) for name, columns in fields.items()}


def with_translations(model, names: Iterable[str]) -> tuple[str, ...]:
    """What a service accepts: `names` (a page's form sends ``title``) and their per-language columns."""
    columns = _language_columns_of(model)
    return (*names, *(column for name in names for column in columns.get(name, ())))


def language_columns(model, names: Iterable[str]) -> tuple[str, ...]:
    """What the admin's form edits: the per-language columns in place of each translated field."""
    columns = _language_columns_of(model)
    return tuple(column for name in names for column in columns.get(name, (name,)))


def _check_known(values: dict, allowed: Iterable[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _apply_changes(obj, values: dict) -> dict:
    """Set on `obj` the values that differ from its own (a related object compared by its id); returns them."""
    changed = {}
    for name, value in values.items():
        field = obj._meta.get_field(name)
        new = value.pk if field.is_relation and value is not None else value
        if getattr(obj, field.attname) != new:
            changed[name] = value
    for name, value in changed.items():
        setattr(obj, name, value)
    return changed


def _audit(task, *, by, action, from_state="", to_state="", reason="", data=None) -> None:
    audit_record(
        actor=by,
        action=action,
        target=task,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )
