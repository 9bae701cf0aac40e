"""The keys that sign the badges' QR credentials."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..enums import (
    KeyState,
)


class SigningKey(models.Model):
    """An Ed25519 key pair that signs the badges' QR credentials. The private key is stored encrypted
    with a key derived from SECRET_KEY and never leaves the server; the public key is published."""

    ceremony = models.ForeignKey(
        "core.Ceremony", verbose_name=_("ceremony"), on_delete=models.CASCADE, related_name="+"
    )
    kid = models.CharField(_("key id"), max_length=32, unique=True)
    public_key = models.CharField(_("public key (base64url, raw 32 bytes)"), max_length=64, unique=True)
    private_key_encrypted = models.TextField(editable=False)
    state = models.CharField(_("state"), max_length=16, choices=KeyState.choices, default=KeyState.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retiring_at = models.DateTimeField(_("retiring since"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ceremony"],
                condition=Q(state="active"),
                name="accr_one_active_key_per_ceremony",
                violation_error_message=_("The ceremony already has an active signing key."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in KeyState]), name="accr_key_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="retired") | Q(retired_at__isnull=False), name="accr_key_retired_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kid} ({self.get_state_display()})"
