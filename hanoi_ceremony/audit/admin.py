from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_repr", "action", "target_repr", "from_state", "to_state", "reason")
    list_filter = ("action", "target_type")
    search_fields = ("target_repr", "actor_repr", "reason", "action")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
