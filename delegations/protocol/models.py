from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.models import NumberedPublication


class ParticipantsListVersion(NumberedPublication):
    """One publication of the official list of participants: a snapshot (titles, names, capacities and each
    person's list visibility — never passport data), kept for good."""

    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(_("snapshot"), default=list, editable=False)

    class Meta(NumberedPublication.Meta):
        verbose_name = _("list of participants (version)")
        verbose_name_plural = _("lists of participants (versions)")
        constraints = [
            models.CheckConstraint(condition=Q(number__gt=0), name="protocol_list_number_positive")
        ]
