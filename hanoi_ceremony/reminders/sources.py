"""Sources that need no feature app: the ceremony itself (its opening and its registration deadline),
reminded to the organising team. Feature apps register theirs in their own ``reminder_sources.py``."""

import datetime

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
from hanoi_ceremony.core.dates import CEREMONY_TZ

from .ics import ics_event
from .registry import DAY, ReminderSource, register_source

OPENING_LOCAL_TIME = datetime.time(9, 0)  # the opening session (domain: 25 Oct, 09:00)
TEAM_AUDIENCES = {
    GROUP_ROLES[Role.ORGANISER]: "organiser",
    GROUP_ROLES[Role.STEERING]: "steering",
    GROUP_ROLES[Role.SECRETARIAT]: "secretariat",
}


def _team(*, groups: dict[str, str]):
    """(user, audience) for active members of the given groups — one query."""
    from hanoi_ceremony.accounts.models import User

    through = User.groups.through
    seen = set()
    for link in (
        through.objects.filter(group__name__in=list(groups), user__is_active=True)
        .select_related("user", "group")
        .order_by("user_id", "group__name")
    ):
        if link.user_id in seen:
            continue
        seen.add(link.user_id)
        yield link.user, groups[link.group.name]


def opening_at(ceremony) -> datetime.datetime | None:
    if ceremony.first_day is None:
        return None
    local = CEREMONY_TZ
    return datetime.datetime.combine(ceremony.first_day, OPENING_LOCAL_TIME, tzinfo=local).astimezone(
        datetime.UTC
    )


def _opening_ics(ceremony) -> str:
    start = opening_at(ceremony)
    return ics_event(
        uid=f"ceremony-{ceremony.pk}-opening",
        start=start,
        end=start + datetime.timedelta(hours=2),
        summary=str(ceremony),
        location=f"{ceremony.venue}, {ceremony.city}",
    )


def register_core_sources() -> None:
    from hanoi_ceremony.core.models import Ceremony

    register_source(
        ReminderSource(
            key="core.ceremony_opening",
            follows_ceremony=True,
            model=Ceremony,
            label=_("Opening of the ceremony"),
            due_at=opening_at,
            recipients=lambda ceremony: _team(groups=TEAM_AUDIENCES),
            is_active=lambda ceremony: ceremony.first_day is not None,
            context=lambda ceremony: {"ceremony": ceremony, "title": str(ceremony)},
            url=lambda ceremony: "/",
            template="reminders/messages/ceremony_opening",
            ics=_opening_ics,
            audiences=tuple(TEAM_AUDIENCES.values()),
            default_offsets=(7 * DAY, DAY, 120),
        )
    )
    register_source(
        ReminderSource(
            key="core.registration_deadline",
            follows_ceremony=True,
            model=Ceremony,
            label=_("Registration deadline (organisers)"),
            due_at=lambda ceremony: ceremony.registration_deadline,
            recipients=lambda ceremony: _team(groups={GROUP_ROLES[Role.ORGANISER]: "organiser"}),
            is_active=lambda ceremony: ceremony.registration_deadline is not None,
            context=lambda ceremony: {"ceremony": ceremony, "title": str(ceremony)},
            url=lambda ceremony: "/",
            template="reminders/messages/registration_deadline",
            audiences=("organiser",),
            default_offsets=(3 * DAY, DAY),
        )
    )
