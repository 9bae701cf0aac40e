from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    # Browsers ask for /favicon.ico whatever the page says: the vendored icon, cacheable.
    path("favicon.ico", views.favicon, name="favicon"),
]
