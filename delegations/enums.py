from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantType(models.TextChoices):
    MEMBER_STATE = "member_state", _("UN Member State")
    OBSERVER_STATE = "observer_state", _("Observer State")
    REIO = "reio", _("Regional economic integration organisation")
    IGO = "igo", _("Intergovernmental organisation")
    UN_ENTITY = "un_entity", _("UN entity or specialised agency")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    ACADEMIA = "academia", _("Academia")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


# Tuples, not sets: their order reaches CheckConstraints, and migrations must come out the same every run.
STATE_TYPES = (ParticipantType.MEMBER_STATE, ParticipantType.OBSERVER_STATE)
# Domain rule 2: only States and REIOs sign, once each.
SIGNING_TYPES = (ParticipantType.MEMBER_STATE, ParticipantType.OBSERVER_STATE, ParticipantType.REIO)


class SpeakerGroup(models.IntegerChoices):
    """Domain rule 3: the order of groups on a speakers' list."""

    MEMBER_STATES = 1, _("Member States")
    OBSERVERS_AND_REIOS = 2, _("Observer States and regional economic integration organisations")
    ORGANISATIONS = 3, _("Intergovernmental organisations, UN entities and other bodies")


def speaker_group(participant_type: str) -> SpeakerGroup:
    if participant_type == ParticipantType.MEMBER_STATE:
        return SpeakerGroup.MEMBER_STATES
    if participant_type in (ParticipantType.OBSERVER_STATE, ParticipantType.REIO):
        return SpeakerGroup.OBSERVERS_AND_REIOS
    return SpeakerGroup.ORGANISATIONS


class DelegationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    REGISTERING = "registering", _("Registering")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Capacity(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    REPRESENTATIVE = "representative", _("Representative")
    ALTERNATE = "alternate", _("Alternate")
    ADVISER = "adviser", _("Adviser")
    EXPERT = "expert", _("Expert")
    SECURITY = "security", _("Security officer")
    PROTOCOL = "protocol", _("Protocol or liaison officer")
    SPOUSE = "spouse", _("Accompanying spouse")
    OTHER = "other", _("Other")


class ProtocolRank(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", _("Head of State")
    VICE_PRESIDENT = "vice_president", _("Vice-President")
    CROWN_PRINCE = "crown_prince", _("Crown Prince")
    HEAD_OF_GOVERNMENT = "head_of_government", _("Head of Government")
    DEPUTY_HEAD_OF_GOVERNMENT = "deputy_head_of_government", _("Deputy Head of Government")
    FOREIGN_MINISTER = "foreign_minister", _("Minister for Foreign Affairs")
    MINISTER = "minister", _("Minister")
    VICE_MINISTER = "vice_minister", _("Vice-Minister")
    AMBASSADOR = "ambassador", _("Ambassador or Permanent Representative")
    SENIOR_OFFICIAL = "senior_official", _("Senior official")
    HEAD_OF_ORGANISATION = "head_of_organisation", _("Head of organisation")
    OTHER = "other", _("Other")


class ProtocolTier(models.IntegerChoices):
    """Domain rule 3: tiers within a speakers' group."""

    HEADS = 1, _("Heads of State, Vice-Presidents, Crown Princes and Heads of Government")
    MINISTERS = 2, _("Ministers")
    OTHERS = 3, _("Other heads of delegation")


_TIER_ONE = {
    ProtocolRank.HEAD_OF_STATE,
    ProtocolRank.VICE_PRESIDENT,
    ProtocolRank.CROWN_PRINCE,
    ProtocolRank.HEAD_OF_GOVERNMENT,
}
_TIER_TWO = {ProtocolRank.DEPUTY_HEAD_OF_GOVERNMENT, ProtocolRank.FOREIGN_MINISTER, ProtocolRank.MINISTER}


def protocol_tier(rank: str) -> ProtocolTier:
    if rank in _TIER_ONE:
        return ProtocolTier.HEADS
    if rank in _TIER_TWO:
        return ProtocolTier.MINISTERS
    return ProtocolTier.OTHERS


# Domain rule 1 (Vienna Convention art. 7): these sign without full powers.
FULL_POWERS_EXEMPT_RANKS = frozenset(
    {ProtocolRank.HEAD_OF_STATE, ProtocolRank.HEAD_OF_GOVERNMENT, ProtocolRank.FOREIGN_MINISTER}
)
# Domain rule 4: no badge photo needed for these dignitaries (and their spouses).
PHOTO_EXEMPT_RANKS = frozenset(
    {
        ProtocolRank.HEAD_OF_STATE,
        ProtocolRank.HEAD_OF_GOVERNMENT,
        ProtocolRank.VICE_PRESIDENT,
        ProtocolRank.CROWN_PRINCE,
    }
)


class FullPowersStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    AWAITED = "awaited", _("Awaited")
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Region(models.TextChoices):
    """UN M49 regions."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    OCEANIA = "oceania", _("Oceania")
    INTERNATIONAL = "international", _("International")


class ListVisibility(models.TextChoices):
    """Who may see a person on the published list of participants (their consent, set by the liaison).

    The default is PARTICIPANTS: a list of participants circulated among the registered delegations is
    customary at UN conferences (and what delegations expect when they register), while publishing a person's
    name to the whole web is a choice the person must make, so PUBLIC is never assumed. NOBODY keeps a
    person (security staff, for instance) off every list."""

    NOBODY = "nobody", _("Nobody (not on any list)")
    PARTICIPANTS = "participants", _("Registered participants only")
    PUBLIC = "public", _("Public (anyone)")
