"""The one place where bilateral meetings meet accreditation's zones.

When a meeting is scheduled, moved or cancelled, the people listed for it should get (or lose) the
bilateral-suite zone pass. This app does not depend on accreditation: accreditation registers a handler here
from its own ``AppConfig.ready``::

    from agenda.bilaterals.hooks import register_zone_pass_handler
    register_zone_pass_handler(my_handler)   # my_handler(*, bilateral_id, member_ids, active, by) -> None

and every handler is called inside the service's transaction with the meeting's id, the listed members' ids
whether the meeting is (still) scheduled, and who made the change. Accreditation's handler is
``delegations.accreditation.services.passes.bilateral_passes_sync``; without one registered (an event run
without accreditation), nothing is issued.
"""

from collections.abc import Callable

_handlers: list[Callable[..., None]] = []


def register_zone_pass_handler(handler: Callable[..., None]) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def unregister_zone_pass_handler(handler: Callable[..., None]) -> None:
    if handler in _handlers:
        _handlers.remove(handler)


def participants_changed(bilateral, *, by=None) -> None:
    """bilateral_suite_zone_pass hook: tell every registered handler who needs the bilateral-suite pass."""
    if not _handlers:
        return
    member_ids = sorted(bilateral.participants.values_list("member_id", flat=True))
    active = bilateral.status == "scheduled"
    for handler in list(_handlers):
        handler(bilateral_id=bilateral.pk, member_ids=member_ids, active=active, by=by)
