"""Who may see and do what in accreditation: the one place for this app's permission checks.

- Accreditation officers: everything (queue, vetting, photos, printing, collection desk, security
  export and import — the export with passport data is theirs alone, not even organisers').
- Organisers: read the queue and the summaries, set quotas; not the security export.
- Steering Committee and Standing Secretariat: the counts page.
- A liaison: their own delegation's accreditation page and zone passes; another delegation answers 404.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hanoi_ceremony.accounts.roles import Role, roles_of

OFFICER = Role.ACCREDITATION
READERS = {Role.ACCREDITATION, Role.ORGANISER}
COUNTS = {Role.ACCREDITATION, Role.ORGANISER, Role.STEERING, Role.SECRETARIAT}


def is_officer(user) -> bool:
    return OFFICER in roles_of(user)


def _require(roles: set, *, strict: bool = False):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles_of(request.user) & roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


officer_required = _require({OFFICER})
reader_required = _require(READERS)
counts_required = _require(COUNTS)


def may_see_delegation(user, delegation_id: int) -> bool:
    from delegations.permissions import liaison_delegation_id

    return bool(roles_of(user) & READERS) or liaison_delegation_id(user) == delegation_id


def delegation_or_404(user, delegation_id: int):
    from delegations.models import Delegation

    if not may_see_delegation(user, delegation_id):
        raise Http404
    delegation = Delegation.objects.filter(pk=delegation_id).first()
    if delegation is None:
        raise Http404
    return delegation


def may_manage_passes(user, delegation_id: int) -> bool:
    from delegations.permissions import liaison_delegation_id

    return bool(roles_of(user) & READERS) or liaison_delegation_id(user) == delegation_id
