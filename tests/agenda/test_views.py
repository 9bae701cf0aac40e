import pytest
from django.urls import reverse

from agenda import services
from agenda.enums import RegistrationStatus
from agenda.models import Booth, Session, SessionRegistration, SideEventProposal

from .factories import (
    BoothFactory,
    DelegationFactory,
    MemberFactory,
    RoomFactory,
    SessionFactory,
    SlotFactory,
    hanoi,
)


def test_programme_page_lists_public_sessions_and_filters_by_kind(client, ceremony):
    SessionFactory(
        title="Remarks by the co-chairs", kind="opening", starts_at=hanoi(25, 9), ends_at=hanoi(25, 10)
    )
    SessionFactory(title="Hidden draft", status="draft", first_published_at=None, room=RoomFactory())
    SessionFactory(title="Workshop on evidence", kind="workshop", room=RoomFactory())

    everything = client.get("/programme/").content.decode()
    workshops = client.get("/programme/?kind=workshop").content.decode()

    assert "Remarks by the co-chairs" in everything and "Workshop on evidence" in everything
    assert "Hidden draft" not in everything
    assert "Workshop on evidence" in workshops and "Remarks by the co-chairs" not in workshops


def test_programme_page_by_day_and_room(client, ceremony):
    room = RoomFactory(name="Plenary Hall")
    SessionFactory(title="Day one thing", starts_at=hanoi(25, 9), ends_at=hanoi(25, 10), room=room)
    SessionFactory(title="Day two thing", room=RoomFactory(name="Room 2"))

    day_two = client.get("/programme/?day=2025-10-26&view=room").content.decode()
    by_room = client.get(f"/programme/?room={room.pk}").content.decode()

    assert "Day two thing" in day_two and "Day one thing" not in day_two
    assert "Day one thing" in by_room and "Day two thing" not in by_room


def test_programme_page_ignores_bad_filters(client, ceremony):
    SessionFactory(title="Still shown")

    response = client.get("/programme/?day=yesterday&kind=<script>&room=abc")

    assert response.status_code == 200
    assert "Still shown" in response.content.decode()


def test_programme_page_is_served_from_cache_and_invalidated_by_services(
    client, ceremony, organiser, django_assert_num_queries
):
    session = SessionFactory(title="Before")
    client.get("/programme/")

    with django_assert_num_queries(2):  # the programme's and the delegations' versions
        client.get("/programme/")
    services.session_update(session=session, by=organiser, title="After")

    assert "After" in client.get("/programme/").content.decode()


def test_programme_page_signed_in_reads_no_sessions_when_warm_and_follows_services(
    liaison_client, ceremony, organiser, django_assert_num_queries
):
    session = SessionFactory(title="Before", kind="workshop")
    SessionFactory(title="A plenary", kind="plenary")
    liaison_client.get("/programme/")
    liaison_client.get("/programme/?kind=workshop")

    with django_assert_num_queries(5):  # session, user, 2 versions, unread count: the body from the cache
        warm = liaison_client.get("/programme/").content.decode()
    filtered = liaison_client.get("/programme/?kind=workshop").content.decode()
    services.session_update(session=session, by=organiser, title="After")
    changed = liaison_client.get("/programme/?kind=workshop").content.decode()

    assert "Before" in warm and "A plenary" in warm
    assert "Before" in filtered and "A plenary" not in filtered
    assert "After" in changed and "Before" not in changed


def test_programme_rows_escape_titles_and_people(client, ceremony, organiser):
    session = SessionFactory(title="<script>alert(1)</script> & co", kind="workshop")
    services.session_participant_add(session=session, by=organiser, name='Dr "X" <b>', affiliation="ITU")
    services.session_cancel(session=session, by=organiser, reason="Moved")

    html = client.get("/programme/").content.decode()

    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "Dr &quot;X&quot; &lt;b&gt;" in html
    assert "text-decoration-line-through" in html and "Cancelled" in html


def test_session_detail_shows_people_and_times_in_hanoi(client, ceremony, organiser):
    session = SessionFactory(
        title="Opening session", kind="opening", starts_at=hanoi(25, 9), ends_at=hanoi(25, 10, 30)
    )
    services.session_participant_add(
        session=session, by=organiser, role="chair", name="UN Secretary-General", affiliation="United Nations"
    )

    html = client.get(session.get_absolute_url()).content.decode()

    assert "09:00–10:30" in html
    assert "UN Secretary-General" in html


