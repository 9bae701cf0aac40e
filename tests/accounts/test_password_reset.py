"""Password reset: the page answers a known and an unknown address the same way, with the same work, and
the message leaves through the outbox from a worker after the commit."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hanoi_ceremony.notifications.models import OutboundEmail


def _ask(client, email, capture):
    with CaptureQueriesContext(connection) as queries, capture() as callbacks:
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    return response, len(queries), callbacks


def test_password_reset_known_and_unknown_take_the_same_path(
    client, make_user, django_capture_on_commit_callbacks
):
    make_user(username="known", email="known@example.org")

    known = _ask(client, "known@example.org", django_capture_on_commit_callbacks)
    unknown = _ask(client, "nobody@example.org", django_capture_on_commit_callbacks)

    assert known[0].status_code == unknown[0].status_code == 302
    assert known[0]["Location"] == unknown[0]["Location"]
    assert known[1] == unknown[1]  # the same queries: no lookup of the address in the request
    assert len(known[2]) == len(unknown[2]) == 1  # one task, enqueued on commit
    assert mail.outbox == []  # nothing sent inline


def test_password_reset_mail_goes_through_the_outbox_after_commit(
    client, make_user, django_capture_on_commit_callbacks
):
    user = make_user(username="known", email="known@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "known@example.org"})

    email = OutboundEmail.objects.get()
    assert (email.recipient_id, email.kind, email.status) == (user.pk, "accounts.password_reset", "sent")
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_password_reset_unknown_address_sends_nothing(client, django_capture_on_commit_callbacks, db):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []
