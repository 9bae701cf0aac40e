"""Who may do what with the signing roster and the speakers' lists. The one place for these checks.

- Organisers (the host secretariat with OLA) run the roster, check full powers, chair the lists.
- A liaison inscribes a speaker for their own delegation only; another delegation's id answers 404.
- The signing board, the "as of" report and the printed speakers' lists are public.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from delegations.models import Delegation
from delegations.permissions import liaison_delegation_id
from hanoi_ceremony.accounts.roles import is_organiser


def can_manage_signing(user) -> bool:
    return is_organiser(user)


def inscribable_delegation(user, delegation_id: int) -> Delegation:
    """The delegation `user` may inscribe a speaker for, or 404 (never another delegation's data)."""
    if is_organiser(user):
        return get_object_or_404(Delegation, pk=delegation_id)
    if liaison_delegation_id(user) == delegation_id:
        return get_object_or_404(Delegation, pk=delegation_id)
    raise Http404


def own_delegation_id(user) -> int | None:
    return liaison_delegation_id(user)
