"""The demo ceremony: the opening for signature of the Hanoi Convention (../shared/domain.md), and the demo
clock every seeder tells its dates by.

The demo clock
--------------
Every seeder writes its story in the real dates of 2025 (the ceremony on 25–26 October 2025, the registration
deadline on 18 October, the review on the 20th, …) and turns each of them into the demo's date through
``demo_clock``::

    from hanoi_ceremony.core.demo import demo_clock

    starts = demo_clock.at(2025, 10, 25, 9, 0)    # aware datetime (Asia/Ho_Chi_Minh wall time), shifted
    day = demo_clock.date(2025, 10, 25)           # a date, shifted
    moved = demo_clock.shift(some_2025_datetime)  # any date or datetime, shifted
    if demo_clock.happened(signed_at_2025): ...   # has this fact of the story happened by now?
    decided = demo_clock.past(decided_2025)       # shifted, but never later than now (a fact in the past)

Two modes, chosen by ``seed_demo``:

- **living** (the default): one offset of whole days, computed from today, moves the whole story so that the
  story's "today" (``STORY_TODAY``, 11 October 2025) is today. The opening day is then two weeks ahead,
  registration is open for a week, milestones are coming, and every fact the story places before today
  (invitations, confirmations, approvals) lies behind. Facts the story places later (signatures, verified
  full powers) are not written: ``happened`` says so, and each seeder leaves those rows in the state they
  have before the fact; a fact that must have happened (a task already done) is kept before today by
  ``past``.
- **replay** (``seed_demo --replay``): offset 0, every fact written: the real October 2025 as it happened.

The offset is stored on the ceremony row (``Ceremony.demo_offset_days``). A later run of the living demo
whose offset differs (a later day) first moves every date and datetime already in the database by
the difference (``reanchor``), so the database never holds a mix of old and new dates; then the seeders run
and, being idempotent, find their rows where the story says they are.

Seeders outside this module only use ``demo_clock``; ``seed_demo`` calls ``configure`` before the first one.
When nothing configured the clock (a test calling a seeder directly) it replays 2025.
"""

import datetime
import json
import logging
import re

from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from hanoi_ceremony.core.dates import CEREMONY_TZ

from .models import Ceremony
from .pagecache import bump_for
from .selectors import ceremony_forget

HANOI = CEREMONY_TZ  # the ceremony's time zone, defined once in core/dates.py
STORY_TODAY = datetime.date(2025, 10, 11)  # the day the demo's story is told on: two weeks before the opening
log = logging.getLogger(__name__)


