"""Every audit action is registered once: its code, a translated label and a sentence.

Naming rule for codes: ``<object>.<verb in the past>``, lower case, words joined by ``_`` — e.g.
``delegation.submitted``, ``task.approved``, ``badge.revoked``, ``bilateral.room_assigned``. The object is
the audited model's own name (``Delegation`` → ``delegation``), never the app's.

A sentence is a translatable string with named placeholders: ``%(actor)s`` (who), ``%(target)s`` (what),
``%(from)s`` / ``%(to)s`` (the states' labels) and any key of the entry's ``data``. Pages show
``describe(entry)``, never a code::

    register("task.approved", _("Task approved"), _("%(actor)s approved the task “%(target)s”."))

States are labelled through ``register_states(Model, Choices)``, which `transitions.StateMachine` calls for
every machine, so ``from``/``to`` read as "Submitted", not ``submitted``.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AuditAction:
    code: str
    label: Promise | str
    sentence: Promise | str


_ACTIONS: dict[str, AuditAction] = {}
_STATES: dict[str, dict[str, Promise | str]] = {}


def register(code: str, label, sentence) -> str:
    """Declare an action (module import time). Registering the same code twice is a programming error."""
    if code in _ACTIONS and _ACTIONS[code] != AuditAction(code, label, sentence):
        raise ValueError(f"audit action {code!r} is registered twice")
    _ACTIONS[code] = AuditAction(code, label, sentence)
    return code


def is_registered(code: str) -> bool:
    return code in _ACTIONS


def action_get(code: str) -> AuditAction:
    try:
        return _ACTIONS[code]
    except KeyError:
        raise LookupError(f"audit action {code!r} is not registered") from None


def all_actions() -> dict[str, AuditAction]:
    return dict(_ACTIONS)


def register_states(model_label: str, choices) -> None:
    """Labels of one model's states (`model_label` is "app_label.ModelName", lower case or not)."""
    _STATES.setdefault(model_label.lower(), {}).update({c.value: c.label for c in choices})


def state_label(model_label: str, value: str) -> str:
    if not value:
        return gettext("none")
    label = _STATES.get(model_label.lower(), {}).get(value)
    return str(label) if label is not None else value


class _Safe(dict):
    def __missing__(self, key):
        return "—"


def describe(entry) -> str:
    """The entry as a sentence in the active language."""
    model_label = f"{entry.target_type.app_label}.{entry.target_type.model}" if entry.target_type_id else ""
    values = _Safe(
        {k: v for k, v in (entry.data or {}).items() if isinstance(v, str | int | float)},
    )
    values.update(
        actor=entry.actor_repr
        if entry.actor_repr and entry.actor_repr != "system"
        else gettext("The system"),
        target=entry.target_repr,
        **{
            "from": state_label(model_label, entry.from_state),
            "to": state_label(model_label, entry.to_state),
        },
    )
    action = _ACTIONS.get(entry.action)
    if action is None:
        return gettext("%(actor)s made a change to %(target)s.") % values
    try:
        return str(action.sentence) % values
    except (KeyError, TypeError, ValueError):
        return str(action.label)


def label_of(code: str) -> str:
    action = _ACTIONS.get(code)
    return str(action.label) if action else gettext("Change")


register("record.changed", _("Changed"), _("%(actor)s changed %(target)s."))
register("record.created", _("Created"), _("%(actor)s created %(target)s."))
register("record.deleted", _("Deleted"), _("%(actor)s deleted %(target)s."))
