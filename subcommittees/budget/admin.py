from django.contrib import admin

from .models import Body, BodyMember, CategoryCap, Estimate, Norm, NormSet, Proposal, Spending


class NormInline(admin.TabularInline):
    model = Norm
    extra = 0


class CapInline(admin.TabularInline):
    model = CategoryCap
    extra = 0


@admin.register(NormSet)
class NormSetAdmin(admin.ModelAdmin):
    list_display = ("version", "title", "published_at", "frozen_at")
    inlines = [NormInline, CapInline]

    def has_change_permission(self, request, obj=None):
        # Norms change through the budget pages, which refuse a frozen version.
        return False


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "is_finance")
    inlines = [BodyMemberInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "body", "status", "submitted_at")
    list_filter = ("status", "body")

    def has_change_permission(self, request, obj=None):
        return False  # state moves go through the budget pages (audited)


@admin.register(Estimate)
class EstimateAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "approved_at", "approved_by")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Spending)
class SpendingAdmin(admin.ModelAdmin):
    list_display = ("line", "kind", "amount", "reference", "recorded_by", "recorded_at")

    def has_change_permission(self, request, obj=None):
        return False
