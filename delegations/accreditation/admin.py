"""Admin: organisers edit zones and badge categories here (data, audited; a change that alters issued
badges revokes and reissues them); the rest is read-only here and changes through the audited pages."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.admin_mixins import ReadOnlyAdmin

from . import credentials
from .models import Accreditation, Badge, BadgeCategory, BadgeCollection, SigningKey, Zone, ZonePassQuota
from .services.badges import badges_follow_categories


class _AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="record.changed" if change else "record.created",
            target=obj,
            data={"fields": sorted(form.changed_data)},
        )


@admin.register(Zone)
class ZoneAdmin(TranslationAdmin, _AuditedAdmin):
    list_display = ("code", "name", "restricted", "default_pass_quota", "order")
    list_editable = ("order",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        count = badges_follow_categories(
            category_ids=form.instance.categories.values_list("pk", flat=True), by=request.user
        )
        if count:
            messages.info(
                request, _("%(count)s badges no longer matched and were reissued.") % {"count": count}
            )


@admin.register(BadgeCategory)
class BadgeCategoryAdmin(TranslationAdmin, _AuditedAdmin):
    list_display = ("code", "name", "printed_label", "colour", "lapel_pin", "for_media", "order")
    filter_horizontal = ("zones",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        count = badges_follow_categories(category_ids=[form.instance.pk], by=request.user)
        if count:
            messages.info(
                request, _("%(count)s badges no longer matched and were reissued.") % {"count": count}
            )


@admin.register(ZonePassQuota)
class ZonePassQuotaAdmin(_AuditedAdmin):
    list_display = ("delegation", "zone", "quota")
    list_filter = ("zone",)


@admin.register(Accreditation)
class AccreditationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "delegation", "category", "vetting", "photo_state")
    list_filter = ("kind", "vetting", "photo_state", "category")
    exclude = ("passport_key",)


@admin.register(Badge)
class BadgeAdmin(ReadOnlyAdmin):
    list_display = ("serial", "category_code", "state", "printed_at", "collected_at", "revoked_at")
    list_filter = ("state", "category")
    search_fields = ("serial",)


@admin.register(BadgeCollection)
class BadgeCollectionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "delegation", "collected_by_name", "collected_at")


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ("kid", "state", "created_at", "retiring_at", "retired_at")
    exclude = ("private_key_encrypted",)
    actions = ["rotate", "retire"]

    @admin.action(description=_("Rotate: a new active key (the current one keeps verifying until retired)"))
    def rotate(self, request, queryset):
        key = credentials.signing_key_rotate(by=request.user)
        messages.success(request, _("New signing key %(kid)s is active.") % {"kid": key.kid})

    @admin.action(description=_("Retire the selected keys (badges they signed stop verifying)"))
    def retire(self, request, queryset):
        from django.core.exceptions import ValidationError

        for key in queryset:
            try:
                credentials.signing_key_retire(key=key, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
