"""Admin pages change rows outside the services: this mixin refreshes the cached page areas declared for
the model (``pagecache.declare_areas``), inside the admin's own transaction, so no admin forgets one."""

from django.contrib import admin
from django.db import transaction

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
