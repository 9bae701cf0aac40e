from django.contrib import admin

from hanoi_ceremony.core.admin_mixins import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_repr", "action", "target_repr", "from_state", "to_state", "reason")
    list_filter = ("action", "target_type")
    search_fields = ("target_repr", "actor_repr", "reason", "action")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)
