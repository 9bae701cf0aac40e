"""The access matrix for the foundation's pages: every role gets 200, 302 to login, or 403."""

import pytest
from django.urls import reverse

from hanoi_ceremony.accounts.roles import Role

pytestmark = pytest.mark.django_db

ROLES = [None, Role.ORGANISER, Role.STEERING, Role.SECRETARIAT, Role.ACCREDITATION]

# url name -> {role: expected status}; None is the anonymous visitor.
MATRIX = {
    "core:home": dict.fromkeys(ROLES, 200),
    "core:livez": dict.fromkeys(ROLES, 200),
    "accounts:login": dict.fromkeys(ROLES, 200),
    "accounts:password_reset": dict.fromkeys(ROLES, 200),
    "accounts:password_change": {None: 302, **{r: 200 for r in ROLES if r}},
    "notifications:list": {None: 302, **{r: 200 for r in ROLES if r}},
    "admin:index": {
        None: 302,
        Role.ORGANISER: 200,
        Role.STEERING: 302,
        Role.SECRETARIAT: 302,
        Role.ACCREDITATION: 302,
    },
}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_foundation_page_answers_each_role(client, make_user, ceremony, url_name, role):
    if role is not None:
        client.force_login(make_user(role, is_staff=role == Role.ORGANISER))

    response = client.get(reverse(url_name))

    assert response.status_code == MATRIX[url_name][role]
    if response.status_code == 302:
        assert "/login/" in response["Location"]


def test_role_required_forbids_a_signed_in_user_without_the_role(rf, make_user):
    from django.core.exceptions import PermissionDenied

    from hanoi_ceremony.accounts.roles import role_required

    @role_required(Role.STEERING)
    def view(request):
        return "ok"

    request = rf.get("/x")
    request.user = make_user(Role.ACCREDITATION)

    with pytest.raises(PermissionDenied):
        view(request)


def test_role_required_lets_organisers_through_every_check(rf, make_user):
    from hanoi_ceremony.accounts.roles import role_required

    @role_required(Role.STEERING)
    def view(request):
        return "ok"

    request = rf.get("/x")
    request.user = make_user(Role.ORGANISER)

    assert view(request) == "ok"


def test_roles_of_an_inactive_user_are_empty(make_user):
    from hanoi_ceremony.accounts.roles import roles_of

    user = make_user(Role.ORGANISER, is_active=False)

    assert roles_of(user) == frozenset()


def test_login_with_a_wrong_password_says_so_and_keeps_the_username(client, make_user):
    make_user(username="amina")

    response = client.post(reverse("accounts:login"), {"username": "amina", "password": "nope"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert 'value="amina"' in response.content.decode()


def test_password_reset_sends_an_email_with_a_working_link(
    client, make_user, mailoutbox, settings, django_capture_on_commit_callbacks
):
    make_user(username="bao", email="bao@example.org")

    with django_capture_on_commit_callbacks(execute=True):  # sent after the commit, from a worker
        response = client.post(reverse("accounts:password_reset"), {"email": "bao@example.org"})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    assert link.startswith(settings.SITE_URL)  # the configured site, never the request's Host header
    follow = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert follow.status_code == 200
    assert "new_password1" in follow.content.decode()


def test_organiser_group_holds_ceremony_permissions(make_user):
    user = make_user(Role.ORGANISER, is_staff=True)

    assert user.has_perm("core.change_ceremony")
    assert user.has_perm("delegations.change_delegation")
    assert not make_user(Role.STEERING, is_staff=True).has_perm("core.change_ceremony")


def test_granting_a_role_in_the_admin_is_audited(organiser_client, make_user):
    from django.contrib.auth.models import Group

    from hanoi_ceremony.audit.models import AuditEntry

    target = make_user(username="newlead")
    steering = Group.objects.get(name="Steering Committee")
    data = {
        "username": "newlead",
        "first_name": "",
        "last_name": "",
        "email": "newlead@example.org",
        "is_active": "on",
        "groups": [steering.pk],
        "language": "en",
        "organisation": "",
        "date_joined_0": "2025-10-01",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2025-10-01",
        "initial-date_joined_1": "09:00:00",
    }

    response = organiser_client.post(reverse("admin:accounts_user_change", args=[target.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="user.roles_changed")
    assert entry.data["roles"] == "Steering Committee"
    assert entry.actor.username == "org"
