from django.urls import path

from . import views

app_name = "accreditation"

urlpatterns = [
    path("keys.json", views.keys_json, name="keys_json"),
]
