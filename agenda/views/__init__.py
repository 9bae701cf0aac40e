"""Programme pages: public (cached), a liaison's (signed in), organisers'."""

from .liaison import (
    feed_rotate,
    my_programme,
    proposal_new,
    proposals,
    registration_withdraw,
    session_register,
)
from .organiser import (
    booth_allocate,
    booth_release,
    booths,
    manage,
    proposal_decide,
    publish,
    session_cancel,
    session_edit,
    session_people,
    session_people_remove,
)
from .public import (  # noqa: F401
    changelog,
    exhibitors,
    personal_ics,
    programme,
    programme_grid,
    programme_ics,
    session_detail,
    session_ics,
)

__all__ = [
    "booth_allocate",
    "booth_release",
    "booths",
    "changelog",
    "exhibitors",
    "feed_rotate",
    "manage",
    "my_programme",
    "personal_ics",
    "programme",
    "programme_ics",
    "proposal_decide",
    "proposal_new",
    "proposals",
    "publish",
    "registration_withdraw",
    "session_cancel",
    "session_detail",
    "session_edit",
    "session_ics",
    "session_people",
    "session_people_remove",
    "session_register",
]
