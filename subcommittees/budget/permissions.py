"""Who may do what with the budget. The one place for budget permission checks.

- A body's **editors** (``BodyMember`` role editor) prepare, change and submit that body's proposals.
- **Finance reviewers** (``BodyMember`` role finance_reviewer, in the Ministry of Finance) see every
  proposal, return or accept it, set the norms, consolidate the estimate and record spending.
- The **Steering Committee** (the group-backed role) is the competent authority: it approves the estimate
  (and only it: organisers administer the site but do not hold that authority). Organisers, the Steering
  Committee and the Standing Secretariat see everything.
- Anyone else: another body's proposal answers 404.
"""

from django.db.models import QuerySet

from hanoi_ceremony.accounts.roles import Role, roles_of

from .enums import BodyRole
from .models import BodyMember, Proposal

OVERSEERS = frozenset({Role.ORGANISER, Role.STEERING, Role.SECRETARIAT})


def _budget_roles(user) -> list[tuple[int, str]]:
    """(body id, role) pairs of the user, read once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_budget_roles", None)
    if cached is None:
        cached = list(BodyMember.objects.filter(user=user).values_list("body_id", "role"))
        user._budget_roles = cached
    return cached


def forget(user) -> None:
    user.__dict__.pop("_budget_roles", None)


def editor_body_ids(user) -> set[int]:
    return {body for body, role in _budget_roles(user) if role == BodyRole.EDITOR}


def is_finance_reviewer(user) -> bool:
    return any(role == BodyRole.FINANCE_REVIEWER for _b, role in _budget_roles(user))


def is_competent_authority(user) -> bool:
    return Role.STEERING in roles_of(user)


def sees_everything(user) -> bool:
    return bool(roles_of(user) & OVERSEERS) or is_finance_reviewer(user)


def has_budget_access(user) -> bool:
    return sees_everything(user) or bool(editor_body_ids(user))


def proposals_visible_to(user) -> QuerySet[Proposal]:
    if sees_everything(user):
        return Proposal.objects.all()
    return Proposal.objects.filter(body_id__in=sorted(editor_body_ids(user)))


def can_edit_proposal(user, proposal: Proposal) -> bool:
    return proposal.body_id in editor_body_ids(user)


def can_review(user) -> bool:
    return is_finance_reviewer(user)


def can_manage_norms(user) -> bool:
    return is_finance_reviewer(user)


def can_see_estimates(user) -> bool:
    return sees_everything(user)
