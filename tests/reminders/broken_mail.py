from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses everything (the outside world, mocked)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server refused the connection")


class SlowBackend(BaseEmailBackend):
    """A mail server that takes its time (as real SMTP does under load) and keeps nothing."""

    def send_messages(self, email_messages):
        import os
        import time

        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.02")) * len(email_messages))
        return len(email_messages)
