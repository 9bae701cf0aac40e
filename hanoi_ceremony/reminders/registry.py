"""Reminder sources: what a reminder can be about.

The engine knows no feature app. A feature app describes each thing people must be reminded of as a
:class:`ReminderSource` and registers it from its ``AppConfig.ready``::

    register_source(ReminderSource(
        key="subcommittees.milestone",
        model=Milestone,
        label=_("Milestone"),
        due_at=lambda m: m.due_at,
        recipients=milestone_recipients,      # -> iterable of (user, audience)
        is_active=lambda m: m.status != "cancelled",
        context=lambda m: {"title": m.title},
        url=lambda m: m.get_absolute_url(),
        template="subcommittees/reminders/milestone",
        ics=milestone_ics,
    ))

and calls ``reminders_reconcile(target=obj)`` inside every transaction that moves, cancels or re-staffs
such an object.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models

DAY = 24 * 60
DEFAULT_OFFSETS = (7 * DAY, DAY, 120)  # minutes before: 7 days, 1 day, 2 hours


@dataclass(frozen=True)
class ReminderSource:
    key: str  # "app.thing", stored on rules
    model: type[models.Model]
    label: str
    due_at: Callable[[models.Model], datetime.datetime | None]  # the moment reminded of (aware)
    recipients: Callable[[models.Model], Iterable[tuple[object, str]]]  # (user, audience)
    is_active: Callable[[models.Model], bool]
    context: Callable[[models.Model], dict]
    url: Callable[[models.Model], str]
    template: str  # a template folder with subject.txt, body.txt and body.html
    ics: Callable[[models.Model], str] | None = None
    audiences: tuple[str, ...] = ()  # the audience values recipients() yields (for the rule form)
    default_offsets: tuple[int, ...] = DEFAULT_OFFSETS
    follows_ceremony: bool = False  # its due times come from the ceremony's dates: re-time when they change
    targets: Callable[[], Iterable[models.Model]] | None = (
        None  # every target (re-expansion after a rule edit)
    )

    def all_targets(self) -> Iterable[models.Model]:
        if self.targets is not None:
            return self.targets()
        return self.model._default_manager.all()


_sources: dict[str, ReminderSource] = {}


def register_source(source: ReminderSource) -> None:
    """Register (or replace, on a re-run of ``ready``) a source under its key."""
    if "." not in source.key:
        raise ValueError("A reminder source key looks like 'app.thing'.")
    _sources[source.key] = source


def unregister_source(key: str) -> None:
    _sources.pop(key, None)


def source_get(key: str) -> ReminderSource | None:
    return _sources.get(key)


def sources_all() -> list[ReminderSource]:
    return sorted(_sources.values(), key=lambda s: s.key)


def sources_for(model: type[models.Model]) -> list[ReminderSource]:
    concrete = model._meta.concrete_model
    return [s for s in sources_all() if s.model._meta.concrete_model is concrete]


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, str(s.label)) for s in sources_all()]
