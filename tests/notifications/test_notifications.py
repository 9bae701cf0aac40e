import pytest
from django.core import mail
from django.urls import reverse

from hanoi_ceremony.notifications.models import Notification, OutboundEmail
from hanoi_ceremony.notifications.services import email_send, notify

pytestmark = pytest.mark.django_db


def _notify(user, **kwargs):
    return notify(
        recipient=user,
        kind="test.hello",
        template="notifications/test_message",
        context={"name": "Viet Nam"},
        url="/programme/",
        **kwargs,
    )


def test_notify_writes_in_app_and_sends_email_after_commit(make_user, django_capture_on_commit_callbacks):
    user = make_user(email="liaison@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(user)

    assert notification.subject == "Hello Viet Nam"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Hello Viet Nam"
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_notify_sends_nothing_when_the_transaction_rolls_back(make_user, django_capture_on_commit_callbacks):
    from django.db import transaction

    user = make_user()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            _notify(user)
            raise RuntimeError

    assert Notification.objects.count() == 0
    assert len(mail.outbox) == 0


def test_notify_renders_in_the_recipients_language(make_user, django_capture_on_commit_callbacks):
    user = make_user(language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(user)

    assert notification.subject == "Bonjour Viet Nam"


def test_email_send_never_sends_twice(make_user, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    email = OutboundEmail.objects.get()

    assert email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_email_send_records_a_mail_server_failure_and_retries_later(
    make_user, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.Backend"
    user = make_user()

    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)

    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.PENDING
    assert email.attempts == 1
    assert "refused" in email.last_error


def test_notification_centre_lists_marks_read_and_counts_unread(client, make_user):
    user = make_user()
    other = make_user()
    mine = _notify(user, channels=("in_app",))
    _notify(other, channels=("in_app",))
    client.force_login(user)

    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="notification"') == 1
    assert 'data-testid="unread-count">1' in page.content.decode()

    response = client.post(reverse("notifications:mark_read"), {"id": mine.pk, "next": mine.url})

    assert response.status_code == 302
    assert response["Location"] == "/programme/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_marking_another_users_notification_changes_nothing(client, make_user):
    user = make_user()
    theirs = _notify(make_user(), channels=("in_app",))
    client.force_login(user)

    client.post(reverse("notifications:mark_read"), {"id": theirs.pk})

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notification_centre_query_count_is_constant(client, make_user, django_assert_num_queries):
    user = make_user()
    client.force_login(user)
    for size in (2, 40):
        while user.notifications.count() < size:
            _notify(user, channels=("in_app",))
        with django_assert_num_queries(6):
            assert client.get(reverse("notifications:list")).status_code == 200


def test_mark_read_with_a_bad_id_is_a_clear_message_not_an_error(client, make_user):
    client.force_login(make_user())

    response = client.post(reverse("notifications:mark_read"), {"id": "abc"}, follow=True)

    assert response.status_code == 200
    assert "could not be found" in response.content.decode()
