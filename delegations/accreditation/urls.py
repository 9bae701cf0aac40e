from django.urls import path

from . import views

app_name = "accreditation"

urlpatterns = [
    path("keys.json", views.keys_json, name="keys_json"),
    path("media/apply/", views.media_apply, name="media_apply"),
    path("media/thanks/", views.media_thanks, name="media_thanks"),
    path("media/photo/<str:token>/", views.media_photo, name="media_photo"),
    path("", views.queue, name="queue"),
    path("keys/", views.keys, name="keys"),
    path("keys/rotate/", views.key_rotate, name="key_rotate"),
    path("keys/<int:pk>/retire/", views.key_retire, name="key_retire"),
    path("bulk/", views.queue_bulk, name="queue_bulk"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/decide/", views.person_decide, name="person_decide"),
    path("people/<int:pk>/photo-verdict/", views.person_photo_verdict, name="person_photo_verdict"),
    path("people/<int:pk>/category/", views.person_category, name="person_category"),
    path("people/<int:pk>/photo/", views.person_photo, name="person_photo"),
    path("people/<int:pk>/documents/<slug:which>/", views.media_document, name="media_document"),
    path("people/<int:pk>/badge.pdf", views.person_badge_pdf, name="person_badge_pdf"),
    path("people/<int:pk>/issue/", views.badge_issue, name="badge_issue"),
    path("badges/<int:pk>/reissue/", views.badge_reissue, name="badge_reissue"),
    path("print/", views.print_queue, name="print_queue"),
    path("print/sheet.pdf", views.print_sheet, name="print_sheet"),
    path("print/printed/", views.print_mark, name="print_mark"),
    path("collection/", views.collection_desk, name="collection"),
    path("collection/<int:pk>/", views.collection_desk, name="collection_delegation"),
    path("collection/<int:pk>/record/", views.collection_record, name="collection_record"),
    path("receipts/<int:pk>.pdf", views.collection_receipt, name="collection_receipt"),
    path("security/export.<str:fmt>", views.security_export, name="security_export"),
    path("security/import/", views.security_import, name="security_import"),
    path("delegations/", views.delegations_summary, name="summary"),
    path("delegations/mine/", views.mine, name="mine"),
    path("delegations/<int:pk>/", views.delegation_page, name="delegation"),
    path("delegations/<int:pk>/badges.pdf", views.delegation_badges_pdf, name="delegation_badges_pdf"),
    path("delegations/<int:pk>/passes/", views.pass_issue, name="pass_issue"),
    path("delegations/<int:pk>/passes/<int:pass_pk>/", views.pass_transfer, name="pass_transfer"),
    path("delegations/<int:pk>/quota/", views.quota_set, name="quota_set"),
    path("counts/", views.counts, name="counts"),
]
