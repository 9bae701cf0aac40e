"""The subcommittees' admin pages write through the services, like the pages: each edit is audited with its
own action, checked by the same rules and tells the same people. States move only on the task, escalation
and milestone pages (the admin shows them read-only); tasks, escalations and milestones are cancelled or
withdrawn there, never deleted."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from hanoi_ceremony.core.admin_mixins import ServiceAdmin

from . import services
from .models import Escalation, Membership, Milestone, Subcommittee, Task, TaskDependency, TaskUpdate


def _values(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


class NotDeletedAdmin(ServiceAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class SubcommitteeWorkAdmin(NotDeletedAdmin):
    """Tasks and escalations stay with the subcommittee they were created for."""

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj)]
        return [*fields, "subcommittee"] if obj is not None else fields


def _save_memberships(request, subcommittee, formset) -> None:
    for form in formset.deleted_forms:
        if form.instance.pk:
            services.membership_remove(membership=form.instance, by=request.user)
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        if form.instance.pk:
            services.membership_update(
                membership=form.instance,
                by=request.user,
                **_values(form.instance, services.MEMBERSHIP_FIELDS),
            )
        else:
            services.membership_add(
                subcommittee=subcommittee,
                by=request.user,
                **_values(form.instance, services.MEMBERSHIP_FIELDS),
            )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Subcommittee)
class SubcommitteeAdmin(TranslationAdmin, ServiceAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    search_fields = ["name"]

    def service_save(self, request, obj, form, change):
        values = _values(obj, services.language_columns(Subcommittee, services.SUBCOMMITTEE_FIELDS))
        if change:
            return services.subcommittee_update(subcommittee=obj, by=request.user, **values)
        return services.subcommittee_create(by=request.user, **values)

    def service_delete(self, request, obj):
        services.subcommittee_delete(subcommittee=obj, by=request.user)

    def service_save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            _save_memberships(request, form.instance, formset)
        else:
            super().service_save_formset(request, form, formset, change)


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    list_display = ["user", "subcommittee", "role"]
    list_filter = ["subcommittee", "role"]
    list_select_related = ["user", "subcommittee"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        # A seat moves to another subcommittee by removing it here and adding it there.
        return ("subcommittee",) if obj is not None else ()

    def service_save(self, request, obj, form, change):
        values = _values(obj, services.MEMBERSHIP_FIELDS)
        if change:
            return services.membership_update(membership=obj, by=request.user, **values)
        return services.membership_add(subcommittee=obj.subcommittee, by=request.user, **values)

    def service_delete(self, request, obj):
        services.membership_remove(membership=obj, by=request.user)


@admin.register(Milestone)
class MilestoneAdmin(TranslationAdmin, NotDeletedAdmin):
    list_display = ["title", "at", "kind", "status", "owner"]
    list_filter = ["kind", "status"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["status"]

    def service_save(self, request, obj, form, change):
        values = _values(obj, services.language_columns(Milestone, services.MILESTONE_FIELDS))
        if change:
            return services.milestone_update(milestone=obj, by=request.user, **values)
        return services.milestone_create(by=request.user, title=obj.title, **values)


class DependencyInline(admin.TabularInline):
    model = TaskDependency
    fk_name = "task"
    extra = 0
    raw_id_fields = ["depends_on"]


class UpdateInline(admin.TabularInline):
    """The task's thread, as posted on the task's page (read here, written there)."""

    model = TaskUpdate
    extra = 0
    fields = ["created_at", "author", "kind", "body", "attachment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _save_dependencies(request, task, formset) -> None:
    """A changed row is the old link removed and the new one added (each audited, cycles refused)."""
    for form in formset.forms:
        deleted = form in formset.deleted_forms
        if form.instance.pk and (deleted or "depends_on" in form.changed_data):
            old = TaskDependency.objects.select_related("depends_on").get(pk=form.instance.pk)
            services.task_dependency_remove(task=task, depends_on=old.depends_on, by=request.user)
        if not deleted and form.has_changed():
            services.task_dependency_add(task=task, depends_on=form.instance.depends_on, by=request.user)


@admin.register(Task)
class TaskAdmin(SubcommitteeWorkAdmin):
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
    raw_id_fields = ["assignee", "approver"]
    date_hierarchy = "due_at"
    inlines = [DependencyInline, UpdateInline]
    # Moved by the task's page (status, progress, the blocked reason) or set by the services.
    readonly_fields = [
        "status",
        "progress",
        "blocked_reason",
        "created_by",
        "submitted_at",
        "approved_at",
        "approved_by",
    ]

    def service_save(self, request, obj, form, change):
        values = _values(obj, services.EDITABLE_FIELDS)
        if change:
            return services.task_update(task=obj, by=request.user, **values)
        return services.task_create(subcommittee=obj.subcommittee, by=request.user, **values)

    def service_save_formset(self, request, form, formset, change):
        if formset.model is TaskDependency:
            _save_dependencies(request, form.instance, formset)
        else:
            super().service_save_formset(request, form, formset, change)


@admin.register(Escalation)
class EscalationAdmin(SubcommitteeWorkAdmin):
    list_display = ["title", "subcommittee", "status", "needed_by", "raised_by", "decided_by"]
    list_filter = ["status", "subcommittee"]
    list_select_related = ["subcommittee", "raised_by", "decided_by"]
    raw_id_fields = ["task"]
    search_fields = ["title", "decision"]
    # Decided or withdrawn on the escalation's page.
    readonly_fields = ["status", "raised_by", "decision", "decided_by", "decided_at"]

    def service_save(self, request, obj, form, change):
        values = _values(obj, services.ESCALATION_FIELDS)
        if change:
            return services.escalation_update(escalation=obj, by=request.user, **values)
        return services.escalation_raise(subcommittee=obj.subcommittee, by=request.user, **values)
