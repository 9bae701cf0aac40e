"""Subcommittee and milestone names entered per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Milestone, Subcommittee


@register(Subcommittee)
class SubcommitteeTranslation(TranslationOptions):
    fields = ("name", "mandate")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)
