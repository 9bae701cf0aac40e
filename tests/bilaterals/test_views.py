import pytest
from django.urls import reverse

from agenda.bilaterals.enums import BilateralStatus as S
from agenda.bilaterals.models import Bilateral
from agenda.models import CalendarFeed

from .conftest import at
from .helpers import accepted, request, schedule


def test_liaison_requests_with_preferred_times_and_the_other_side_accepts(
    client, kenya, chile, make_liaison, block
):
    client.force_login(make_liaison(kenya))
    response = client.post(
        reverse("bilaterals:new"),
        {
            "counterpart": chile.pk,
            "participants": [kenya.extra[0].pk],
            "from_1": "2025-10-25T15:00",
            "until_1": "2025-10-25T16:00",
            "interpretation_from": "Swahili",
            "interpretation_to": "Spanish",
            "note": "Cooperation",
        },
    )
    bilateral = Bilateral.objects.get()
    assert response.status_code == 302
    assert [(w.starts_at, w.ends_at) for w in bilateral.windows.all()] == [(at(15), at(16))]
    client.force_login(make_liaison(chile))
    page = client.get(reverse("bilaterals:index"))
    assert "Your answer is awaited" in page.content.decode()
    response = client.post(
        reverse("bilaterals:accept", args=[bilateral.pk]), {"expected_status": "requested"}
    )
    assert response.status_code == 302
    bilateral.refresh_from_db()
    assert bilateral.status == S.ACCEPTED


def test_bad_window_answers_400_next_to_the_field(client, kenya, chile, make_liaison):
    client.force_login(make_liaison(kenya))
    response = client.post(
        reverse("bilaterals:new"),
        {"counterpart": chile.pk, "from_1": "2025-10-25T16:00", "until_1": "2025-10-25T15:00"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["until_1"] == ["A preferred time must end after it starts."]
    assert not Bilateral.objects.exists()


def test_the_requester_cannot_accept_its_own_request(client, kenya, chile, make_liaison):
    user = make_liaison(kenya)
    bilateral = request(kenya, chile, by=user)
    client.force_login(user)
    response = client.post(reverse("bilaterals:accept", args=[bilateral.pk]))
    assert response.status_code == 403
    bilateral.refresh_from_db()
    assert bilateral.status == S.REQUESTED


def test_another_delegations_meeting_answers_404(client, kenya, chile, japan, make_liaison):
    bilateral = request(kenya, chile)
    client.force_login(make_liaison(japan))
    assert client.get(reverse("bilaterals:detail", args=[bilateral.pk])).status_code == 404
    assert client.post(reverse("bilaterals:cancel", args=[bilateral.pk])).status_code == 404


def test_liaisons_cannot_open_the_grid_or_schedule(client, kenya, chile, make_liaison, rooms, block):
    bilateral = accepted(kenya, chile)
    client.force_login(make_liaison(kenya))
    assert client.get(reverse("bilaterals:grid")).status_code == 403
    assert client.post(reverse("bilaterals:schedule", args=[bilateral.pk]), {}).status_code == 403


def test_organiser_takes_the_suggestion(organiser_client, kenya, chile, rooms, block):
    bilateral = accepted(kenya, chile)
    page = organiser_client.get(reverse("bilaterals:schedule", args=[bilateral.pk]))
    assert page.context["suggestion"].starts_at == at(14)
    form = page.context["form"]
    response = organiser_client.post(
        reverse("bilaterals:schedule", args=[bilateral.pk]),
        {"room": form.initial["room"], "starts_at": form.initial["starts_at"].strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    bilateral.refresh_from_db()
    assert (bilateral.room, bilateral.starts_at) == (rooms[0], at(14))


def test_a_conflicting_choice_answers_400_with_the_reason(
    organiser_client, kenya, chile, japan, rooms, block
):
    schedule(accepted(kenya, chile), rooms[0], at(14))
    bilateral = accepted(kenya, japan)
    response = organiser_client.post(
        reverse("bilaterals:schedule", args=[bilateral.pk]),
        {"room": rooms[1].pk, "starts_at": "2025-10-25T14:00"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"] == [
        "A head of delegation already has another bilateral meeting then."
    ]


def _fill(n, make_delegation, rooms):
    made = []
    for i in range(n):
        a = make_delegation(f"A{i:03d}", f"A{i:02d}")
        b = make_delegation(f"B{i:03d}", f"B{i:02d}")
        made.append(schedule(accepted(a, b), rooms[i % 2], at(14) + (i // 2) * (at(14, 45) - at(14))))
    return made


@pytest.mark.parametrize("n", [1, 5])
def test_grid_queries_do_not_grow_with_meetings(
    organiser_client, make_delegation, rooms, block, n, django_assert_num_queries
):
    _fill(n, make_delegation, rooms)
    organiser_client.get(reverse("bilaterals:grid") + "?day=2025-10-26")  # warm sessions and roles
    with django_assert_num_queries(12):  # a miss: the grid is computed
        response = organiser_client.get(reverse("bilaterals:grid") + "?day=2025-10-25")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="cell-') == n


def test_grid_shows_a_new_meeting_at_once(organiser_client, kenya, chile, rooms, block):
    url = reverse("bilaterals:grid") + "?day=2025-10-25"
    assert 'data-testid="cell-' not in organiser_client.get(url).content.decode()
    bilateral = schedule(accepted(kenya, chile), rooms[1], at(14, 45))
    assert f'data-testid="cell-{bilateral.pk}"' in organiser_client.get(url).content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_room_day_queries_do_not_grow(
    organiser_client, make_delegation, rooms, block, n, django_assert_num_queries
):
    _fill(n, make_delegation, rooms)
    url = reverse("bilaterals:room_day", args=[rooms[0].pk, "2025-10-25"])
    organiser_client.get(url)
    with django_assert_num_queries(8):
        response = organiser_client.get(url)
    assert len(response.context["meetings"]) == (n + 1) // 2


def test_both_sides_see_it_in_my_programme_and_their_feed(
    client, kenya, chile, japan, make_liaison, rooms, block
):
    users = [make_liaison(kenya), make_liaison(chile), make_liaison(japan)]
    bilateral = schedule(accepted(kenya, chile), rooms[0], at(14))
    for user, sees in zip(users, (True, True, False), strict=True):
        client.force_login(user)
        page = client.get(reverse("agenda:mine")).content.decode()
        assert (f'data-testid="my-bilateral-{bilateral.pk}"' in page) is sees
        feed = CalendarFeed.objects.get(user=user)
        ics = client.get(feed.get_absolute_url()).content.decode()
        assert (f"UID:bilateral-{bilateral.pk}@hanoi-convention" in ics) is sees
    assert "SUMMARY:Bilateral meeting: Kenya – Chile" in client.get(
        CalendarFeed.objects.get(user=users[0]).get_absolute_url()
    ).content.decode().replace("\r\n ", "")


def test_my_programme_shows_a_move_at_once(client, kenya, chile, make_liaison, rooms, block):
    user = make_liaison(kenya)
    bilateral = schedule(accepted(kenya, chile), rooms[0], at(14))
    client.force_login(user)
    assert "14:00" in client.get(reverse("agenda:mine")).content.decode()
    schedule(bilateral, rooms[1], at(15, 30))
    assert "15:30" in client.get(reverse("agenda:mine")).content.decode()
