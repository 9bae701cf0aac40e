from django.contrib import admin

from .models import CheckinList, Device, DutyStatus, Gate, Presence, Scan


@admin.register(CheckinList)
class CheckinListAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "zone",
        "valid_from",
        "valid_until",
        "allow_reentry",
        "is_active",
        "version",
    )
    readonly_fields = ("version",)


@admin.register(Gate)
class GateAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "offline_people", "is_active")
    filter_horizontal = ("lists",)


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    """Read-only here: pairing and revocation go through the gates page (audited, codes shown once)."""

    list_display = ("name", "gate", "state", "paired_at", "last_seen_at", "revoked_at")
    list_filter = ("state", "gate")
    readonly_fields = [f.name for f in Device._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = (
        "received_at",
        "gate",
        "checkin_list",
        "badge_serial",
        "direction",
        "result",
        "reason",
        "offline",
        "conflict",
    )
    list_filter = ("result", "reason", "direction", "offline", "conflict", "gate")
    readonly_fields = [f.name for f in Scan._meta.fields]
    list_select_related = ("gate", "checkin_list")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Presence)
class PresenceAdmin(admin.ModelAdmin):
    list_display = ("checkin_list", "badge", "inside", "entries", "last_entry_at", "last_exit_at")
    list_filter = ("inside", "checkin_list")
    readonly_fields = [f.name for f in Presence._meta.fields]


admin.site.register(DutyStatus)
