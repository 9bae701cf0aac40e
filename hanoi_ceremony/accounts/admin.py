from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.services import audit_record

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Ceremony"), {"fields": ("language", "organisation")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "organisation", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "language")

    def save_related(self, request, form, formsets, change):
        """Role changes (groups, staff, superuser, active) are state changes: audit them."""
        user = form.instance
        before = sorted(user.groups.values_list("name", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after = sorted(user.groups.values_list("name", flat=True))
        flags = [f for f in ("is_active", "is_staff", "is_superuser") if f in form.changed_data]
        if before != after or flags or not change:
            audit_record(
                actor=request.user,
                action="user.roles_changed" if change else "user.created",
                target=user,
                data={
                    "from_roles": ", ".join(before),
                    "roles": ", ".join(after),
                    "flags": {f: getattr(user, f) for f in flags},
                },
            )
