"""Every list page costs the same number of queries at two data sizes (cold cache for public pages)."""

import datetime

import pytest
from django.core.cache import cache

from agenda import services
from agenda.models import Booth
from hanoi_ceremony.core.pagecache import forget_local

from .factories import (
    BoothFactory,
    DelegationFactory,
    MemberFactory,
    RoomFactory,
    SessionFactory,
    SlotFactory,
    hanoi,
)


def _populate(n: int, *, liaison, organiser) -> None:
    for i in range(n):
        room = RoomFactory()
        session = SessionFactory(
            room=room,
            capacity=10,
            starts_at=hanoi(26, 9) + datetime.timedelta(minutes=90 * (i % 5)),
        )
        session.organisers.set([liaison.delegation, DelegationFactory()])
        services.session_participant_add(
            session=session, by=organiser, member=MemberFactory(delegation=liaison.delegation)
        )
        services.session_participant_add(
            session=session, by=organiser, name=f"Expert {i}", affiliation="UNODC"
        )
        services.session_register(
            session=session, member=MemberFactory(delegation=liaison.delegation), by=liaison.user
        )
        booth = BoothFactory()
        services.booth_allocate(
            booth=booth,
            by=organiser,
            exhibitor_name=f"Exhibitor {i}",
            exhibitor_kind="company",
            contact_name="C",
            contact_email="c@example.org",
            setup_starts_at=hanoi(24, 8),
            setup_ends_at=hanoi(24, 18),
        )
        services.proposal_submit(
            delegation=liaison.delegation,
            by=liaison.user,
            title=f"Proposal {i}",
            co_organisers=[DelegationFactory()],
        )
    SlotFactory()
    services.programme_publish(by=organiser)
    assert Booth.objects.count() >= n


SIZES = [2, 7]


def _get(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # + one COUNT for the programme's pages (a summit's programme comes 500 sessions a page)
        ("/programme/", 10),
        ("/programme/?view=room&day=2025-10-26", 10),
        ("/programme/exhibitors/", 3),
        ("/programme/changes/", 3),
        ("/programme/programme.ics", 2),
    ],
)
def test_public_list_pages_query_count_is_constant(
    client, liaison, organiser, django_assert_num_queries, n, url, queries
):
    _populate(n, liaison=liaison, organiser=organiser)
    cache.clear()

    with django_assert_num_queries(queries):
        _get(client, url)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(("url", "queries"), [("/programme/proposals/", 9)])
def test_liaison_list_pages_query_count_is_constant(
    liaison_client, liaison, organiser, django_assert_num_queries, n, url, queries
):
    _populate(n, liaison=liaison, organiser=organiser)
    liaison_client.get(url)  # the calendar feed row exists from here on

    with django_assert_num_queries(queries):
        _get(liaison_client, url)


@pytest.mark.parametrize("n", SIZES)
def test_my_programme_query_count_is_constant_cold_and_warm(
    liaison_client, liaison, organiser, django_assert_num_queries, n
):
    _populate(n, liaison=liaison, organiser=organiser)
    liaison_client.get("/programme/mine/")  # the calendar feed row exists from here on
    forget_local()
    cache.clear()

    # The table rendered: four reads of the delegation's programme, one of its bilateral meetings.
    with django_assert_num_queries(15):
        cold = liaison_client.get("/programme/mine/")
    with django_assert_num_queries(6):  # the table from the fragment cache
        warm = liaison_client.get("/programme/mine/")

    assert cold.status_code == warm.status_code == 200
    assert cold.content.count(b'data-testid="mine-') == warm.content.count(b'data-testid="mine-') == n


@pytest.mark.parametrize("n", SIZES)
def test_personal_feed_query_count_is_constant(client, liaison, organiser, django_assert_num_queries, n):
    _populate(n, liaison=liaison, organiser=organiser)
    feed = services.calendar_feed_get_or_create(user=liaison.user)

    with django_assert_num_queries(9):  # with the delegation's bilateral meetings
        _get(client, feed.get_absolute_url())


@pytest.mark.parametrize("n", SIZES)
def test_manage_page_query_count_is_constant(
    organiser_client, liaison, organiser, django_assert_num_queries, n
):
    _populate(n, liaison=liaison, organiser=organiser)

    with django_assert_num_queries(16):
        _get(organiser_client, "/programme/manage/")


@pytest.mark.parametrize("n", SIZES)
def test_register_page_query_count_is_constant(
    liaison_client, liaison, organiser, django_assert_num_queries, n
):
    _populate(n, liaison=liaison, organiser=organiser)
    session = SessionFactory(capacity=n // 2 + 1, room=RoomFactory(), starts_at=hanoi(25, 15))
    for member in MemberFactory.create_batch(n, delegation=liaison.delegation):
        services.session_register(session=session, member=member, by=liaison.user)

    with django_assert_num_queries(13):
        _get(liaison_client, f"/programme/sessions/{session.pk}/register/")


@pytest.mark.parametrize("n", SIZES)
def test_session_detail_query_count_is_constant(client, liaison, organiser, django_assert_num_queries, n):
    _populate(n, liaison=liaison, organiser=organiser)
    from agenda.models import Session

    session = Session.objects.first()

    with django_assert_num_queries(6):
        _get(client, session.get_absolute_url())


@pytest.mark.parametrize("n", SIZES)
def test_booths_page_query_count_is_constant(
    organiser_client, liaison, organiser, django_assert_num_queries, n
):
    _populate(n, liaison=liaison, organiser=organiser)
    BoothFactory()  # a free one too

    with django_assert_num_queries(9):
        _get(organiser_client, "/programme/manage/booths/")
