"""Telling people things: in-app notifications and e-mail through a transactional outbox.

Messages are rendered from templates in the recipient's language:
``<template>/subject.txt``, ``<template>/body.txt`` and optionally ``<template>/body.html``.
"""

import logging
import re
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification, OutboundEmail

logger = logging.getLogger(__name__)

IN_APP = "in_app"
EMAIL = "email"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def message_render(*, template: str, context: dict, language: str) -> Rendered:
    """Render a message's subject, text and HTML bodies in `language`."""
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}/subject.txt", ctx).split())
        text = render_to_string(f"{template}/body.txt", ctx).strip()
        try:
            html = render_to_string(f"{template}/body.html", ctx)
        except TemplateDoesNotExist:
            html = ""
    return Rendered(subject=subject[:300], text=text, html=html)


_URL = re.compile(r"https?://\S+")


def in_app_body(text: str) -> str:
    """The text body without its links: in the notification centre the "Open" button is the link. A line
    that only introduced a link ("Open the registration: https://…") goes with it."""
    lines = []
    for line in text.splitlines():
        if _URL.search(line):
            rest = _URL.sub("", line).strip()
            if not rest or rest.endswith(":"):
                continue
            line = " ".join(rest.split())
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def notification_create(*, recipient, kind: str, rendered: Rendered, url: str = "") -> Notification:
    """Create one in-app notification (no side effects beyond the row); its body carries no raw URL."""
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        subject=rendered.subject,
        body=in_app_body(rendered.text),
        url=url[:500],
    )


def email_queue(
    *, recipient, kind: str, rendered: Rendered, ics: str = "", to_address: str = ""
) -> OutboundEmail | None:
    """Put an e-mail in the outbox and, once the surrounding transaction commits, ask a worker to send it.
    Returns None when the recipient has no address."""
    address = to_address or getattr(recipient, "email", "")
    if not address:
        return None
    email = OutboundEmail.objects.create(
        recipient=recipient if getattr(recipient, "pk", None) else None,
        to_address=address,
        kind=kind,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        ics=ics,
    )
    from .tasks import send_email

    transaction.on_commit(lambda: send_email.delay(email_id=email.pk))
    return email


def notify(
    *,
    recipient,
    kind: str,
    template: str,
    context: dict,
    url: str = "",
    channels: tuple[str, ...] = (IN_APP, EMAIL),
    ics: str = "",
) -> Notification | None:
    """Tell one user something, in their language, on the given channels.

    Side effects: a Notification row (in-app), an OutboundEmail row and, on commit, a Celery send task.
    """
    rendered = message_render(
        template=template, context=context, language=getattr(recipient, "language", "en")
    )
    notification = None
    if IN_APP in channels and getattr(recipient, "pk", None):
        notification = notification_create(recipient=recipient, kind=kind, rendered=rendered, url=url)
    if EMAIL in channels:
        email_queue(recipient=recipient, kind=kind, rendered=rendered, ics=ics)
    return notification


def email_build(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        headers={"X-Ceremony-Message-Id": f"outbox-{email.pk}"},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if email.ics:
        message.attach("invite.ics", email.ics, "text/calendar; charset=utf-8")
    return message


def email_send(*, email_id: int) -> bool:
    """Hand one pending e-mail to the mail server and mark it sent.

    The row is locked while sending so two workers never send it twice. If the process dies after the
    server accepted the message but before the commit, the message is sent again on retry: the residual
    at-least-once window, bounded by one SMTP round trip.
    """
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutboundEmail.Status.PENDING:
            return False
        email.attempts += 1
        try:
            email_build(email).send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as exc:  # refused or unreachable: record it, retry later
            logger.warning("e-mail %s not sent: %s", email_id, exc)
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= 5:
                email.status = OutboundEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
            return False
        email.status = OutboundEmail.Status.SENT
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return True


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None). Returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
