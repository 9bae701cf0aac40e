from django.urls import path

from . import views

app_name = "signing"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("roster/open/", views.roster_open, name="roster_open"),
    path("roster/add/", views.roster_add, name="roster_add"),
    path("roster/rule/", views.roster_rule, name="roster_rule"),
    path("roster/<int:pk>/", views.entry_detail, name="entry"),
    path("roster/<int:pk>/signatory/", views.entry_signatory, name="entry_signatory"),
    path("roster/<int:pk>/move/", views.entry_move, name="entry_move"),
    path("roster/<int:pk>/release/", views.entry_release, name="entry_release"),
    path("roster/<int:pk>/confirm/", views.entry_confirm, name="entry_confirm"),
    path("roster/<int:pk>/signed/", views.entry_signed, name="entry_signed"),
    path("roster/<int:pk>/unsign/", views.entry_unsign, name="entry_unsign"),
    path("roster/<int:pk>/status/", views.entry_status, name="entry_status"),
    path("full-powers/", views.full_powers, name="full_powers"),
    path("full-powers/<int:pk>/<slug:action>/", views.full_powers_action, name="full_powers_action"),
    path("board/", views.board, name="board"),
    path("board.json", views.board_json, name="board_json"),
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
    path("speakers/", views.speakers_index, name="speakers"),
    path("speakers/mine/", views.speakers_mine, name="speakers_mine"),
    path("speakers/new/", views.speakers_new, name="speakers_new"),
    path("speakers/<int:pk>/chair/inscription/", views.chair_inscription, name="chair_inscription"),
    path("speakers/<int:pk>/", views.speakers_detail, name="speakers_detail"),
    path("speakers/<int:pk>/chair/", views.chair, name="chair"),
    path("speakers/<int:pk>/chair/next/", views.chair_next, name="chair_next"),
    path("speakers/<int:pk>/chair/reply/", views.chair_reply, name="chair_reply"),
    path("speakers/<int:pk>/chair/inscribe/", views.chair_inscribe, name="chair_inscribe"),
    path(
        "speakers/<int:pk>/inscriptions/<int:inscription_pk>/place/",
        views.inscription_place,
        name="inscription_place",
    ),
    path(
        "speakers/<int:pk>/inscriptions/<int:inscription_pk>/time/",
        views.inscription_time,
        name="inscription_time",
    ),
    path("speakers/<int:pk>/delegations/<int:delegation_id>/inscribe/", views.inscribe, name="inscribe"),
    path(
        "speakers/<int:pk>/delegations/<int:delegation_id>/withdraw/",
        views.inscription_withdraw,
        name="inscription_withdraw",
    ),
]
