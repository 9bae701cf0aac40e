from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminder_list, name="list"),
    path("<int:pk>/", views.reminder_detail, name="detail"),
    path("<int:pk>/retry/", views.reminder_retry_view, name="retry"),
]
