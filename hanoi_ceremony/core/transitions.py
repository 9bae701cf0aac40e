"""One transition helper for every state machine, so no service can forget a side effect.

A machine is declared once, next to its model (in the app's ``enums.py`` or ``models.py``)::

    TASK_MACHINE = StateMachine(
        model="subcommittees.Task",
        choices=TaskStatus,
        allowed_from={TaskStatus.ASSIGNED: {TaskStatus.DRAFT}, ...},
        changed_at_field="status_changed_at",   # optional
    )

and a service, inside its own ``transaction.atomic`` and holding the row lock, calls::

    transition(task, machine=TASK_MACHINE, to=TaskStatus.DONE, by=user, action="task.approved",
               reason=..., expected=form_status, notify=lambda: ...)

which, in order: refuses a stale `expected` state (409 ``Conflict``) and a move the table does not allow
(``ValidationError`` code ``transition``, 409), sets the state (and ``changed_at_field``), runs
``full_clean``, saves the named fields, writes the audit entry (from → to, reason, data), bumps the content
areas declared for the model (``pagecache.declare_areas``), re-times the object's reminders and schedules
`notify` with ``transaction.on_commit``.

``record_change`` does the same for a write that is not a state move (an edit, a re-assignment), and
``record`` gives the side effects (audit, content areas, reminders, notification) to a write the service
has already saved itself (several rows at once, a delete, a change recorded on a parent object).

A move that is one step of an event recorded once in a parent's history (the floor passing from one
speaker to the next; a delegate promoted from a session's waiting list) still goes through ``transition``
— the table, the save, the content areas, the reminders — with ``action=None``, and the service records
the event with ``record`` on the parent.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.audit.registry import register_states
from hanoi_ceremony.audit.services import audit_record

from .errors import Conflict, Invalid
from .pagecache import bump_for


@dataclass(frozen=True)
class StateMachine:
    model: str
    choices: type[models.TextChoices]
    allowed_from: Mapping[str, Iterable[str]]
    state_field: str = "status"
    changed_at_field: str | None = None
    reconcile_reminders: bool = True
    # Optional wording of the two refusals for this object ("This delegation is …"), with the same
    # placeholders as the defaults: %(state)s (current state), %(target)s (the state asked for).
    stale_message: str | None = None
    refusal_message: str | None = None
    _table: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self):
        values = {c.value for c in self.choices}
        for to, sources in self.allowed_from.items():
            unknown = ({to} | set(sources)) - values
            if unknown:
                raise ValueError(f"{self.model}: unknown states {sorted(unknown)} in the transition table")
            self._table[str(to)] = frozenset(str(s) for s in sources)
        register_states(self.model, self.choices)

    def allows(self, current: str, to: str) -> bool:
        return str(current) in self._table.get(str(to), frozenset())

    def targets_from(self, current: str) -> list[str]:
        """States reachable in one move from `current` (for showing only the buttons that can work)."""
        return [to for to, sources in self._table.items() if str(current) in sources]

    def label(self, value: str) -> str:
        try:
            return str(self.choices(value).label)
        except ValueError:
            return str(value)

    def check(
        self, current: str, to: str, *, expected: str | None = None, allowed: Iterable[str] | None = None
    ) -> None:
        """Refuse a stale `expected` state (409) and a move the table — or this action's narrower
        `allowed` sources — does not allow."""
        if expected is not None and str(expected) != str(current):
            raise Conflict(
                self.stale_message
                or _("Someone else changed this meanwhile: it is now %(state)s. Reload the page and check."),
                params={"state": self.label(current).lower()},
            )
        narrower = allowed is not None and str(current) not in {str(a) for a in allowed}
        if narrower or not self.allows(current, to):
            raise Invalid(
                self.refusal_message or _("This is %(state)s: it cannot become %(target)s."),
                code="transition",
                params={"state": self.label(current).lower(), "target": self.label(to).lower()},
            )


def _clean(obj: models.Model, clean) -> None:
    """``clean=True`` runs ``full_clean``; a callable runs the app's own check instead (rules that need
    other rows, then ``full_clean`` itself); ``False`` skips it."""
    if callable(clean):
        clean(obj)
    elif clean:
        obj.full_clean()


def _after(obj: models.Model, *, reconcile: bool, notify: Callable[[], None] | None) -> None:
    bump_for(obj)
    if reconcile:
        from hanoi_ceremony.reminders.services import reminders_reconcile

        reminders_reconcile(target=obj)
    if notify is not None:
        transaction.on_commit(notify)


def transition(
    obj: models.Model,
    *,
    machine: StateMachine,
    to: str,
    by,
    action: str | None,
    reason: str = "",
    data: dict | None = None,
    expected: str | None = None,
    fields: Iterable[str] | None = (),
    notify: Callable[[], None] | None = None,
    clean: bool | Callable[[models.Model], None] = True,
    allowed: Iterable[str] | None = None,
) -> models.Model:
    """Move `obj` (locked by the caller, inside its transaction) to `to`. Extra attributes the caller set
    on `obj` are saved when named in `fields`; ``fields=None`` saves every field (``obj.save()``).
    `allowed` narrows the table's sources for this
    one action (e.g. "start" leaves only "not started" although "in progress" has other sources).
    ``action=None`` writes no audit entry: the move is one step of an event the caller records once with
    `record` on a parent object. Returns `obj`."""
    current = getattr(obj, machine.state_field)
    machine.check(current, to, expected=expected, allowed=allowed)
    setattr(obj, machine.state_field, to)
    update = None if fields is None else {machine.state_field, *fields}
    if machine.changed_at_field:
        setattr(obj, machine.changed_at_field, timezone.now())
        if update is not None:
            update.add(machine.changed_at_field)
    if update is not None and any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update.add("updated_at")
    _clean(obj, clean)
    obj.save(update_fields=sorted(update) if update is not None else None)
    if action is not None:
        audit_record(
            actor=by, action=action, target=obj, from_state=current, to_state=to, reason=reason, data=data
        )
    _after(obj, reconcile=machine.reconcile_reminders, notify=notify)
    return obj


def record_change(
    obj: models.Model,
    *,
    by,
    action: str,
    fields: Iterable[str] | None = None,
    reason: str = "",
    data: dict | None = None,
    notify: Callable[[], None] | None = None,
    reconcile: bool = True,
    clean: bool | Callable[[models.Model], None] = True,
    created: bool = False,
) -> models.Model:
    """Save an edit that is not a state move (or a new object, `created=True`), with the same side effects
    as `transition`: audit, content areas, reminders, on-commit notification."""
    _clean(obj, clean)
    if created or obj.pk is None:
        obj.save()
    else:
        update = set(fields) if fields is not None else None
        if update is not None and any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            update.add("updated_at")
        obj.save(update_fields=sorted(update) if update is not None else None)
    audit_record(actor=by, action=action, target=obj, reason=reason, data=data)
    _after(obj, reconcile=reconcile, notify=notify)
    return obj


def record(
    obj: models.Model,
    *,
    by,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
    reconcile: bool = False,
    notify: Callable[[], None] | None = None,
    at=None,
) -> None:
    """The side effects of a write the caller has already saved (inside its transaction): the audit entry
    about `obj`, the content areas declared for `obj`'s model, `obj`'s reminders when `reconcile`, and
    `notify` on commit. `from_state`/`to_state` are real states of `obj` only."""
    audit_record(
        actor=by,
        action=action,
        target=obj,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
        at=at,
    )
    _after(obj, reconcile=reconcile, notify=notify)
