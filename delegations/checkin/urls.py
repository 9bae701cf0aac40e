from django.urls import path

from . import views

app_name = "checkin"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("signing-room/", views.signing_room, name="signing_room"),
    path("duty/", views.duty, name="duty"),
    path("scanner/", views.scanner, name="scanner"),
    path("scanner/sw.js", views.service_worker, name="service_worker"),
    path("lists/", views.lists, name="lists"),
    path("lists/new/", views.list_edit, name="list_new"),
    path("lists/<int:pk>/", views.list_edit, name="list_edit"),
    path("gates/", views.gates, name="gates"),
    path("gates/new/", views.gate_edit, name="gate_new"),
    path("gates/<int:pk>/", views.gate_edit, name="gate_edit"),
    path("gates/<int:gate_pk>/devices/new/", views.device_new, name="device_new"),
    path("devices/<int:pk>/code/", views.device_code, name="device_code"),
    path("devices/<int:pk>/revoke/", views.device_revoke, name="device_revoke"),
]
