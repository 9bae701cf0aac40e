from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    WELCOME = "welcome", _("Official welcome")
    GROUP_PHOTO = "group_photo", _("Group photo")
    OPENING = "opening", _("Opening session")
    PLENARY = "plenary", _("Plenary")
    SIGNING = "signing", _("Signing ceremony")
    HIGH_LEVEL = "high_level", _("High-level discussion")
    ROUNDTABLE = "roundtable", _("Roundtable")
    WORKSHOP = "workshop", _("Panel or workshop")
    SIDE_EVENT = "side_event", _("Side event")
    PRESS = "press", _("Press conference")
    GALA = "gala", _("Gala dinner")
    EXHIBITION = "exhibition", _("Exhibition")
    CLOSING = "closing", _("Closing session")
    BREAK = "break", _("Break")
    TRANSFER = "transfer", _("Transfer")
    BILATERAL = "bilateral", _("Bilateral meetings")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class AccessLevel(models.TextChoices):
    ALL_DELEGATES = "all_delegates", _("All delegates")
    HEADS_ONLY = "heads_only", _("Heads of delegation only")
    INVITATION = "invitation", _("By invitation")
    MEDIA = "media", _("Open to media")


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ExhibitorKind(models.TextChoices):
    DELEGATION = "delegation", _("Delegation")
    ORGANISATION = "organisation", _("Organisation")
    COMPANY = "company", _("Company")


class BoothSize(models.TextChoices):
    SMALL = "small", _("Small (9 m²)")
    MEDIUM = "medium", _("Medium (18 m²)")
    LARGE = "large", _("Large (36 m²)")


class ChangeKind(models.TextChoices):
    NEW = "new", _("New")
    MOVED = "moved", _("Moved")
    ROOM_CHANGED = "room_changed", _("Room changed")
    CANCELLED = "cancelled", _("Cancelled")


# Kinds whose sessions take registrations when they have a capacity.
REGISTRABLE_KINDS = frozenset({SessionKind.SIDE_EVENT, SessionKind.WORKSHOP, SessionKind.ROUNDTABLE})
# Kinds of the 75-minute side-event grid: a session of these kinds must take one of the grid's slots
# (SideEventSlot rows) exactly, and at most SIDE_EVENT_PARALLEL_LIMIT of them run in one slot — rules of the
# session services (agenda/services/checks.py), refused with a message next to the start time.
SIDE_EVENT_KINDS = frozenset({SessionKind.SIDE_EVENT, SessionKind.WORKSHOP})
SIDE_EVENT_PARALLEL_LIMIT = 10
