from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.accounts.views import language_switch
from hanoi_ceremony.api import api, router_mount

admin.site.site_header = _("Hanoi Convention — organisers")
admin.site.site_title = _("Ceremony admin")
admin.site.index_title = _("Organise the ceremony")

router_mount("/checkin/", "delegations.checkin.api.router")

urlpatterns = [
    path("", include("hanoi_ceremony.core.urls")),
    path("api/", api.urls),  # early: a gate scan is resolved past as few patterns as possible
    path("accounts/", include("hanoi_ceremony.accounts.urls")),
    path("notifications/", include("hanoi_ceremony.notifications.urls")),
    path("reminders/", include("hanoi_ceremony.reminders.urls")),
    path("delegations/", include("delegations.urls")),
    path("programme/bilaterals/", include("agenda.bilaterals.urls")),
    path("programme/", include("agenda.urls")),
    path("signing/", include("agenda.signing.urls")),
    path("seating/", include("agenda.seating.urls")),
    path("protocol/", include("delegations.protocol.urls")),
    path("subcommittees/", include("subcommittees.urls")),
    path("accreditation/", include("delegations.accreditation.urls")),
    path("checkin/", include("delegations.checkin.urls")),
    path("budget/", include("subcommittees.budget.urls")),
    path("reception/", include("subcommittees.reception.urls")),
    # The language switcher sits on cached public pages, which carry no per-visitor CSRF token; switching
    # language changes nothing but a cookie (and a signed-in person's preference), so it needs none.
    path("i18n/setlang/", language_switch, name="set_language"),
    path("admin/", admin.site.urls),
]
# Uploads (photos, passports' documents, full powers) are never served from MEDIA_URL, not even in DEBUG:
# only the permission-checked views serve them (hanoi_ceremony.core.uploads.protected_file_response).
