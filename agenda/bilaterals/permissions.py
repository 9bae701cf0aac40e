"""Who may see and do what with bilateral meetings. The one place for these checks.

- A liaison sees the meetings of their own delegation (either side) and acts for that side only; any other
  meeting's id answers 404.
- Organisers see every meeting, act for either side and alone give rooms and slots.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from delegations.permissions import liaison_delegation_id
from hanoi_ceremony.accounts.roles import is_organiser

from .models import Bilateral


def can_schedule(user) -> bool:
    return is_organiser(user)


def bilaterals_visible_to(user) -> QuerySet[Bilateral]:
    if is_organiser(user):
        return Bilateral.objects.all()
    delegation_id = liaison_delegation_id(user)
    if not delegation_id:
        return Bilateral.objects.none()
    return Bilateral.objects.filter(Q(requester_id=delegation_id) | Q(counterpart_id=delegation_id))


def bilateral_for(user, pk: int) -> Bilateral:
    bilateral = (
        bilaterals_visible_to(user)
        .select_related("requester", "counterpart", "room__venue", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if bilateral is None:
        raise Http404
    return bilateral


def acting_side(user, bilateral: Bilateral) -> str | None:
    """The side this user acts for (None for an organiser who is no side's liaison)."""
    return bilateral.side_of(liaison_delegation_id(user))
