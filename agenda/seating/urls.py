from django.urls import path

from . import views

app_name = "seating"

urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/<int:pk>/", views.session_plan, name="session"),
    path("sessions/<int:pk>/draw/", views.draw, name="draw"),
    path("sessions/<int:pk>/chart/", views.chart, name="chart"),
    path("sessions/<int:pk>/chart.svg", views.chart_svg, name="chart_svg"),
    path("sessions/<int:pk>/place-cards.pdf", views.place_cards, name="place_cards"),
]
