from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Ceremony, ContentVersion, Heartbeat
from .services import ceremony_update


@admin.register(Ceremony)
class CeremonyAdmin(TranslationAdmin):
    list_display = ("short_name", "venue", "first_day", "last_day", "open_for_signature_until")

    def has_add_permission(self, request):
        return not Ceremony.objects.exists()

    def save_model(self, request, obj, form, change):
        """Through the service, so the change is audited and everything that follows the ceremony's dates
        (cached pages, reminders) follows it."""
        ceremony_update(
            ceremony=obj, by=request.user, changed=list(form.changed_data) if form is not None else []
        )


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "seen_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ContentVersion)
class ContentVersionAdmin(admin.ModelAdmin):
    list_display = ("namespace", "version", "changed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
