"""The backends load the request's user with one prepared statement: the same user the ORM would load,
refused when inactive; the bell's unread count is the ORM's count."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from hanoi_ceremony.accounts.backends import AxesBackend, ModelBackend, user_by_id
from hanoi_ceremony.notifications.models import Notification
from hanoi_ceremony.notifications.selectors import unread_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_by_id_loads_every_field_as_the_orm_does():
    made = UserFactory(language="fr", is_staff=True)
    made.last_login = timezone.now()
    made.save()

    loaded = user_by_id(made.pk)
    fresh = get_user_model().objects.get(pk=made.pk)

    for field in get_user_model()._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
    assert loaded._state.adding is False and loaded._state.db == "default"
    assert timezone.is_aware(loaded.last_login)
    assert user_by_id(made.pk + 10_000) is None


@pytest.mark.parametrize("backend", [AxesBackend, ModelBackend])
def test_an_inactive_user_is_not_loaded_for_a_session(backend):
    user = UserFactory()
    assert backend().get_user(user.pk) == user

    get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    assert backend().get_user(user.pk) is None


def test_a_deactivated_user_is_signed_out_on_the_next_request(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("notifications:list")).status_code == 200

    get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    assert client.get(reverse("notifications:list")).status_code == 302


def test_unread_count_counts_only_this_users_unread_notifications():
    me, other = UserFactory(), UserFactory()
    for i in range(3):
        Notification.objects.create(recipient=me, kind="k", subject=f"s{i}")
    Notification.objects.create(recipient=me, kind="k", subject="read", read_at=timezone.now())
    Notification.objects.create(recipient=other, kind="k", subject="theirs")

    assert unread_count(user=me) == 3
    assert unread_count(user=other) == 1
    assert unread_count(user=UserFactory()) == 0
