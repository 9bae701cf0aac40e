"""Demo users for every role. Dev-only: every demo password is DEMO_PASSWORD (see README)."""

from functools import cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import User
from .roles import GROUP_ROLES, Role

DEMO_PASSWORD = "hanoi-demo-2025"

# (username, what it shows) — filled by every seeder through ensure_user, printed by seed_demo.
DEMO_LOGINS: dict[str, str] = {}


@cache
def _demo_password_hash() -> str:
    """DEMO_PASSWORD hashed once per run (a full-strength hash costs ~0.3 s; the demo has dozens of users
    who all share this published password, so one salt for all of them hides nothing)."""
    return make_password(DEMO_PASSWORD)


def ensure_user(
    username: str,
    *,
    description: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    roles: tuple[Role, ...] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
    language: str = "en",
    organisation: str = "",
) -> User:
    """Create or update a demo user (idempotent). Group-backed roles are granted through their groups."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email or f"{username}@demo.hanoi-convention.example",
            "is_staff": is_staff,
            "is_superuser": is_superuser,
            "language": language,
            "organisation": organisation,
        },
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    for role in roles:
        group, _ = Group.objects.get_or_create(name=GROUP_ROLES[role])
        user.groups.add(group)
    DEMO_LOGINS[username] = description
    return user


def seed(*, scale: int, out) -> None:
    for name in GROUP_ROLES.values():
        Group.objects.get_or_create(name=name)
    ensure_user(
        "organiser",
        description="Organiser (host secretariat): the admin and every organiser page",
        first_name="Lan",
        last_name="Nguyen",
        roles=(Role.ORGANISER,),
        is_staff=True,
        is_superuser=True,
        organisation="Ministry of Public Security",
    )
    ensure_user(
        "steering",
        description="Steering Committee member: readiness dashboard, escalation decisions",
        first_name="Minh",
        last_name="Tran",
        roles=(Role.STEERING,),
        organisation="Office of the Government",
    )
    ensure_user(
        "secretariat",
        description="Standing Secretariat: all subcommittees' tasks",
        first_name="Hoa",
        last_name="Le",
        roles=(Role.SECRETARIAT,),
        organisation="Ministry of Foreign Affairs",
    )
    ensure_user(
        "accreditation",
        description="Accreditation and security officer: delegates' passports and badges",
        first_name="Duc",
        last_name="Pham",
        roles=(Role.ACCREDITATION,),
        organisation="Ministry of Public Security",
    )
