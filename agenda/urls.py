from django.urls import path, register_converter

from . import views


class IdConverter:
    """A database id: digits that fit a 64-bit integer (a longer number is a 404, not a crash)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "agenda_id")

app_name = "agenda"

urlpatterns = [
    path("", views.programme, name="programme"),
    path("programme.ics", views.programme_ics, name="programme_ics"),
    path("grid/", views.programme_grid, name="grid"),
    path("sessions/<agenda_id:pk>/", views.session_detail, name="session"),
    path("sessions/<agenda_id:pk>.ics", views.session_ics, name="session_ics"),
    path("sessions/<agenda_id:pk>/register/", views.session_register, name="register"),
    path("registrations/<agenda_id:pk>/withdraw/", views.registration_withdraw, name="withdraw"),
    path("exhibitors/", views.exhibitors, name="exhibitors"),
    path("changes/", views.changelog, name="changelog"),
    path("mine/", views.my_programme, name="mine"),
    path("mine/feed/rotate/", views.feed_rotate, name="feed_rotate"),
    path("feeds/<str:token>.ics", views.personal_ics, name="personal_ics"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<agenda_id:pk>/", views.proposal, name="proposal"),
    path("proposals/<agenda_id:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("manage/", views.manage, name="manage"),
    path("manage/publish/", views.publish, name="publish"),
    path("manage/sessions/new/", views.session_edit, name="session_new"),
    path("manage/sessions/<agenda_id:pk>/edit/", views.session_edit, name="session_edit"),
    path("manage/sessions/<agenda_id:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("manage/sessions/<agenda_id:pk>/people/", views.session_people, name="session_people"),
    path(
        "manage/sessions/<agenda_id:pk>/people/<agenda_id:participant_pk>/remove/",
        views.session_people_remove,
        name="session_people_remove",
    ),
    path("manage/booths/", views.booths, name="booths"),
    path("manage/booths/<agenda_id:pk>/allocate/", views.booth_allocate, name="booth_allocate"),
    path("manage/booths/<agenda_id:pk>/release/", views.booth_release, name="booth_release"),
]
