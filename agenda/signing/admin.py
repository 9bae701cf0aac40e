"""Admin: read-only views of the roster and lists (their changes go through the audited pages), plus the
instruments of ratification, which organisers record here through the service."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.admin_mixins import ReadOnlyAdmin

from . import services
from .models import Inscription, Ratification, RightOfReply, SigningEntry, SigningRoster, SpeakersList


@admin.register(SigningRoster)
class SigningRosterAdmin(ReadOnlyAdmin):
    list_display = ("session", "rule", "drawn_letter", "version")


@admin.register(SigningEntry)
class SigningEntryAdmin(ReadOnlyAdmin):
    list_display = ("position", "delegation", "signatory", "status", "signed_at", "place", "confirmed_at")
    list_filter = ("status", "place", "participant_type")
    list_select_related = ("delegation", "signatory")
    search_fields = ("delegation__name",)


class SpeakersListAddForm(forms.ModelForm):
    """Adding a list in the admin goes through the service (which picks the kind from the session and
    refuses sessions that take no speakers' list), like the organisers' page."""

    class Meta:
        model = SpeakersList
        fields = ("session", "default_time_limit_seconds")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from agenda.enums import SessionKind

        self.fields["session"].queryset = self.fields["session"].queryset.filter(
            kind__in=[SessionKind.PLENARY, SessionKind.HIGH_LEVEL], speakers_list__isnull=True
        )

    def _post_clean(self):  # the kind is set by the service on save
        self.instance.kind = self.instance.kind or "plenary"
        super()._post_clean()


@admin.register(SpeakersList)
class SpeakersListAdmin(admin.ModelAdmin):
    list_display = ("session", "kind", "default_time_limit_seconds", "is_open")
    fields = ("default_time_limit_seconds", "is_open")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = SpeakersListAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ("session", "default_time_limit_seconds") if obj is None else self.fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = services.speakers_list_open(
            session=form.cleaned_data["session"],
            by=request.user,
            default_time_limit_seconds=form.cleaned_data["default_time_limit_seconds"],
        )
        obj.pk = saved.pk
        obj.kind = saved.kind


@admin.register(Inscription)
class InscriptionAdmin(ReadOnlyAdmin):
    list_display = ("speakers_list", "delegation", "speaker", "inscribed_at", "status", "position_override")
    list_filter = ("speakers_list", "status")
    list_select_related = ("speakers_list__session", "delegation", "speaker")


@admin.register(RightOfReply)
class RightOfReplyAdmin(ReadOnlyAdmin):
    list_display = ("speakers_list", "delegation", "number", "requested_at")
    list_select_related = ("speakers_list__session", "delegation")


class RatificationAdminForm(forms.ModelForm):
    class Meta:
        model = Ratification
        fields = ("delegation", "deposited_on")

    def clean_delegation(self):
        delegation = self.cleaned_data["delegation"]
        if not delegation.may_sign:
            raise ValidationError(_("Only States and regional economic integration organisations ratify."))
        return delegation


@admin.register(Ratification)
class RatificationAdmin(admin.ModelAdmin):
    form = RatificationAdminForm
    list_display = ("delegation", "deposited_on", "is_reio")
    list_select_related = ("delegation",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.ratification_record(
            delegation=obj.delegation, deposited_on=obj.deposited_on, by=request.user
        )
        obj.pk = saved.pk
        obj.is_reio = saved.is_reio
