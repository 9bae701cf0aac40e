"""What the accreditation services share: passport keys, counters, the role checks for writes."""

import datetime
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import Role, roles_of
from hanoi_ceremony.core.errors import NotAllowed
from hanoi_ceremony.core.selectors import ceremony_get

from ..models import Counter

NAMESPACE = "accreditation"
SIX_MONTHS = datetime.timedelta(days=183)


def passport_key(nationality: str, number: str) -> str | None:
    """Issuing State + passport number, upper case, letters and digits only ("FRA 12-ab 345" → FRA12AB345).

    None when the number is unknown (the person cannot be approved until it is given)."""
    digits = re.sub(r"[^0-9A-Z]", "", (number or "").upper())
    if not digits:
        return None
    return f"{(nationality or '').strip().upper()[:3]}:{digits}"


def counter_next(name: str, *, count: int = 1) -> int:
    """Reserve `count` consecutive values of the named counter (row lock); returns the first."""
    with transaction.atomic():
        Counter.objects.get_or_create(name=name)
        row = Counter.objects.select_for_update(of=("self",)).get(name=name)
        first = row.value + 1
        row.value += count
        row.save(update_fields=["value"])
    return first


def counter_value(name: str) -> int:
    return Counter.objects.filter(name=name).values_list("value", flat=True).first() or 0


def is_officer(user) -> bool:
    return Role.ACCREDITATION in roles_of(user)


def check_officer(by) -> None:
    if not is_officer(by):
        raise NotAllowed(_("Only accreditation officers may do this."))


def check_officer_or_organiser(by) -> None:
    if not ({Role.ACCREDITATION, Role.ORGANISER} & set(roles_of(by))):
        raise NotAllowed(_("Only accreditation officers and organisers may do this."))


def ceremony_window() -> tuple[datetime.date, datetime.date] | None:
    ceremony = ceremony_get()
    return (ceremony.first_day, ceremony.last_day) if ceremony else None


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
