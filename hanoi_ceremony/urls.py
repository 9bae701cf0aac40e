from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

admin.site.site_header = _("Hanoi Convention — organisers")
admin.site.site_title = _("Ceremony admin")
admin.site.index_title = _("Organise the ceremony")

urlpatterns = [
    path("", include("hanoi_ceremony.core.urls")),
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
    # The language switcher sits on cached public pages, which carry no per-visitor CSRF token; switching
    # language changes nothing but a cookie, so it needs none.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
