"""Categories and zones: the organiser-edited data a badge is printed from and the areas it opens."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

colour_validator = RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Give the colour as #RRGGBB."))
code_validator = RegexValidator(r"^[A-Z0-9]{1,8}$", _("Use up to 8 capital letters or digits."))


class Zone(models.Model):
    """An area of the venue a badge opens (plenary hall, signing room, VIP lounge...). Restricted zones
    also need a zone pass, except for categories with the "lapel pin"."""

    code = models.CharField(_("code"), max_length=8, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    restricted = models.BooleanField(
        _("restricted"), default=False, help_text=_("Needs a zone pass on top of the badge.")
    )
    default_pass_quota = models.PositiveSmallIntegerField(
        _("zone passes per delegation"),
        default=0,
        help_text=_(
            "Restricted zones: passes each delegation may issue unless its own quota says otherwise."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class BadgeCategory(models.Model):
    """One badge category per person: its colour band, printed label and the zones it may open."""

    code = models.CharField(_("code"), max_length=8, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    printed_label = models.CharField(_("label printed on the badge"), max_length=40)
    colour = models.CharField(
        _("colour band"), max_length=7, default="#1F4E79", validators=[colour_validator]
    )
    text_colour = models.CharField(
        _("text colour on the band"), max_length=7, default="#FFFFFF", validators=[colour_validator]
    )
    zones = models.ManyToManyField(Zone, verbose_name=_("zones"), related_name="categories", blank=True)
    lapel_pin = models.BooleanField(
        _("lapel pin"),
        default=False,
        help_text=_("Passes every restricted zone of the category without a zone pass (Heads of State…)."),
    )
    for_media = models.BooleanField(_("media category"), default=False)
    capacities = models.JSONField(
        _("default for capacities"),
        default=list,
        blank=True,
        help_text=_("Delegation capacities that get this category unless the officer chooses another."),
    )
    ranks = models.JSONField(
        _("default for protocol ranks"),
        default=list,
        blank=True,
        help_text=_("Protocol ranks that get this category (takes precedence over capacities)."),
    )
    valid_days_before = models.PositiveSmallIntegerField(_("valid days before the first day"), default=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("badge category")
        verbose_name_plural = _("badge categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name