class DemoClock:
    """Turns the story's 2025 dates into the demo's dates (see the module docstring)."""

    def __init__(self) -> None:
        self.offset = datetime.timedelta(0)
        self.replay = True

    @staticmethod
    def living_offset(today: datetime.date | None = None) -> datetime.timedelta:
        """The whole days that bring STORY_TODAY to today (whole days keep every time of day of the story, and
        a later run moves what is stored by exactly the days that passed)."""
        today = today or timezone.localdate(timezone=HANOI)
        return datetime.timedelta(days=max(0, (today - STORY_TODAY).days))

    def configure(self, *, replay: bool, today: datetime.date | None = None) -> datetime.timedelta:
        self.replay = replay
        self.offset = datetime.timedelta(0) if replay else self.living_offset(today)
        return self.offset

    def reset(self) -> None:
        self.__init__()

    def shift(self, value):
        """A 2025 date or datetime of the story, as the demo's date (None stays None)."""
        if value is None:
            return None
        return value + self.offset

    def at(self, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
        """Wall time in Hà Nội on a day of the story, shifted."""
        return self.shift(datetime.datetime(year, month, day, hour, minute, tzinfo=HANOI))

    def date(self, year: int, month: int, day: int) -> datetime.date:
        return self.shift(datetime.date(year, month, day))

    def happened(self, value) -> bool:
        """Whether a fact the story places at this 2025 moment (or day) has happened by now. Always in the
        replay; in the living demo only when its shifted moment is not after now."""
        if self.replay:
            return True
        if not isinstance(value, datetime.datetime):  # a day of the story has happened once it is over
            return self.shift(value) < timezone.localdate(timezone=HANOI)
        return self.shift(value) <= timezone.now()

    def past(self, value: datetime.datetime) -> datetime.datetime:
        """The shifted moment of a fact that has happened (a task approved, a decision taken): in the living
        demo never later than the end of yesterday, so it stays behind today even when the story placed it a
        little later, and a run on a later day (which moves it by whole days) keeps it behind that day too."""
        moved = self.shift(value)
        if self.replay:
            return moved
        return min(moved, self.start_of_today() - datetime.timedelta(minutes=5))

    @staticmethod
    def start_of_today() -> datetime.datetime:
        today = timezone.localdate(timezone=HANOI)
        return datetime.datetime.combine(today, datetime.time(0, 0), tzinfo=HANOI)


demo_clock = DemoClock()

# Models whose dates are not part of the story: kept as they are when the demo moves.
_NOT_STORY = {
    "core.heartbeat",
    "accounts.user",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
_PROJECT_PACKAGES = {"hanoi_ceremony", "delegations", "agenda", "subcommittees"}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")


def _shift_json(value, delta: datetime.timedelta):
    """Dates and datetimes written as ISO strings inside JSON (programme snapshots, audit details)."""
    if isinstance(value, dict):
        return {k: _shift_json(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift_json(v, delta) for v in value]
    if isinstance(value, str) and _ISO.match(value):
        try:
            if len(value) == 10:
                return (datetime.date.fromisoformat(value) + delta).isoformat()
            return (datetime.datetime.fromisoformat(value) + delta).isoformat()
        except ValueError:
            return value
    return value


def _story_models():
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in _NOT_STORY:
            continue
        if meta.app_config.name.split(".")[0] not in _PROJECT_PACKAGES:
            continue
        yield model


def reanchor(delta: datetime.timedelta) -> int:
    """Move every date and datetime of the demo already in the database by ``delta`` (in the caller's
    transaction). Returns the number of rows touched. On PostgreSQL the rows first jump far ahead and then
    land, so no exclusion constraint (a room booked twice) sees a half-moved programme."""
    if not delta:
        return 0
    steps = [delta]
    if connection.vendor == "postgresql":
        far = datetime.timedelta(days=365 * 200)
        steps = [far, delta - far]
    touched = 0
    for model in _story_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField) and not f.primary_key  # DateTimeField is a DateField
        ]
        if fields:
            for step in steps:
                touched += model._base_manager.update(
                    **{name: models.F(name) + step for name in fields}  # NULL stays NULL
                )
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                for pk, value in model._base_manager.exclude(**{field.attname: None}).values_list(
                    "pk", field.attname
                ):
                    moved = _shift_json(value, delta)
                    if json.dumps(moved, sort_keys=True) != json.dumps(value, sort_keys=True):
                        model._base_manager.filter(pk=pk).update(**{field.attname: moved})
    _bump_everything()
    return touched


def _bump_everything() -> None:
    from .pagecache import _AREAS, bump

    for namespace in {ns for spaces in _AREAS.values() for ns in spaces} | {"ceremony"}:
        bump(namespace)
    ceremony_forget()


def stored_offset() -> datetime.timedelta | None:
    """The offset the database was seeded with (None: not seeded yet)."""
    row = Ceremony.objects.filter(singleton=True).values_list("demo_offset_days", flat=True).first()
    if row is None and not Ceremony.objects.exists():
        return None
    return datetime.timedelta(days=row or 0)


def seed(*, scale: int, out) -> None:
    c = demo_clock
    Ceremony.objects.update_or_create(
        singleton=True,
        defaults={
            "name": (
                "United Nations Convention against Cybercrime; Strengthening International Cooperation for "
                "Combating Certain Crimes Committed by Means of Information and Communications Technology "
                "Systems and for the Sharing of Evidence in Electronic Form of Serious Crimes"
            ),
            "short_name": "Hanoi Convention",
            "theme": "Countering Cybercrime – Sharing Responsibility – Securing our Future",
            "venue": "National Convention Centre",
            "city": "Hà Nội",
            "host_country_code": "VNM",
            "first_day": c.date(2025, 10, 25),
            "last_day": c.date(2025, 10, 26),
            "open_for_signature_until": c.date(2026, 12, 31),
            "later_signature_place": "United Nations Headquarters, New York",
            "adopted_on": c.date(2024, 12, 24),
            "adoption_reference": "General Assembly resolution 79/243",
            "registration_deadline": c.at(2025, 10, 18, 23, 59),
            "demo_offset_days": c.offset.days,
        },
    )
    bump_for(Ceremony)  # a bulk write: its declared content area
    ceremony_forget()
    first = c.date(2025, 10, 25)
    mode = "replay of 2025" if c.replay else "living demo"
    out.write(f"  ceremony: Hanoi Convention, {first:%d}–{c.date(2025, 10, 26):%d %B %Y} ({mode})")
