"""The programme's models: sessions, side events and booths, the published programme."""

from ._common import HANOI
from .publication import CalendarFeed, ChangelogEntry, ProgrammeVersion, new_feed_token
from .sessions import Room, Session, SessionParticipant, SessionRegistration, Venue
from .side_events import Booth, BoothAllocation, SideEventProposal, SideEventSlot

__all__ = [
    "HANOI",
    "Venue",
    "Room",
    "Session",
    "SessionParticipant",
    "SessionRegistration",
    "SideEventSlot",
    "SideEventProposal",
    "Booth",
    "BoothAllocation",
    "ProgrammeVersion",
    "ChangelogEntry",
    "new_feed_token",
    "CalendarFeed",
]
