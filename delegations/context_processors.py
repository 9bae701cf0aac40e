"""The organisers' review inbox count shown in the navigation (counted only when the page shows it)."""

from django.utils.functional import SimpleLazyObject

from hanoi_ceremony.accounts.roles import Role, roles_of


def review_inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or Role.ORGANISER not in roles_of(user):
        return {}
    from .selectors import review_waiting_count

    return {"review_waiting": SimpleLazyObject(review_waiting_count)}
