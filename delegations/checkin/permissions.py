"""Who may do what with check-in. The one place for these checks.

- Accreditation and security officers (and organisers) edit lists and gates, pair and revoke devices, and see
  every check-in page.
- Who is inside the signing room: the same people — security, and OLA, who run the signing with the organisers.
- Arrival alerts: a member of the arrivals subcommittee (Reception) puts themself on or off duty; an officer
  may set anyone's flag.
- Devices never use these: they hold a token scoped to their gate (see api.DeviceAuth).
"""

from django.conf import settings

from hanoi_ceremony.accounts.roles import Role, roles_of

OFFICERS = frozenset({Role.ACCREDITATION, Role.ORGANISER})


def can_manage_checkin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and roles_of(user) & OFFICERS)


def can_watch_checkin(user) -> bool:
    return can_manage_checkin(user)


def can_see_signing_room(user) -> bool:
    return can_manage_checkin(user)


def can_go_on_duty(user) -> bool:
    """Members of the arrivals subcommittee (one query, only on the duty page)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.subcommittee_memberships.filter(
        subcommittee__slug=settings.CHECKIN_ARRIVAL_SUBCOMMITTEE
    ).exists()
