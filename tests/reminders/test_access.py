import pytest
from django.urls import reverse

from hanoi_ceremony.accounts.roles import Role

from .factories import ReminderFactory

PAGES = [
    ("reminders:list", False, "get"),
    ("reminders:detail", True, "get"),
    ("reminders:retry", True, "post"),
]


@pytest.fixture
def reminder(make_user, rule, target):
    return ReminderFactory(target=target, rule=rule, recipient=make_user())


def _url(name, needs_pk, reminder, pk=None):
    return reverse(name, args=[pk or reminder.pk]) if needs_pk else reverse(name)


@pytest.mark.parametrize("name,needs_pk,method", PAGES)
def test_reminder_pages_anonymous_redirects_to_login(client, reminder, name, needs_pk, method):
    response = getattr(client, method)(_url(name, needs_pk, reminder))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [None, Role.STEERING, Role.SECRETARIAT, Role.ACCREDITATION])
@pytest.mark.parametrize("name,needs_pk,method", PAGES)
def test_reminder_pages_other_roles_forbidden(client, make_user, reminder, role, name, needs_pk, method):
    client.force_login(make_user(*([role] if role else [])))

    response = getattr(client, method)(_url(name, needs_pk, reminder))

    assert response.status_code == 403


@pytest.mark.parametrize("name,needs_pk", [("reminders:list", False), ("reminders:detail", True)])
def test_reminder_pages_organiser_ok(organiser_client, reminder, name, needs_pk):
    response = organiser_client.get(_url(name, needs_pk, reminder))

    assert response.status_code == 200


@pytest.mark.parametrize("name,method", [("reminders:detail", "get"), ("reminders:retry", "post")])
def test_reminder_pages_missing_reminder_404(organiser_client, reminder, name, method):
    response = getattr(organiser_client, method)(_url(name, True, reminder, pk=reminder.pk + 1000))

    assert response.status_code == 404
