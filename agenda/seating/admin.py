from django.contrib import admin

from .models import SeatQuota


@admin.register(SeatQuota)
class SeatQuotaAdmin(admin.ModelAdmin):
    list_display = ("participant_type", "seats")
