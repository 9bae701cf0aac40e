"""Accreditation data: categories and zones (organiser-edited data), one accreditation per person
(delegation members and media alike), zone passes within quotas, badges and the keys that sign them.

"No one holds two accreditations" (domain rules 4 and 8) is the database's job: every accreditation
carries its person's normalised passport key (issuing State + passport number without spaces or
punctuation), unique across delegation members and media applicants.
"""

# The models register in the order they were always defined (categories, accreditations and passes,
# badges, keys): accreditations.py imports categories.py first.
from .accreditations import Accreditation, MediaApplication, ZonePass, ZonePassQuota
from .badges import Badge, BadgeCollection, Counter
from .categories import BadgeCategory, Zone, code_validator, colour_validator
from .keys import SigningKey

__all__ = [
    "Zone",
    "BadgeCategory",
    "MediaApplication",
    "Accreditation",
    "ZonePassQuota",
    "ZonePass",
    "Counter",
    "BadgeCollection",
    "Badge",
    "SigningKey",
    "code_validator",
    "colour_validator",
]
