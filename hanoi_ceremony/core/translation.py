"""Ceremony texts entered per language by organisers (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Ceremony


@register(Ceremony)
class CeremonyTranslation(TranslationOptions):
    fields = ("name", "short_name", "theme", "venue", "city")
