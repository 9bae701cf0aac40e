"""Sign-in resists guessing: lockout per user name and per address with a cool-off, audited, and an
organiser may unlock."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.audit.models import AuditEntry

LOGIN = "/accounts/login/"


@pytest.fixture
def victim(make_user):
    user = make_user(username="victim")
    user.set_password("right-password-2025")
    user.save()
    return user


def _try(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_lock_the_user_even_with_the_right_one_then(client, victim, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "victim", "wrong")

    response = _try(client, "victim", "right-password-2025")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="account.locked_out").count() == 1


def test_lockout_by_user_holds_from_another_address(client, victim, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "victim", "wrong", ip=f"10.0.1.{i}")

    response = _try(client, "victim", "right-password-2025", ip="10.9.9.9")

    assert response.status_code == 429


def test_lockout_by_address_holds_for_other_user_names(client, victim, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _try(client, f"guess{i}", "wrong", ip="10.0.2.2")

    response = _try(client, "victim", "right-password-2025", ip="10.0.2.2")

    assert response.status_code == 429


def test_lockout_ends_after_the_cool_off(client, victim, settings):
    with time_machine.travel(datetime.datetime(2025, 10, 20, 8, tzinfo=datetime.UTC), tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _try(client, "victim", "wrong")
    later = datetime.datetime(2025, 10, 20, 8, tzinfo=datetime.UTC) + settings.AXES_COOLOFF_TIME
    with time_machine.travel(later + datetime.timedelta(seconds=5), tick=False):
        response = _try(client, "victim", "right-password-2025")

    assert response.status_code == 302


def test_organiser_unlocks_and_it_is_audited(client, victim, make_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "victim", "wrong")
    organiser = make_user(Role.ORGANISER, username="boss")
    client.force_login(organiser)
    page = client.get(reverse("accounts:lockouts"))
    attempt = page.context["lockouts"][0]

    response = client.post(reverse("accounts:lockouts"), {"attempt": attempt.pk})

    assert response.status_code == 302
    client.logout()
    assert _try(client, "victim", "right-password-2025").status_code == 302
    entry = AuditEntry.objects.get(action="account.unlocked")
    assert (entry.actor_id, entry.data["username"]) == (organiser.pk, "victim")


def test_lockouts_page_is_for_organisers_only(client, victim, make_user):
    client.force_login(victim)

    assert client.get(reverse("accounts:lockouts")).status_code == 403
