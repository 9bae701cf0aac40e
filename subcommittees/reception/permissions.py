"""Who may see and change reception work. The one place for reception permission checks.

- The Reception Subcommittee (its lead and members), organisers, the Steering Committee and the Standing
  Secretariat see the boards, rooming lists and every scenario.
- The Reception Subcommittee and organisers change them (assign officers and cars, edit and issue
  scenarios, print boards).
- An officer assigned to a delegation (or riding in a leader's car) sees that leader's scenario; any
  other scenario answers 404.
"""

from hanoi_ceremony.accounts.roles import Role, roles_of

RECEPTION_SLUG = "reception"
OVERSEERS = frozenset({Role.ORGANISER, Role.STEERING, Role.SECRETARIAT})


def _in_reception(user) -> bool:
    from subcommittees.permissions import memberships_of

    cached = getattr(user, "_in_reception", None)
    if cached is None:
        from subcommittees.models import Subcommittee

        ids = set(memberships_of(user))
        cached = bool(ids) and Subcommittee.objects.filter(pk__in=ids, slug=RECEPTION_SLUG).exists()
        user._in_reception = cached
    return cached


def can_view(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(roles_of(user) & OVERSEERS) or _in_reception(user)


def can_manage(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Role.ORGANISER in roles_of(user) or _in_reception(user)


def can_view_scenario(user, scenario) -> bool:
    if can_view(user):
        return True
    from .reminder_sources import officers_of

    return user in officers_of(scenario)
