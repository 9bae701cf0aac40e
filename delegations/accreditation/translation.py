"""Zone and badge category names entered per language by organisers (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import BadgeCategory, Zone


@register(Zone)
class ZoneTranslation(TranslationOptions):
    fields = ("name",)


@register(BadgeCategory)
class BadgeCategoryTranslation(TranslationOptions):
    fields = ("name",)  # the printed label stays one text: a badge reads the same whoever prints it
