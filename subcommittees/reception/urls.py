from django.urls import path

from . import views

app_name = "reception"

urlpatterns = [
    path("", views.leaders, name="leaders"),
    path("board/", views.board, name="board"),
    path("board/print/", views.board_print, name="board_print"),
    path("board/sheet/", views.run_sheet, name="run_sheet"),
    path("rooming/", views.rooming, name="rooming"),
    path("welcoming/", views.welcoming, name="welcoming"),
    path("mine/", views.mine, name="mine"),
    path("delegations/<int:pk>/officer/", views.officer_assign, name="officer_assign"),
    path("leaders/<int:member_id>/car/", views.car_book, name="car_book"),
    path("leaders/<int:member_id>/scenario/", views.scenario_issue, name="scenario_issue"),
    path("slots/<int:pk>/cancel/", views.car_cancel, name="car_cancel"),
    path("scenarios/<int:pk>/", views.scenario, name="scenario"),
    path("scenarios/<int:pk>/steps/new/", views.step_edit, name="step_add"),
    path("scenarios/<int:pk>/steps/<int:step_pk>/", views.step_edit, name="step_edit"),
]
