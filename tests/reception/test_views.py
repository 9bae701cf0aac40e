"""Reception pages: access, refusals shown with their status, printing records a snapshot, query counts."""

import pytest
from django.urls import reverse

from delegations.enums import Capacity, ProtocolRank
from subcommittees.reception import services
from subcommittees.reception.models import BoardPrint, CarSlot
from tests.delegations.factories import MemberFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def test_pages_need_reception_or_oversight(client, make_user):
    client.force_login(make_user())
    for name in ("reception:leaders", "reception:board", "reception:rooming", "reception:welcoming"):
        assert client.get(reverse(name)).status_code == 403


def test_scenario_of_someone_else_answers_404(client, make_head, rules, reception_lead, make_user):
    scenario = services.scenario_issue(member=make_head(), by=reception_lead)
    client.force_login(make_user())
    assert client.get(scenario.get_absolute_url()).status_code == 404


def test_assigned_officer_sees_the_scenario(client, make_head, rules, reception_lead, make_user):
    outsider = make_user()
    head = make_head()
    services.officer_assign(delegation=head.delegation, officer=outsider, by=reception_lead)
    scenario = services.scenario_issue(member=head, by=reception_lead)
    client.force_login(outsider)
    assert client.get(scenario.get_absolute_url()).status_code == 200
    assert str(head) in client.get(reverse("reception:mine")).content.decode()


def test_double_booking_is_refused_with_the_message(client, make_head, car, reception_lead):
    first, second = make_head(), make_head()
    services.car_slot_book(
        member=first, vehicle=car, starts_at=at(24, 10), ends_at=at(24, 12), by=reception_lead
    )
    client.force_login(reception_lead)
    response = client.post(
        reverse("reception:car_book", args=[second.pk]),
        {"vehicle": car.pk, "starts_at": "2025-10-24T11:00", "ends_at": "2025-10-24T13:00", "purpose": ""},
    )
    assert response.status_code == 400  # next to the field, as the programme's room bookings answer
    assert "is already booked for" in response.content.decode()
    assert CarSlot.objects.count() == 1


def test_printing_the_board_records_a_snapshot(client, make_head, reception_lead):
    head = make_head(arrival=at(24, 10))
    client.force_login(reception_lead)
    response = client.post(
        reverse("reception:board_print"), {"day": "2025-10-24", "direction": "arrivals", "airport": ""}
    )
    assert response.status_code == 302
    assert BoardPrint.objects.get().snapshot == {str(head.pk): ["VN18", "10:00", head.arrival_airport]}
    sheet = client.get(response["Location"]).content.decode()
    assert str(head) in sheet
    assert "<script>" not in sheet


def _grow(make_head, rules, reception_lead, n):
    for i in range(n):
        head = make_head(
            arrival=at(24, 8 + i), rank=[ProtocolRank.HEAD_OF_STATE, ProtocolRank.MINISTER][i % 2]
        )
        for _ in range(3):
            MemberFactory(
                delegation=head.delegation,
                capacity=Capacity.ADVISER,
                arrival_at=head.arrival_at,
                hotel=head.hotel,
                arrival_airport=head.arrival_airport,
            )
        services.scenario_issue(member=head, by=reception_lead)


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        ("reception:board", "?day=2025-10-24", 8),
        ("reception:leaders", "", 8),
        ("reception:rooming", "", 5),
    ],
)
def test_page_query_count_is_constant(
    client, make_head, rules, reception_lead, size, name, query, expected, django_assert_num_queries
):
    _grow(make_head, rules, reception_lead, size)
    client.force_login(reception_lead)
    url = reverse(name) + query
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_scenario_page_query_count_is_constant(
    client, make_head, rules, officer, reception_lead, size, django_assert_num_queries
):
    _grow(make_head, rules, reception_lead, size)
    head = make_head(arrival=at(24, 20))
    services.officer_assign(delegation=head.delegation, officer=officer, by=reception_lead)
    scenario = services.scenario_issue(member=head, by=reception_lead)
    for k in range(size):
        services.scenario_step_add(
            scenario=scenario, by=reception_lead, data={"at": at(24, 21, k), "title": f"Step {k}"}
        )
    client.force_login(reception_lead)
    client.get(scenario.get_absolute_url())
    with django_assert_num_queries(9):
        response = client.get(scenario.get_absolute_url())
    assert response.status_code == 200


def test_cached_board_follows_a_flight_change_and_a_print(client, make_head, reception_lead, organiser):
    from delegations.services import member_update

    head = make_head(arrival=at(24, 10), flight="VN18")
    client.force_login(reception_lead)
    url = reverse("reception:board") + "?day=2025-10-24"
    assert "Not printed yet." in client.get(url).content.decode()
    client.post(
        reverse("reception:board_print"), {"day": "2025-10-24", "direction": "arrivals", "airport": ""}
    )
    member_update(member=head, by=organiser, data={"arrival_flight": "VN54"})
    page = client.get(url).content.decode()
    assert "VN54" in page
    assert "1 change since printed" in page


def test_a_busy_board_pages_on_screen_and_prints_everyone(client, make_head, reception_lead):
    from subcommittees.reception.views import BOARD_PAGE_SIZE

    head = make_head(arrival=at(24, 6))
    for i in range(BOARD_PAGE_SIZE + 5):
        MemberFactory(
            delegation=head.delegation,
            capacity=Capacity.ADVISER,
            family_name=f"Traveller{i:03d}",
            arrival_flight=f"QR{i:03d}",
            arrival_at=at(24, 7, 0) + __import__("datetime").timedelta(minutes=i),
        )
    client.force_login(reception_lead)
    url = reverse("reception:board") + "?day=2025-10-24"
    first = client.get(url).content.decode()
    assert f"{BOARD_PAGE_SIZE + 6} people" in first  # the counts cover the whole day
    assert "QR000" in first and f"QR{BOARD_PAGE_SIZE - 2:03d}" in first
    assert f"QR{BOARD_PAGE_SIZE + 4:03d}" not in first
    second = client.get(url + "&page=2").content.decode()
    assert f"QR{BOARD_PAGE_SIZE + 4:03d}" in second and "QR000" not in second
    assert client.get(url + "&page=99").status_code == 200  # past the end: the last page
    sheet = client.get(reverse("reception:run_sheet") + "?day=2025-10-24").content.decode()
    assert "QR000" in sheet and f"QR{BOARD_PAGE_SIZE + 4:03d}" in sheet
