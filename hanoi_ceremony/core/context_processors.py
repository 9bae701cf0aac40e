from hanoi_ceremony.accounts.roles import Role, roles_of

from .selectors import ceremony_get


def site(request):
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None else frozenset()
    return {"ceremony": ceremony_get(), "user_roles": {role.value for role in roles}, "Role": Role}