def test_session_detail_of_draft_is_404(client, ceremony):
    session = SessionFactory(status="draft", first_published_at=None)

    assert client.get(session.get_absolute_url()).status_code == 404


def test_exhibitors_page_lists_allocations(client, ceremony, organiser):
    booth = BoothFactory(code="A01")
    services.booth_allocate(
        booth=booth,
        by=organiser,
        exhibitor_name="Ministry of Public Security",
        exhibitor_kind="organisation",
        contact_name="Mr Duc",
        contact_email="duc@example.org",
        setup_starts_at=hanoi(24, 8),
        setup_ends_at=hanoi(24, 18),
    )

    html = client.get("/programme/exhibitors/").content.decode()

    assert "Ministry of Public Security" in html and "A01" in html


def test_changelog_page_shows_publication(client, ceremony, organiser):
    session = SessionFactory(title="Roundtable", status="draft", first_published_at=None)
    services.programme_publish(by=organiser)
    services.session_cancel(session=session, by=organiser)
    services.programme_publish(by=organiser)

    html = client.get("/programme/changes/").content.decode()

    assert "Cancelled" in html and "Roundtable" in html


def test_register_page_registers_and_waitlists(liaison_client, liaison, ceremony):
    session = SessionFactory(capacity=1)
    first, second = MemberFactory.create_batch(2, delegation=liaison.delegation)
    url = reverse("agenda:register", args=[session.pk])

    assert liaison_client.post(url, {"member": first.pk}).status_code == 302
    assert liaison_client.post(url, {"member": second.pk}).status_code == 302

    assert dict(SessionRegistration.objects.values_list("member_id", "status")) == {
        first.pk: RegistrationStatus.REGISTERED,
        second.pk: RegistrationStatus.WAITLISTED,
    }


def test_register_page_refuses_double_registration_with_message(liaison_client, delegate, ceremony):
    session = SessionFactory(capacity=5)
    url = reverse("agenda:register", args=[session.pk])
    liaison_client.post(url, {"member": delegate.pk})

    response = liaison_client.post(url, {"member": delegate.pk})

    assert response.status_code == 409
    assert "already registered" in response.content.decode()
    assert SessionRegistration.objects.count() == 1


def test_register_page_refuses_other_delegations_member(liaison_client, ceremony):
    session = SessionFactory(capacity=5)
    stranger = MemberFactory()

    response = liaison_client.post(reverse("agenda:register", args=[session.pk]), {"member": stranger.pk})

    assert response.status_code == 400
    assert SessionRegistration.objects.count() == 0


def test_withdraw_promotes_waitlisted(liaison_client, liaison, ceremony):
    session = SessionFactory(capacity=1)
    first, second = MemberFactory.create_batch(2, delegation=liaison.delegation)
    reg = services.session_register(session=session, member=first, by=liaison.user)
    services.session_register(session=session, member=second, by=liaison.user)

    response = liaison_client.post(reverse("agenda:withdraw", args=[reg.pk]))

    assert response.status_code == 302
    assert SessionRegistration.objects.get().member == second
    assert SessionRegistration.objects.get().status == RegistrationStatus.REGISTERED


def test_my_programme_shows_registrations_speaking_and_feed(liaison_client, liaison, delegate, organiser):
    registered = SessionFactory(title="Registered one", capacity=3)
    speaking = SessionFactory(
        title="Speaking one", room=RoomFactory(), starts_at=hanoi(26, 12), ends_at=hanoi(26, 13)
    )
    SessionFactory(title="Someone else's", room=RoomFactory())
    services.session_register(session=registered, member=delegate, by=liaison.user)
    services.session_participant_add(
        session=speaking, by=organiser, member=MemberFactory(delegation=liaison.delegation)
    )

    html = liaison_client.get("/programme/mine/").content.decode()

    assert "Registered one" in html and "Speaking one" in html
    assert "Someone else" not in html
    assert "/programme/feeds/" in html


def test_proposal_flow_through_pages(client, liaison, organiser, room, ceremony):
    slot = SlotFactory()
    client.force_login(liaison.user)
    bad = client.post("/programme/proposals/new/", {"title": "", "expected_attendance": 40})
    good = client.post(
        "/programme/proposals/new/",
        {"title": "Cyber capacity", "expected_attendance": 40, "speakers": "Dr Y, ITU"},
    )
    proposal = SideEventProposal.objects.get()
    client.force_login(organiser)
    decided = client.post(
        f"/programme/proposals/{proposal.pk}/decide/",
        {"action": "accept", "accept-slot": slot.pk, "accept-room": room.pk, "accept-kind": "side_event"},
    )

    assert bad.status_code == 400
    assert good.status_code == 302
    assert decided.status_code == 302
    proposal.refresh_from_db()
    assert proposal.session.room == room


