from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses everything (the outside world, mocked)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server refused the connection")
