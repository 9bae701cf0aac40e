"""Programme texts entered per language by organisers (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Room, Session


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")
