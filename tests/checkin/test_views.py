import datetime

import pytest
from django.utils import timezone

from delegations.checkin import services
from delegations.checkin.models import CheckinList, Device, Gate
from tests.checkin.conftest import nonce

pytestmark = pytest.mark.django_db


def fill(device, lst, badges, credential):
    for badge in badges:
        services.scan_redeem(
            device=device,
            list_id=lst.pk,
            direction="entry",
            nonce=nonce(),
            device_time=timezone.now(),
            text=credential(badge),
        )
    services.scan_redeem(
        device=device,
        list_id=lst.pk,
        direction="entry",
        nonce=nonce(),
        device_time=timezone.now(),
        text="junk",
    )


def test_scanner_page_allows_the_camera_and_has_no_inline_script(client):
    response = client.get("/checkin/scanner/")
    assert response.status_code == 200
    assert response["Permissions-Policy"] == "camera=(self)"
    html = response.content.decode()
    assert "<script>" not in html and "onclick" not in html
    assert 'rel="manifest"' in html


def test_service_worker_lists_the_app_shell(client):
    response = client.get("/checkin/scanner/sw.js")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/javascript")
    assert "/static/checkin/js/scanner.js" in body and "/static/checkin/vendor/jsQR.js" in body


@pytest.mark.parametrize(
    "path", ["/checkin/", "/checkin/signing-room/", "/checkin/lists/", "/checkin/gates/"]
)
def test_pages_need_an_officer(client, make_user, path):
    client.force_login(make_user(username="nobody"))
    assert client.get(path).status_code == 403


def test_dashboard_counts_inside_arrivals_and_refusals(officer_client, paired, hall, make_badge, credential):
    device, _ = paired
    fill(device, hall, [make_badge("DEL") for _ in range(3)], credential)
    response = officer_client.get("/checkin/", {"day": timezone.localdate().isoformat()})
    data = response.context["data"]
    assert response.status_code == 200
    assert {row["list"].code: row["inside"] for row in data["lists"]} == {"plenary": 3, "signing": 0}
    assert data["arrivals_total"] == 3
    assert {row["reason"].value: row["count"] for row in data["failed"]}["unknown"] == 1


def test_dashboard_bad_day_is_400(officer_client):
    assert officer_client.get("/checkin/?day=soon").status_code == 400


@pytest.mark.parametrize("size", [2, 6])
def test_dashboard_queries_do_not_grow(
    officer_client, paired, hall, make_badge, credential, size, django_assert_num_queries
):
    device, _ = paired
    fill(device, hall, [make_badge("DEL") for _ in range(size)], credential)
    officer_client.get("/checkin/")
    with django_assert_num_queries(8):
        response = officer_client.get("/checkin/", {"day": timezone.localdate().isoformat()})
    assert response.context["data"]["arrivals_total"] == size


@pytest.mark.parametrize("size", [1, 4])
def test_signing_room_lists_who_is_inside(
    officer_client, paired, signing_room, make_badge, credential, size, django_assert_num_queries, settings
):
    settings.CHECKIN_SIGNING_ROOM_ZONE = "SIGN"
    device, _ = paired
    heads = [make_badge("HOD") for _ in range(size)]
    fill(device, signing_room, heads, credential)
    officer_client.get("/checkin/signing-room/")
    with django_assert_num_queries(5):
        response = officer_client.get("/checkin/signing-room/")
    assert sorted(r["holder"].serial for r in response.context["data"]["rows"]) == sorted(
        b.serial for b in heads
    )


@pytest.mark.parametrize("size", [1, 4])
def test_gates_page_queries_do_not_grow(officer_client, gate, officer, size, django_assert_num_queries):
    for i in range(size):
        services.device_create(gate=gate, name=f"Phone {i}", by=officer)
        services.gate_save(
            gate=Gate(name=f"Gate {i}", code=f"g{i}"), lists=list(CheckinList.objects.all()), by=officer
        )
    officer_client.get("/checkin/gates/")
    with django_assert_num_queries(7):
        officer_client.get("/checkin/gates/")


