from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Roles come from groups (organiser, Steering Committee, Standing Secretariat,
    accreditation) and from the feature apps (a liaison's delegation, a subcommittee membership)."""

    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("E-mails and reminders reach this person in this language."),
    )
    organisation = models.CharField(_("ministry or organisation"), max_length=200, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
                violation_error_message=_("Another account already uses this e-mail address."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
