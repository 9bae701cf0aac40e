"""My programme: the table is cached per delegation; every change through a service shows on the next request,
and nothing of one delegation or one user leaks to another."""

from django.test import Client

from agenda import services
from hanoi_ceremony.accounts.roles import forget_roles

from .factories import LiaisonFactory, MemberFactory, RoomFactory, SessionFactory, hanoi


def _mine(client) -> str:
    response = client.get("/programme/mine/")
    assert response.status_code == 200
    return response.content.decode()


def _client_for(link) -> Client:
    forget_roles(link.user)
    client = Client()
    client.force_login(link.user)
    return client


def test_my_programme_shows_registration_and_withdrawal_on_next_request(liaison_client, liaison, delegate):
    session = SessionFactory(title="Capacity building", capacity=5)
    assert "Capacity building" not in _mine(liaison_client)  # the empty table is cached now

    registration = services.session_register(session=session, member=delegate, by=liaison.user)
    after_register = _mine(liaison_client)
    services.session_unregister(registration=registration, by=liaison.user)
    after_withdraw = _mine(liaison_client)

    assert "Capacity building" in after_register
    assert delegate.family_name.upper() in after_register
    assert "Capacity building" not in after_withdraw


def test_my_programme_shows_session_changes_and_speakers_on_next_request(
    liaison_client, liaison, delegate, organiser
):
    session = SessionFactory(title="Old title", capacity=5, room=RoomFactory())
    services.session_register(session=session, member=delegate, by=liaison.user)
    assert "Old title" in _mine(liaison_client)

    services.session_update(session=session, by=organiser, title="New title")
    renamed = _mine(liaison_client)
    speaker = MemberFactory(delegation=liaison.delegation, family_name="Speakerson")
    services.session_participant_add(session=session, by=organiser, member=speaker)
    with_speaker = _mine(liaison_client)
    services.session_cancel(session=session, by=organiser, reason="Room flooded")
    cancelled = _mine(liaison_client)

    assert "New title" in renamed and "Old title" not in renamed
    assert "SPEAKERSON" in with_speaker
    assert "badge bg-danger" not in with_speaker
    assert "badge bg-danger" in cancelled


def test_my_programme_table_is_per_delegation(liaison, delegate, ceremony):
    other = LiaisonFactory()
    ours = SessionFactory(title="Ours only", capacity=5)
    services.session_register(session=ours, member=delegate, by=liaison.user)
    theirs = SessionFactory(title="Theirs only", capacity=5, starts_at=hanoi(26, 15), ends_at=hanoi(26, 16))
    services.session_register(
        session=theirs, member=MemberFactory(delegation=other.delegation), by=other.user
    )

    our_page = _mine(_client_for(liaison))
    their_page = _mine(_client_for(other))

    assert "Ours only" in our_page and "Theirs only" not in our_page
    assert "Theirs only" in their_page and "Ours only" not in their_page


def test_my_programme_feed_address_is_each_liaisons_own(liaison, delegate, ceremony):
    colleague = LiaisonFactory(delegation=liaison.delegation)
    session = SessionFactory(title="Shared table", capacity=5)
    services.session_register(session=session, member=delegate, by=liaison.user)
    ours, theirs = _client_for(liaison), _client_for(colleague)

    our_page, their_page = _mine(ours), _mine(theirs)
    our_feed = services.calendar_feed_get_or_create(user=liaison.user)
    their_feed = services.calendar_feed_get_or_create(user=colleague.user)
    ours.post("/programme/mine/feed/rotate/")
    rotated = services.calendar_feed_get_or_create(user=liaison.user)
    after_rotation = _mine(ours)

    assert "Shared table" in our_page and "Shared table" in their_page
    assert our_feed.token in our_page and their_feed.token not in our_page
    assert their_feed.token in their_page and our_feed.token not in their_page
    assert rotated.token in after_rotation and our_feed.token not in after_rotation


def test_member_rename_through_delegations_shows_on_programme_pages(
    liaison_client, liaison, organiser, client
):
    from hanoi_ceremony.core.pagecache import bump

    session = SessionFactory(title="Cyber panel", capacity=5)
    speaker = MemberFactory(delegation=liaison.delegation, family_name="Oldname")
    services.session_participant_add(session=session, by=organiser, member=speaker)
    pages = ["/programme/", session.get_absolute_url()]
    before = [client.get(p).content.decode() for p in pages] + [_mine(liaison_client)]

    speaker.family_name = "Newname"  # what delegations.services.member_update does, with its bump
    speaker.save()
    bump("delegations")
    anonymous = [client.get(p).content.decode() for p in pages]
    signed_in = [liaison_client.get("/programme/").content.decode(), _mine(liaison_client)]

    assert all("OLDNAME" in html for html in before)
    assert all("NEWNAME" in html and "OLDNAME" not in html for html in anonymous + signed_in)
