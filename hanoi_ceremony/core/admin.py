from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from hanoi_ceremony.audit.services import audit_record

from .models import Ceremony, ContentVersion, Heartbeat
from .pagecache import bump
from .selectors import ceremony_forget


@admin.register(Ceremony)
class CeremonyAdmin(TranslationAdmin):
    list_display = ("short_name", "venue", "first_day", "last_day", "open_for_signature_until")

    def has_add_permission(self, request):
        return not Ceremony.objects.exists()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="ceremony.changed" if change else "ceremony.created",
            target=obj,
            data={"fields": sorted(form.changed_data)},
        )
        bump("ceremony")
        ceremony_forget()
        # Reminders whose times come from the ceremony's dates follow the change (same transaction).
        from hanoi_ceremony.reminders.registry import sources_all
        from hanoi_ceremony.reminders.services import reminders_reconcile_source

        for source in sources_all():
            if source.follows_ceremony:
                reminders_reconcile_source(source_key=source.key)


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
