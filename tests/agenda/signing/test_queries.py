"""Every list page costs the same number of queries at 3 and at 30 rows."""

import pytest
from django.urls import reverse

from agenda.signing import services
from delegations.enums import ProtocolRank

from .factories import (
    DelegationFactory,
    FullPowersFactory,
    InscriptionFactory,
    MemberFactory,
    SigningEntryFactory,
)

pytestmark = pytest.mark.django_db

RANKS = [ProtocolRank.HEAD_OF_STATE, ProtocolRank.MINISTER, ProtocolRank.AMBASSADOR]


@pytest.fixture
def populate(roster, plenary, organiser):
    def make(n):
        for i in range(n):
            entry = SigningEntryFactory(roster=roster, signatory__rank=RANKS[i % 3])
            if not entry.signatory.signs_by_function:
                FullPowersFactory(member=entry.signatory, status=["awaited", "received"][i % 2])
            else:
                services.entry_confirm(entry=entry, by=organiser)
            d = DelegationFactory()
            InscriptionFactory(
                speakers_list=plenary, delegation=d, speaker=MemberFactory(delegation=d, rank=RANKS[i % 3])
            )
        return roster, plenary

    return make


@pytest.mark.parametrize("size", [3, 30])
def test_roster_page_query_count_is_constant(organiser_client, populate, size, django_assert_num_queries):
    populate(size)

    with django_assert_num_queries(8):
        response = organiser_client.get(reverse("signing:roster"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_full_powers_page_query_count_is_constant(
    organiser_client, populate, size, django_assert_num_queries
):
    populate(size)

    with django_assert_num_queries(6):
        response = organiser_client.get(reverse("signing:full_powers"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_signed_in_board_query_count_is_constant(organiser_client, populate, size, django_assert_num_queries):
    populate(size)

    with django_assert_num_queries(7):
        response = organiser_client.get(reverse("signing:board"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_public_board_is_one_query_when_warm(client, populate, size, django_assert_num_queries):
    populate(size)
    client.get(reverse("signing:board"))

    with django_assert_num_queries(1):
        response = client.get(reverse("signing:board"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_report_query_count_is_constant(client, populate, size, django_assert_num_queries):
    populate(size)

    with django_assert_num_queries(4):
        response = client.get(reverse("signing:report"), {"as_of": "2025-10-26"})

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_speakers_list_query_count_is_constant(client, populate, size, django_assert_num_queries):
    _, plenary = populate(size)

    with django_assert_num_queries(5):
        response = client.get(reverse("signing:speakers_detail", kwargs={"pk": plenary.pk}))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_chair_view_query_count_is_constant(organiser_client, populate, size, django_assert_num_queries):
    _, plenary = populate(size)

    with django_assert_num_queries(10):
        response = organiser_client.get(reverse("signing:chair", kwargs={"pk": plenary.pk}))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_inscribe_page_query_count_is_constant(
    client, populate, make_liaison, size, django_assert_num_queries
):
    _, plenary = populate(size)
    own = DelegationFactory()
    MemberFactory(delegation=own)
    client.force_login(make_liaison(own))

    with django_assert_num_queries(8):
        response = client.get(reverse("signing:inscribe", kwargs={"pk": plenary.pk, "delegation_id": own.pk}))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_liaison_lists_page_query_count_is_constant(
    client, populate, make_liaison, size, django_assert_num_queries
):
    _, plenary = populate(size)
    own = DelegationFactory()
    InscriptionFactory(speakers_list=plenary, delegation=own, speaker=MemberFactory(delegation=own))
    client.force_login(make_liaison(own))

    with django_assert_num_queries(6):
        response = client.get(reverse("signing:speakers_mine"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_speakers_index_query_count_is_constant(client, populate, size, django_assert_num_queries):
    from .factories import SpeakersListFactory

    populate(size)
    for _ in range(size // 3):
        SpeakersListFactory()

    with django_assert_num_queries(3):
        response = client.get(reverse("signing:speakers"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_entry_page_query_count_is_constant(
    organiser_client, roster, organiser, size, django_assert_num_queries
):
    entry = SigningEntryFactory(roster=roster)
    for n in range(size):  # a long history of manual placements
        services.roster_move_entry(
            entry=entry, position=1, reason=f"move {n}", expected_version=None, by=organiser
        )

    with django_assert_num_queries(8):
        response = organiser_client.get(reverse("signing:entry", kwargs={"pk": entry.pk}))

    assert response.status_code == 200
