"""Admin pages and the rules of the product.

``DeclaredAreasAdmin``: an admin that changes rows itself refreshes the cached page areas declared for the
model (``pagecache.declare_areas``), inside the admin's own transaction, so no admin forgets one.

``ServiceAdmin``: an admin whose adds, changes and deletes go through the app's services instead, so each
edit is audited with its own action and has the side effects of the pages.

``ReadOnlyAdmin``: rows that change only through the audited pages (and their services): shown, never
added, changed or deleted here.
"""

from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from .errors import messages_of
from .forms import apply_service_errors
from .pagecache import bump_for


class DeclaredAreasAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            bump_for(obj)

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            bump_for(form.instance)
            for formset in formsets:
                bump_for(formset.model)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            bump_for(obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            bump_for(queryset.model)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown only: the rows change through the audited pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _Refused(Exception):
    """A service refused an admin edit; `error` is its refusal."""

    def __init__(self, error: Exception):
        super().__init__(error)
        self.error = error


@contextmanager
def _refusals():
    try:
        yield
    except (ValidationError, PermissionDenied) as exc:
        raise _Refused(exc) from exc


def _as_validation_error(exc: Exception) -> ValidationError:
    return exc if isinstance(exc, ValidationError) else ValidationError(messages_of(exc))


class ServiceAdmin(admin.ModelAdmin):
    """Adds and changes call `service_save(request, obj, form, change)` (the form has already put its
    values on `obj`; return the saved object), deletes `service_delete(request, obj)`, inline rows
    `service_save_formset(request, form, formset, change)`.

    A refusal (``ValidationError`` or ``PermissionDenied``) undoes the admin's whole transaction and is
    shown, never a 500: an add or a change shows its form again, with what was typed and the refusal next
    to the field it names (or on top); a delete or an action goes back with the refusal as an error."""

    def service_save(self, request, obj, form, change):
        raise NotImplementedError

    def service_delete(self, request, obj) -> None:
        raise NotImplementedError

    def service_save_formset(self, request, form, formset, change) -> None:
        if formset.has_changed():
            raise NotImplementedError(
                f"{type(self).__name__}: save {formset.model.__name__} rows through a service"
            )

    def save_model(self, request, obj, form, change):
        with _refusals():
            saved = self.service_save(request, obj, form, change)
        if saved is not None and saved is not obj:  # the admin goes on with its own instance
            obj.pk = saved.pk
            obj._state.adding = False
            obj._state.db = saved._state.db
            obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        with _refusals():
            self.service_save_formset(request, form, formset, change)
        # What formset.save() would have noted, for the admin's own change message.
        deleted = formset.deleted_forms
        formset.deleted_objects = [f.instance for f in deleted if f.instance.pk]
        formset.new_objects = [
            f.instance for f in formset.extra_forms if f.has_changed() and f not in deleted
        ]
        formset.changed_objects = [
            (f.instance, f.changed_data)
            for f in formset.initial_forms
            if f.has_changed() and f not in deleted
        ]

    def delete_model(self, request, obj):
        with _refusals():
            self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        with _refusals(), transaction.atomic():  # every row or none
            for obj in queryset:
                self.service_delete(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form

        class Refused(form):
            def clean(self):
                cleaned = super().clean()
                apply_service_errors(self, _as_validation_error(refusal))
                return cleaned

        return Refused

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            # Nothing was saved (the admin's transaction rolled back): the same request once more, its form
            # now invalid with the refusal on it, shows the page again as for any invalid input.
            request._service_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except _Refused as refused:
            self._refusal_message(request, refused)
            opts = self.opts
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(object_id)])
            )

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            with transaction.atomic():  # an action's log entries go back with the writes it was refused
                return super().changelist_view(request, extra_context)
        except _Refused as refused:  # an action (delete the selected rows, …)
            self._refusal_message(request, refused)
            return HttpResponseRedirect(request.get_full_path())

    def _refusal_message(self, request, refused: _Refused) -> None:
        self.message_user(request, " ".join(messages_of(refused.error)), level=messages.ERROR)
