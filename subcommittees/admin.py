from django.contrib import admin
from django.db import transaction
from modeltranslation.admin import TranslationAdmin

from hanoi_ceremony.core.admin_mixins import DeclaredAreasAdmin
from hanoi_ceremony.core.transitions import record

from .models import Escalation, Membership, Milestone, Subcommittee, Task, TaskDependency, TaskUpdate


class BumpsPagesAdmin(DeclaredAreasAdmin):
    """Admin edits are recorded like service writes: audited (who changed which fields), and the cached
    subcommittee pages refresh at once. States move only through the services (the task, escalation and
    milestone pages): the admin shows them read-only."""

    state_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.state_fields)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            created = obj.pk is None
            super().save_model(request, obj, form, change)
            record(
                obj,
                by=request.user,
                action="record.created" if created else "record.changed",
                data={"fields": sorted(form.changed_data) if form is not None else []},
                reconcile=True,
            )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Subcommittee)
class SubcommitteeAdmin(TranslationAdmin, BumpsPagesAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(BumpsPagesAdmin):
    list_display = ["user", "subcommittee", "role"]
    list_filter = ["subcommittee", "role"]
    list_select_related = ["user", "subcommittee"]
    autocomplete_fields = ["user"]


@admin.register(Milestone)
class MilestoneAdmin(TranslationAdmin, BumpsPagesAdmin):
    state_fields = ("status",)
    list_display = ["title", "at", "kind", "status", "owner"]
    list_filter = ["kind", "status"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]


class DependencyInline(admin.TabularInline):
    model = TaskDependency
    fk_name = "task"
    extra = 0
    raw_id_fields = ["depends_on"]


class UpdateInline(admin.TabularInline):
    model = TaskUpdate
    extra = 0
    fields = ["created_at", "author", "kind", "body", "attachment"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["author"]


@admin.register(Task)
class TaskAdmin(BumpsPagesAdmin):
    state_fields = ("status",)
    list_display = [
        "title",
        "subcommittee",
        "status",
        "priority",
        "progress",
        "assignee",
        "due_at",
        "milestone",
    ]
    list_filter = ["subcommittee", "status", "priority", "milestone"]
    list_select_related = ["subcommittee", "assignee", "milestone"]
    search_fields = ["title", "description", "deliverable"]
    raw_id_fields = ["assignee", "approver", "created_by", "approved_by"]
    date_hierarchy = "due_at"
    inlines = [DependencyInline, UpdateInline]


@admin.register(Escalation)
class EscalationAdmin(BumpsPagesAdmin):
    state_fields = ("status",)
    list_display = ["title", "subcommittee", "status", "needed_by", "raised_by", "decided_by"]
    list_filter = ["status", "subcommittee"]
    list_select_related = ["subcommittee", "raised_by", "decided_by"]
    raw_id_fields = ["task", "raised_by", "decided_by"]
    search_fields = ["title", "decision"]
