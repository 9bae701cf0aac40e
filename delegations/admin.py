"""Admin: organisers read everything and configure quotas; status changes go through the services (admin
actions), never through a plain edit, so each is checked, audited and told to the liaison."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.pagecache import bump_for

from . import services
from .models import Delegation, DelegationDocument, FullPowers, Invitation, Liaison, Member, ParticipantQuota

# Fields no admin list may show, search, filter or order by: a filter such as ?passport_number__startswith=
# answers whether a guess is right, which recovers the whole number past the masking and its audit.
SENSITIVE_MEMBER_FIELDS = frozenset({"passport_number", "passport_expiry"})


class SensitiveLookupsRefused:
    """Refuse (400) every changelist lookup that touches a sensitive field, on the model or through a
    relation; only the audited passport view on the delegation's page shows a number."""

    def lookup_allowed(self, lookup, value, request=None):
        if SENSITIVE_MEMBER_FIELDS.intersection(lookup.split("__")):
            return False
        return super().lookup_allowed(lookup, value, request)


class MemberInline(admin.TabularInline):
    model = Member
    fields = ("family_name", "given_names", "capacity", "rank", "nationality", "hotel")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class InvitationInline(admin.TabularInline):
    model = Invitation
    fields = ("email", "status", "expires_at", "sent_count", "accepted_at", "revoked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = DelegationDocument
    fields = ("kind", "original_name", "size", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _decide(modeladmin, request, queryset, decision: str):
    result = services.delegations_bulk_decide(
        delegation_ids=list(queryset.values_list("pk", flat=True)),
        by=request.user,
        decision=decision,
        reason=_("Declined by the organisers.") if decision == "decline" else "",
    )
    if result.done:
        modeladmin.message_user(request, _("%(count)s delegation(s) updated.") % {"count": len(result.done)})
    for delegation, why in result.failed:
        modeladmin.message_user(request, f"{delegation}: {why}", level=messages.ERROR)


@admin.action(description=_("Confirm the selected submitted delegations"))
def confirm_selected(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, "confirm")


@admin.register(Delegation)
class DelegationAdmin(SensitiveLookupsRefused, admin.ModelAdmin):
    list_display = ("name", "participant_type", "country_code", "region", "status", "status_changed_at")
    list_filter = ("status", "participant_type", "region")
    search_fields = ("name", "country_code", "focal_point_email")
    readonly_fields = (
        "name",
        "participant_type",
        "country_code",
        "m49_code",
        "region",
        "status",
        "status_changed_at",
        "last_reviewed_at",
        "review_message",
        "created_at",
        "updated_at",
    )
    fields = (*readonly_fields[:-2], "focal_point_email")
    inlines = [MemberInline, InvitationInline, DocumentInline]
    actions = [confirm_selected]

    def has_add_permission(self, request):
        return False  # through the organiser page, where States are picked from the UN list

    def save_model(self, request, obj, form, change):
        with transaction.atomic():  # the focal point's e-mail shows on the delegation's page
            super().save_model(request, obj, form, change)
            bump_for(obj)


class FullPowersInline(admin.StackedInline):
    model = FullPowers
    fields = ("status", "document_link", "received_at", "verified_at", "verified_by", "rejection_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("instrument (PDF)"))
    def document_link(self, obj):
        # Through the permission-checked view (nosniff, server type), never the storage URL.
        if not obj.document:
            return "—"
        url = reverse("delegations:full_powers", args=[obj.member.delegation_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("open the PDF"))


@admin.register(Member)
class MemberAdmin(SensitiveLookupsRefused, admin.ModelAdmin):
    list_display = ("__str__", "delegation", "capacity", "rank", "nationality")
    list_filter = ("capacity", "rank")
    search_fields = ("family_name", "given_names", "delegation__name")
    list_select_related = ("delegation",)
    # Not shown at all here: liaison and accreditation officers see the number, audited, on the delegation page.
    exclude = ("passport_number", "passport_expiry")
    readonly_fields = ("delegation",)
    inlines = [FullPowersInline]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.member_update(
                member=obj,
                by=request.user,
                data={k: form.cleaned_data[k] for k in form.changed_data if k in services.MEMBER_FIELDS},
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), level=messages.ERROR)


@admin.register(Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ("user", "delegation", "created_at")
    search_fields = ("user__username", "user__email", "delegation__name")
    list_select_related = ("user", "delegation")
    autocomplete_fields = ("delegation",)
    raw_id_fields = ("user",)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="delegation.liaison_set",
                target=obj.delegation,
                data={"user": str(obj.user)},
            )
            bump_for(obj)  # the delegation's history shows it

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            bump_for(obj)


@admin.register(ParticipantQuota)
class ParticipantQuotaAdmin(admin.ModelAdmin):
    list_display = ("participant_type", "representatives", "alternates", "advisers", "total")

    def save_model(self, request, obj, form, change):
        with transaction.atomic():  # quotas decide the "before you submit" problems on a delegation's page
            super().save_model(request, obj, form, change)
            bump_for(obj)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            bump_for(obj)
