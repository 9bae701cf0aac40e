"""Choices of the budget: categories, units, bodies, roles and the states of proposals and estimates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    VENUE = "venue", _("Venue")
    SECURITY = "security", _("Security")
    RECEPTION = "reception", _("Reception and protocol")
    TRANSPORT = "transport", _("Transport")
    ACCOMMODATION = "accommodation", _("Accommodation")
    INTERPRETATION = "interpretation", _("Interpretation and translation")
    COMMUNICATIONS = "communications", _("Communications and press")
    GALA_DINNER = "gala_dinner", _("Gala dinner")
    EXHIBITION = "exhibition", _("Exhibition")
    HEALTH = "health", _("Health care and food safety")
    TECHNOLOGY = "technology", _("Technology and networks")
    OTHER = "other", _("Other")


class Unit(models.TextChoices):
    ROOM_NIGHT = "room_night", _("room-night")
    CAR_DAY = "car_day", _("car-day")
    PERSON_DAY = "person_day", _("person-day")
    INTERPRETER_DAY = "interpreter_day", _("interpreter-day")
    COVER = "cover", _("cover (guest at a meal)")
    DAY = "day", _("day")
    BOOTH = "booth", _("booth")
    ITEM = "item", _("item")
    PACKAGE = "package", _("package")


class BodyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or agency")
    LOCALITY = "locality", _("Local authority")
    SUBCOMMITTEE = "subcommittee", _("Subcommittee")


class BodyRole(models.TextChoices):
    EDITOR = "editor", _("Prepares the body's proposals")
    FINANCE_REVIEWER = "finance_reviewer", _("Finance reviewer")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to Finance")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted by Finance")


EDITABLE_PROPOSAL = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)


class EstimateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the competent authority")
    RETURNED = "returned", _("Returned by the competent authority")
    APPROVED = "approved", _("Approved")


class SpendingKind(models.TextChoices):
    COMMITTED = "committed", _("Committed")
    PAID = "paid", _("Paid")
