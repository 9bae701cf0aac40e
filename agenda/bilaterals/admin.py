"""Read-only admin: every change to a meeting goes through the audited pages."""

from django.contrib import admin

from hanoi_ceremony.core.admin_mixins import ReadOnlyAdmin

from .models import Bilateral, BilateralParticipant


class ParticipantInline(admin.TabularInline):
    model = BilateralParticipant
    extra = 0
    can_delete = False
    readonly_fields = ("member", "side")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Bilateral)
class BilateralAdmin(ReadOnlyAdmin):
    list_display = ("requester", "counterpart", "status", "room", "starts_at", "expires_at")
    list_filter = ("status", "room")
    list_select_related = ("requester", "counterpart", "room")
    search_fields = ("requester__name", "counterpart__name")
    inlines = [ParticipantInline]
