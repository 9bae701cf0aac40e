from django.contrib import admin

from .models import Notification, OutboundEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "subject", "read_at")
    list_filter = ("kind",)
    search_fields = ("subject", "recipient__username", "recipient__email")
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient",)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to_address", "kind", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to_address", "subject")
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request):
        return False
