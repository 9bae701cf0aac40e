from celery import shared_task

from .forms import password_reset_deliver


@shared_task(name="accounts.password_reset_send", ignore_result=True)
def password_reset_send(*, email: str) -> None:
    """Look the address up and queue the reset message(s); nothing for an unknown address."""
    password_reset_deliver(email=email)
