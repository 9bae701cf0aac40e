"""The demo ceremony: the opening for signature of the Hanoi Convention (../shared/domain.md)."""

import datetime

from hanoi_ceremony.core.dates import CEREMONY_TZ

from .models import Ceremony
from .pagecache import bump_for
from .selectors import ceremony_forget

HANOI = CEREMONY_TZ  # the ceremony's time zone, defined once in core/dates.py


def seed(*, scale: int, out) -> None:
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
            "first_day": datetime.date(2025, 10, 25),
            "last_day": datetime.date(2025, 10, 26),
            "open_for_signature_until": datetime.date(2026, 12, 31),
            "later_signature_place": "United Nations Headquarters, New York",
            "adopted_on": datetime.date(2024, 12, 24),
            "adoption_reference": "General Assembly resolution 79/243",
            "registration_deadline": datetime.datetime(2025, 10, 18, 23, 59, tzinfo=HANOI),
        },
    )
    bump_for(Ceremony)  # a bulk write: its declared content area
    ceremony_forget()
    out.write("  ceremony: Hanoi Convention, 25–26 October 2025")
