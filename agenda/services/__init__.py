"""Every write to the programme: sessions, registrations, side-event proposals, booths, publication.

Each service is keyword-only, owns its transaction, validates with full_clean(), writes an audit entry and
bumps the "programme" page-cache namespace when what the public pages show changes.
"""

from .booths import booth_allocate, booth_release
from .checks import (
    EXCLUSION_CONSTRAINT,
    NAMESPACE,
    SESSION_FIELDS,
    PersonConflict,
    SessionResult,
    person_conflicts,
    session_room_conflicts,
)
from .feeds import calendar_feed_get_or_create, calendar_feed_rotate
from .proposals import (
    proposal_accept,
    proposal_decline,
    proposal_request_changes,
    proposal_resubmit,
    proposal_submit,
)
from .publication import programme_preview, programme_publish
from .registrations import session_register, session_unregister
from .sessions import (
    session_cancel,
    session_create,
    session_participant_add,
    session_participant_remove,
    session_update,
)

__all__ = [
    "EXCLUSION_CONSTRAINT",
    "NAMESPACE",
    "SESSION_FIELDS",
    "PersonConflict",
    "SessionResult",
    "booth_allocate",
    "booth_release",
    "calendar_feed_get_or_create",
    "calendar_feed_rotate",
    "person_conflicts",
    "programme_preview",
    "programme_publish",
    "proposal_accept",
    "proposal_decline",
    "proposal_request_changes",
    "proposal_resubmit",
    "proposal_submit",
    "session_cancel",
    "session_create",
    "session_participant_add",
    "session_participant_remove",
    "session_register",
    "session_room_conflicts",
    "session_unregister",
    "session_update",
]