def test_officer_creates_a_list_and_a_bad_window_is_400(officer_client, categories):
    bad = officer_client.post(
        "/checkin/lists/new/",
        {
            "name": "Side event A",
            "code": "side-a",
            "categories": ["DEL"],
            "valid_from": "2025-10-26T10:00",
            "valid_until": "2025-10-26T09:00",
            "allow_reentry": "on",
            "entry_requires_exit": "on",
            "is_active": "on",
        },
    )
    good = officer_client.post(
        "/checkin/lists/new/",
        {
            "name": "Side event A",
            "code": "side-a",
            "categories": ["DEL"],
            "valid_from": "2025-10-26T09:00",
            "valid_until": "2025-10-26T10:15",
            "allow_reentry": "on",
            "entry_requires_exit": "on",
            "is_active": "on",
        },
    )
    assert bad.status_code == 400
    assert "valid_until" in bad.context["form"].errors
    assert good.status_code == 302
    created = CheckinList.objects.get(code="side-a")
    assert created.categories == ["DEL"] and created.version >= 1


def test_pair_a_device_from_the_gates_page_and_revoke_it(officer_client, gate):
    response = officer_client.post(f"/checkin/gates/{gate.pk}/devices/new/", {"name": "Laptop"})
    code = response.context["code"]
    device = Device.objects.get(name="Laptop")
    assert response["Cache-Control"] == "no-store"
    paired, token = services.device_pair(code=code)
    officer_client.post(f"/checkin/devices/{device.pk}/revoke/")
    assert services.device_authenticate(token) is None


def test_reception_member_goes_on_duty(client, make_user):
    from subcommittees.models import Membership, Subcommittee

    user = make_user(username="rec")
    Membership.objects.create(
        user=user, subcommittee=Subcommittee.objects.create(name="Reception", slug="reception")
    )
    client.force_login(user)
    client.post("/checkin/duty/", {"on_duty": "1"})
    assert [u.username for u in services.arrival_recipients()] == ["rec"]
    client.post("/checkin/duty/", {"on_duty": "0"})
    assert list(services.arrival_recipients()) == []


def test_attendance_per_session_counts_distinct_badges(paired, hall, make_badge, credential, officer):
    from delegations.checkin.selectors import attendance_by_session
    from tests.agenda.factories import SessionFactory

    session = SessionFactory()
    hall.session = session
    services.checkin_list_save(checkin_list=hall, by=officer)
    device, _ = paired
    badge = make_badge("DEL")
    fill(device, hall, [badge, make_badge("DEL")], credential)
    services.scan_redeem(
        device=device,
        list_id=hall.pk,
        direction="exit",
        nonce=nonce(),
        device_time=timezone.now(),
        text=credential(badge),
    )
    services.scan_redeem(
        device=device,
        list_id=hall.pk,
        direction="entry",
        nonce=nonce(),
        device_time=timezone.now() + datetime.timedelta(seconds=1),
        text=credential(badge),
    )
    assert [(r["session_id"], r["attended"]) for r in attendance_by_session()] == [(session.pk, 2)]


def test_participation_report_shows_attendance_per_session(
    organiser_client, paired, hall, make_badge, credential, officer
):
    from tests.agenda.factories import SessionFactory

    session = SessionFactory(title="Opening session")
    hall.session = session
    services.checkin_list_save(checkin_list=hall, by=officer)
    device, _ = paired
    fill(device, hall, [make_badge("DEL") for _ in range(3)], credential)
    response = organiser_client.get("/delegations/report/")
    assert response.context["attendance"] == [
        {"session_id": session.pk, "title": "Opening session", "starts_at": session.starts_at, "attended": 3}
    ]
    assert "Attendance per session (check-in)" in response.content.decode()


def test_dashboard_shows_the_ceremony_first_day_outside_the_ceremony(officer_client, ceremony):
    assert officer_client.get("/checkin/").context["data"]["day"] == ceremony.first_day


def test_list_page_shows_its_history_as_sentences(officer_client, hall):
    html = officer_client.get(f"/checkin/lists/{hall.pk}/").content.decode()
    assert "created the check-in list “Plenary hall”" in html
    assert "checkinlist.created" not in html
