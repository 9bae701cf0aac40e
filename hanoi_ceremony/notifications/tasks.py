from celery import shared_task

from .services import email_send


@shared_task(name="notifications.send_email", ignore_result=True, autoretry_for=(), max_retries=0)
def send_email(*, email_id: int) -> None:
    email_send(email_id=email_id)


@shared_task(name="notifications.retry_pending_email", ignore_result=True)
def retry_pending_email() -> None:
    """Beat: re-send e-mails still pending a while after they were queued (a lost task, a mail outage)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import OutboundEmail

    cutoff = timezone.now() - timedelta(minutes=2)
    ids = list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
    for email_id in ids:
        email_send(email_id=email_id)
