"""A liaison registers delegates for a side event, sees it in "my programme", downloads its .ics; a full
side event puts the next delegate on the waiting list and promotes them when someone leaves."""

import icalendar
from playwright.sync_api import expect

from agenda.enums import RegistrationStatus
from agenda.models import SessionRegistration
from hanoi_ceremony.accounts.roles import forget_roles
from tests.agenda.factories import LiaisonFactory, MemberFactory, SessionFactory, hanoi
from tests.factories import UserFactory


def test_liaison_registers_delegate_sees_my_programme_and_downloads_ics(page, login, ceremony):
    user = UserFactory(username="lina")
    liaison = LiaisonFactory(user=user)
    forget_roles(user)
    MemberFactory(delegation=liaison.delegation, family_name="Nguyen", given_names="Mai")
    session = SessionFactory(
        title="Electronic evidence across borders",
        capacity=20,
        starts_at=hanoi(26, 12),
        ends_at=hanoi(26, 13, 15),
    )

    login(page, "lina")
    page.get_by_role("link", name="Programme", exact=True).click()
    page.get_by_role("link", name="Electronic evidence across borders").click()
    page.get_by_role("link", name="Register delegates").click()
    page.get_by_label("Delegate").select_option(label=f"Mai NGUYEN — {liaison.delegation.name}")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Mai NGUYEN is registered.")).to_be_visible()

    page.get_by_role("link", name="My programme").click()
    row = page.get_by_test_id(f"mine-{session.pk}")
    expect(row).to_contain_text("Electronic evidence across borders")
    expect(row).to_contain_text("Mai NGUYEN — Registered")
    expect(row).to_contain_text("12:00–13:15")
    with page.expect_download() as download_info:
        row.get_by_role("link", name=".ics").click()
    path = download_info.value.path()

    calendar = icalendar.Calendar.from_ical(open(path, "rb").read())
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Electronic evidence across borders"]
    assert events[0].decoded("dtstart") == hanoi(26, 12)


def test_full_side_event_waitlists_then_promotes(page, login, ceremony):
    user = UserFactory(username="lan")
    liaison = LiaisonFactory(user=user)
    forget_roles(user)
    first = MemberFactory(delegation=liaison.delegation, family_name="Tran", given_names="An")
    second = MemberFactory(delegation=liaison.delegation, family_name="Le", given_names="Binh")
    session = SessionFactory(title="Protecting children online", capacity=1)

    login(page, "lan")
    page.goto(f"/programme/sessions/{session.pk}/register/")
    page.get_by_label("Delegate").select_option(label=f"An TRAN — {liaison.delegation.name}")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("seats")).to_contain_text("1 of 1 seats taken")
    page.get_by_label("Delegate").select_option(label=f"Binh LE — {liaison.delegation.name}")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Binh LE is on the waiting list.")).to_be_visible()
    expect(page.get_by_test_id(f"registration-{second.pk}")).to_contain_text("On the waiting list")

    page.get_by_role("button", name="Withdraw An TRAN").click()

    expect(page.get_by_text("Binh LE moved up from the waiting list.")).to_be_visible()
    expect(page.get_by_test_id(f"registration-{second.pk}")).to_contain_text("Registered")
    assert list(SessionRegistration.objects.values_list("member_id", "status")) == [
        (second.pk, RegistrationStatus.REGISTERED)
    ]
    assert not SessionRegistration.objects.filter(member=first).exists()


def test_liaison_proposes_side_event_and_organiser_allocates_it(page, login, ceremony, make_user):
    from hanoi_ceremony.accounts.roles import Role
    from hanoi_ceremony.notifications.models import Notification
    from tests.agenda.factories import RoomFactory, SlotFactory

    user = UserFactory(username="mai")
    liaison = LiaisonFactory(user=user)
    forget_roles(user)
    make_user(Role.ORGANISER, username="olga", is_staff=True)
    room = RoomFactory(name="Meeting room 5", capacity=120)
    SlotFactory(starts_at=hanoi(26, 13, 30), ends_at=hanoi(26, 14, 45))

    login(page, "mai")
    page.get_by_role("link", name="Side events").click()
    page.get_by_role("link", name="Propose a side event").click()
    page.get_by_label("Title").fill("Online scams and trafficking in persons")
    page.get_by_label("Proposed speakers").fill("Dr Hoang, Ha Noi Law University")
    page.get_by_label("Logistics needs").fill("Projector")
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_text("Your proposal was sent to the organisers.")).to_be_visible()
    page.get_by_role("button", name=str(user)).click()
    page.get_by_role("button", name="Sign out").click()

    login(page, "olga")
    page.goto("/programme/proposals/")
    page.get_by_role("link", name="Decide").click()
    page.get_by_label("Slot").select_option(index=1)
    page.get_by_label("Room").select_option(label="Meeting room 5")
    page.get_by_role("button", name="Accept and allocate").click()
    expect(page.get_by_text("Decision recorded; the proposers were told.")).to_be_visible()
    # Not a link yet: the session's page opens when the programme is published (it used to answer 404).
    expect(page.get_by_text("26 Oct 2025, 13:30, Meeting room 5")).to_be_visible()

    assert Notification.objects.filter(recipient=user, kind="agenda.proposal_accepted").count() == 1
    assert liaison.delegation.organised_sessions.get().room == room
