from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Hanoi Convention — organisers")
admin.site.site_title = _("Ceremony admin")
admin.site.index_title = _("Organise the ceremony")

urlpatterns = [
    path("", include("hanoi_ceremony.core.urls")),
    path("accounts/", include("hanoi_ceremony.accounts.urls")),
    path("notifications/", include("hanoi_ceremony.notifications.urls")),
    path("reminders/", include("hanoi_ceremony.reminders.urls")),
    path("delegations/", include("delegations.urls")),
    path("programme/", include("agenda.urls")),
    path("signing/", include("agenda.signing.urls")),
    path("subcommittees/", include("subcommittees.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
