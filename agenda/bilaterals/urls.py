from django.urls import path

from . import views

app_name = "bilaterals"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("manage/", views.manage, name="manage"),
    path("grid/", views.grid, name="grid"),
    path("rooms/<int:room_pk>/<str:day>/", views.room_day, name="room_day"),
]
