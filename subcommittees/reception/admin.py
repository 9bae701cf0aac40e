from django.contrib import admin

from .models import BoardPrint, CarSlot, OfficerAssignment, Scenario, Vehicle, WelcomingRule


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ("label", "plate", "kind", "seats", "driver")
    search_fields = ("label", "plate")


@admin.register(WelcomingRule)
class WelcomingRuleAdmin(admin.ModelAdmin):
    list_display = ("rank", "official", "motorcade")


@admin.register(OfficerAssignment)
class OfficerAssignmentAdmin(admin.ModelAdmin):
    list_display = ("delegation", "officer", "assigned_at")

    def has_change_permission(self, request, obj=None):
        return False  # through the reception pages (audited, reminders follow)


@admin.register(CarSlot)
class CarSlotAdmin(admin.ModelAdmin):
    list_display = ("vehicle", "member", "officer", "starts_at", "ends_at", "cancelled")
    list_filter = ("cancelled",)

    def has_change_permission(self, request, obj=None):
        return False  # the overlap checks live in the service


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("member", "version", "issued_at")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BoardPrint)
class BoardPrintAdmin(admin.ModelAdmin):
    list_display = ("day", "direction", "airport", "printed_at", "printed_by")

    def has_change_permission(self, request, obj=None):
        return False