def test_proposal_accept_conflict_shows_message_next_to_room(organiser_client, liaison, room, ceremony):
    slot = SlotFactory()
    SessionFactory(room=room, starts_at=slot.starts_at, ends_at=slot.ends_at)
    proposal = services.proposal_submit(delegation=liaison.delegation, by=liaison.user, title="Clash")

    response = organiser_client.post(
        f"/programme/proposals/{proposal.pk}/decide/",
        {"action": "accept", "accept-slot": slot.pk, "accept-room": room.pk, "accept-kind": "side_event"},
    )

    assert response.status_code == 409
    assert "already booked" in response.content.decode()


def test_session_form_keeps_input_and_shows_room_clash(organiser_client, room, ceremony):
    SessionFactory(room=room, starts_at=hanoi(26, 9), ends_at=hanoi(26, 10, 15))

    response = organiser_client.post(
        "/programme/manage/sessions/new/",
        {
            "kind": "workshop",
            "title": "My typed title",
            "starts_at": "2025-10-26T09:30",
            "ends_at": "2025-10-26T10:30",
            "room": room.pk,
            "access": "all_delegates",
            "languages": "English",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "already booked" in html and "My typed title" in html
    assert Session.objects.count() == 1


def test_session_form_creates_session_in_hanoi_time(organiser_client, room, ceremony):
    response = organiser_client.post(
        "/programme/manage/sessions/new/",
        {
            "kind": "workshop",
            "title": "New",
            "starts_at": "2025-10-26T09:30",
            "ends_at": "2025-10-26T10:30",
            "room": room.pk,
            "access": "all_delegates",
            "organisers": [DelegationFactory().pk],
        },
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.local_starts.hour == 9 and session.local_starts.minute == 30
    assert session.organisers.count() == 1


def test_session_form_outside_days_is_400(organiser_client, room, ceremony):
    response = organiser_client.post(
        "/programme/manage/sessions/new/",
        {
            "kind": "workshop",
            "title": "Late",
            "starts_at": "2025-10-27T09:30",
            "ends_at": "2025-10-27T10:30",
            "room": room.pk,
            "access": "all_delegates",
        },
    )

    assert response.status_code == 400
    assert "within the ceremony days" in response.content.decode()


def test_manage_page_warns_of_person_clashes(organiser_client, organiser, ceremony):
    person = MemberFactory()
    first = SessionFactory(title="First")
    second = SessionFactory(title="Second", room=RoomFactory())
    services.session_participant_add(session=first, by=organiser, member=person)
    services.session_participant_add(session=second, by=organiser, member=person)

    html = organiser_client.get("/programme/manage/").content.decode()

    assert 'data-testid="clashes"' in html and str(person) in html


def test_publish_and_cancel_through_pages(organiser_client, ceremony):
    session = SessionFactory(status="draft", first_published_at=None)

    organiser_client.post("/programme/manage/publish/", {"note": "v1"})
    organiser_client.post(f"/programme/manage/sessions/{session.pk}/cancel/")

    session.refresh_from_db()
    assert session.status == "cancelled"
    assert session.first_published_at is not None


@pytest.mark.parametrize("path", ["/programme/", "/programme/exhibitors/", "/programme/changes/"])
def test_public_pages_answer_anonymous(client, ceremony, path):
    assert client.get(path).status_code == 200


def test_people_page_adds_speaker_and_warns_of_clash(organiser_client, organiser, ceremony):
    person = MemberFactory()
    first = SessionFactory(title="First")
    second = SessionFactory(title="Second", room=RoomFactory())
    services.session_participant_add(session=first, by=organiser, member=person)

    response = organiser_client.post(
        reverse("agenda:session_people", args=[second.pk]),
        {"role": "speaker", "member": person.pk},
        follow=True,
    )

    assert second.participants.get().member == person
    assert "also in “First”" in response.content.decode()


def test_people_page_refuses_member_and_name_together(organiser_client, ceremony):
    session = SessionFactory()

    response = organiser_client.post(
        reverse("agenda:session_people", args=[session.pk]),
        {"role": "speaker", "member": MemberFactory().pk, "name": "Typed name"},
    )

    assert response.status_code == 400
    assert "Typed name" in response.content.decode()
    assert session.participants.count() == 0


def test_people_page_removes(organiser_client, organiser, ceremony):
    session = SessionFactory()
    services.session_participant_add(session=session, by=organiser, name="Dr Z")
    participant = session.participants.get()

    organiser_client.post(reverse("agenda:session_people_remove", args=[session.pk, participant.pk]))

    assert session.participants.count() == 0


def _booth_post(**over):
    data = {
        "exhibitor_name": "Viettel",
        "exhibitor_kind": "company",
        "contact_name": "Ms Hoa",
        "contact_email": "hoa@example.org",
        "setup_starts_at": "2025-10-24T08:00",
        "setup_ends_at": "2025-10-24T18:00",
    }
    data.update(over)
    return data


def test_booth_allocate_page_then_second_allocation_is_409(organiser_client, ceremony):
    booth = BoothFactory(code="A07")
    url = reverse("agenda:booth_allocate", args=[booth.pk])

    first = organiser_client.post(url, _booth_post())
    second = organiser_client.post(url, _booth_post(exhibitor_name="Someone else"))

    assert first.status_code == 302
    assert second.status_code == 409
    assert "already allocated" in second.content.decode()
    assert "Viettel" in organiser_client.get(reverse("agenda:booths")).content.decode()


def test_booth_allocate_page_setup_order_error_keeps_input(organiser_client, ceremony):
    booth = BoothFactory()

    response = organiser_client.post(
        reverse("agenda:booth_allocate", args=[booth.pk]),
        _booth_post(
            setup_starts_at="2025-10-24T18:00", setup_ends_at="2025-10-24T08:00", exhibitor_name="Typed Co"
        ),
    )

    assert response.status_code == 400
    assert "Set-up must end after it starts." in response.content.decode()
    assert "Typed Co" in response.content.decode()


def test_booth_release_page(organiser_client, organiser, ceremony):
    booth = BoothFactory()
    organiser_client.post(reverse("agenda:booth_allocate", args=[booth.pk]), _booth_post())

    url = reverse("agenda:booth_release", args=[booth.pk])
    confirm = organiser_client.get(url)
    assert confirm.status_code == 200 and "Viettel" in confirm.content.decode()
    refused = organiser_client.post(url, {"reason": ""})  # a reason is asked for: nothing released
    assert refused.status_code == 400 and hasattr(Booth.objects.get(pk=booth.pk), "allocation")

    done = organiser_client.post(url, {"reason": "The exhibitor withdrew"})

    assert done.status_code == 302
    assert not hasattr(Booth.objects.get(pk=booth.pk), "allocation")
    from hanoi_ceremony.audit.models import AuditEntry

    assert AuditEntry.objects.get(action="booth.released").reason == "The exhibitor withdrew"


def test_allocate_page_of_a_taken_booth_sends_back_to_the_list(organiser_client, ceremony):
    booth = BoothFactory(code="A08")
    url = reverse("agenda:booth_allocate", args=[booth.pk])
    organiser_client.post(url, _booth_post())

    response = organiser_client.get(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("agenda:booths")
    assert "already allocated" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/programme/proposals/new/", {"title": "Zero people", "expected_attendance": 0}),
        ("/programme/proposals/new/", {"title": "x" * 400, "expected_attendance": 10}),
    ],
)
def test_proposal_bad_input_is_400_with_message(liaison_client, ceremony, path, data):
    response = liaison_client.post(path, data)

    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert SideEventProposal.objects.count() == 0


def test_unknown_session_pages_are_404(client, liaison_client, ceremony):
    assert client.get("/programme/sessions/999999/").status_code == 404
    assert client.get("/programme/sessions/999999.ics").status_code == 404
    assert liaison_client.get("/programme/sessions/999999/register/").status_code == 404


def test_register_with_garbage_member_is_400(liaison_client, ceremony):
    session = SessionFactory(capacity=3)

    response = liaison_client.post(reverse("agenda:register", args=[session.pk]), {"member": "abc"})

    assert response.status_code == 400
    assert SessionRegistration.objects.count() == 0


def test_people_page_shows_the_session_history(organiser_client, organiser, ceremony):
    session = SessionFactory()
    services.session_cancel(session=session, by=organiser, reason="Room flooded")

    html = organiser_client.get(reverse("agenda:session_people", args=[session.pk])).content.decode()

    assert "cancelled the session" in html and "Room flooded" in html
    assert "session.cancel" not in html  # a sentence, never the code


def test_register_page_shows_queue_position(liaison_client, liaison, ceremony):
    session = SessionFactory(capacity=1)
    members = MemberFactory.create_batch(3, delegation=liaison.delegation)
    for member in members:
        services.session_register(session=session, member=member, by=liaison.user)

    html = liaison_client.get(reverse("agenda:register", args=[session.pk])).content.decode()

    assert "number 1 in the queue" in html and "number 2 in the queue" in html


def test_renaming_a_room_in_the_admin_refreshes_the_public_programme(organiser_client, client, ceremony):
    session = SessionFactory(title="Roundtable", room=RoomFactory(name="Old name"))
    assert "Old name" in client.get("/programme/").content.decode()
    room = session.room

    organiser_client.post(
        f"/admin/agenda/room/{room.pk}/change/",
        {"venue": room.venue_id, "name_en": "New name", "capacity": 100},  # one field per language
    )

    assert "New name" in client.get("/programme/").content.decode()


def test_cached_public_page_carries_nothing_personal(liaison_client, liaison, ceremony):
    from django.test import Client

    client = Client()
    SessionFactory(title="Shared")
    liaison.user.first_name, liaison.user.last_name = "Zebulon", "Quigley"
    liaison.user.save()

    as_liaison = liaison_client.get("/programme/").content.decode()
    anonymous = client.get("/programme/").content.decode()
    as_liaison_again = liaison_client.get("/programme/").content.decode()

    assert "Zebulon" in as_liaison and "Zebulon" in as_liaison_again
    assert "My programme" in as_liaison_again
    assert "Zebulon" not in anonymous and "My programme" not in anonymous


def test_cached_public_page_gives_each_visitor_a_working_csrf_token(ceremony):
    from django.test import Client

    SessionFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/programme/")  # fills the cache

    page = second.get("/programme/").content.decode()
    # The language switch needs no token (it only sets a cookie), so a cached page works for everyone.
    response = second.post("/i18n/setlang/", {"language": "fr", "next": "/programme/"})

    assert "placeholder" not in page
    assert response.status_code == 302


def test_out_of_range_ids_are_harmless(client, liaison_client, ceremony):
    huge = "9" * 25

    assert client.get(f"/programme/?room={huge}").status_code == 200
    assert client.get(f"/programme/sessions/{huge}/").status_code == 404
    assert client.get(f"/programme/sessions/{huge}.ics").status_code == 404
    assert liaison_client.post(f"/programme/registrations/{huge}/withdraw/").status_code == 404


def test_out_of_range_choice_is_a_form_error(liaison_client, organiser_client, ceremony):
    session = SessionFactory(capacity=3)
    huge = "9" * 25

    response = liaison_client.post(reverse("agenda:register", args=[session.pk]), {"member": huge})

    assert response.status_code == 400


def test_a_summit_programme_comes_in_pages(client, ceremony, monkeypatch):
    from agenda.views import public

    monkeypatch.setattr(public, "PROGRAMME_PAGE_ROWS", 2)
    sessions = [
        SessionFactory(
            title=f"Session {i}", starts_at=hanoi(25, 9 + i), ends_at=hanoi(25, 10 + i), room=RoomFactory()
        )
        for i in range(5)
    ]

    first = client.get("/programme/").content.decode()
    third = client.get("/programme/?page=3").content.decode()
    beyond = client.get("/programme/?page=99").content.decode()

    assert "Session 0" in first and "Session 1" in first and "Session 2" not in first
    assert "Page 1 of 3" in first and "page=2" in first
    assert "Session 4" in third and "Session 3" not in third and "Page 3 of 3" in third
    assert "Session 4" in beyond  # past the end: the last page
    assert client.get("/programme/?page=x").status_code == 200
    assert len(sessions) == 5


def test_room_choices_are_in_natural_order(ceremony):
    from agenda.forms import AcceptForm
    from agenda.models import Room, Venue

    venue = Venue.objects.create(name="NCC")
    for name in ("Meeting room 10", "Meeting room 2", "Meeting room 1", "Meeting room 11"):
        Room.objects.create(venue=venue, name=name, capacity=20)
    labels = [r.name for r in AcceptForm().fields["room"].queryset if r.name.startswith("Meeting room")]
    assert labels == ["Meeting room 1", "Meeting room 2", "Meeting room 10", "Meeting room 11"]
