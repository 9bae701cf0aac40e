from django.urls import path

from . import views

app_name = "delegations"

urlpatterns = [
    path("", views.delegation_list, name="list"),
    path("new/", views.delegation_create, name="create"),
    path("bulk/", views.bulk_decide, name="bulk"),
    path("export.<str:fmt>", views.export, name="export"),
    path("report/", views.report, name="report"),
    path("privacy/", views.retention, name="privacy"),
    path("<int:pk>/members/<int:member_pk>/privacy/", views.member_privacy, name="member_privacy"),
    path("<int:pk>/members/<int:member_pk>/privacy/export/", views.member_export, name="member_export"),
    path(
        "<int:pk>/members/<int:member_pk>/privacy/anonymise/", views.member_anonymise, name="member_anonymise"
    ),
    path("inbox/", views.review_inbox, name="inbox"),
    path("mine/", views.mine, name="mine"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/invite/", views.invitation_send, name="invite"),
    path("<int:pk>/deadline/", views.deadline_extend, name="deadline"),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/<str:action>/",
        views.invitation_action,
        name="invitation_action",
    ),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/members/<int:member_pk>/passport/", views.member_passport, name="member_passport"),
    path("<int:pk>/members/<int:member_pk>/photo/", views.member_photo, name="member_photo"),
    path("<int:pk>/members/<int:member_pk>/signatory/", views.signatory_designate, name="signatory"),
    path("<int:pk>/documents/add/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path(
        "<int:pk>/full-powers/<int:full_powers_pk>/upload/",
        views.full_powers_upload,
        name="full_powers_upload",
    ),
    path("<int:pk>/full-powers/<int:full_powers_pk>/", views.full_powers_download, name="full_powers"),
]
