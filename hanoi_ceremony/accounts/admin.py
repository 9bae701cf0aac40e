from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Ceremony"), {"fields": ("language", "organisation")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "organisation", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "language")
