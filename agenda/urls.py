from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("", views.programme, name="programme"),
    path("programme.ics", views.programme_ics, name="programme_ics"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>.ics", views.session_ics, name="session_ics"),
    path("sessions/<int:pk>/register/", views.session_register, name="register"),
    path("registrations/<int:pk>/withdraw/", views.registration_withdraw, name="withdraw"),
    path("exhibitors/", views.exhibitors, name="exhibitors"),
    path("changes/", views.changelog, name="changelog"),
    path("mine/", views.my_programme, name="mine"),
    path("mine/feed/rotate/", views.feed_rotate, name="feed_rotate"),
    path("feeds/<str:token>.ics", views.personal_ics, name="personal_ics"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("manage/", views.manage, name="manage"),
    path("manage/publish/", views.publish, name="publish"),
    path("manage/sessions/new/", views.session_edit, name="session_new"),
    path("manage/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("manage/sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("manage/sessions/<int:pk>/people/", views.session_people, name="session_people"),
    path(
        "manage/sessions/<int:pk>/people/<int:participant_pk>/remove/",
        views.session_people_remove,
        name="session_people_remove",
    ),
    path("manage/booths/", views.booths, name="booths"),
    path("manage/booths/<int:pk>/allocate/", views.booth_allocate, name="booth_allocate"),
    path("manage/booths/<int:pk>/release/", views.booth_release, name="booth_release"),
]
