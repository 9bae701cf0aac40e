from django.urls import path

from . import views

app_name = "protocol"

urlpatterns = [
    path("levels/", views.levels, name="levels"),
    path("levels.csv", views.levels_csv, name="levels_csv"),
    path("participants/", views.participants, name="participants"),
    path("participants.pdf", views.participants_pdf_view, name="participants_pdf"),
    path("participants/manage/", views.participants_manage, name="participants_manage"),
    path("letters/mine/", views.my_letter, name="my_letter"),
    path("letters/<int:pk>.pdf", views.letter, name="letter"),
]
