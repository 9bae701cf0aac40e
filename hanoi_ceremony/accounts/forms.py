"""The password-reset form: the e-mail leaves through the notifications outbox, from a worker.

The page does the same for a known and an unknown address — it enqueues one task once the request's
transaction commits — so neither its answer nor its timing tells whether an account exists. The task looks
the address up, builds the link and puts the message in the outbox (sent and retried like every e-mail)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction


class OutboxPasswordResetForm(PasswordResetForm):
    def save(self, *args, **kwargs) -> None:  # the view's arguments (request, domain…) are not needed
        email = self.cleaned_data["email"]

        def enqueue() -> None:
            from .tasks import password_reset_send

            password_reset_send.delay(email=email)

        transaction.on_commit(enqueue)


def password_reset_deliver(*, email: str) -> int:
    """Queue a reset message for every active account with this address. Returns how many were queued.

    Side effects: OutboundEmail rows; on commit, one send task each."""
    from django.contrib.auth.tokens import default_token_generator
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from hanoi_ceremony.notifications.services import Rendered, email_queue

    site = urlsplit(settings.SITE_URL)
    form = PasswordResetForm(data={"email": email})
    if not form.is_valid():
        return 0
    queued = 0
    with transaction.atomic():
        for user in form.get_users(email):
            context = {
                "email": email,
                "domain": site.netloc,
                "site_name": site.netloc,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "user": user,
                "token": default_token_generator.make_token(user),
                "protocol": site.scheme or "https",
            }
            with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
                subject = render_to_string("accounts/email/password_reset_subject.txt", context)
                body = render_to_string("accounts/email/password_reset.txt", context)
            email_queue(
                recipient=user,
                kind="accounts.password_reset",
                rendered=Rendered(subject=" ".join(subject.split())[:300], text=body.strip(), html=""),
                to_address=getattr(user, user.get_email_field_name()),
            )
            queued += 1
    return queued
