"""Protocol journeys: a bilateral meeting from request to both sides' calendars; a seating plan after the
Secretary-General's draw."""

import icalendar
from playwright.sync_api import expect

from agenda.enums import SessionKind
from agenda.models import CalendarFeed
from hanoi_ceremony.accounts.roles import Role, forget_roles
from tests.agenda.signing.factories import DelegationFactory, LiaisonFactory, MemberFactory, SessionFactory
from tests.bilaterals.conftest import at
from tests.factories import UserFactory


def _liaison(username, delegation):
    user = UserFactory(username=username)
    LiaisonFactory(user=user, delegation=delegation)
    forget_roles(user)
    return user


def test_request_accept_suggest_and_both_sides_see_it(browser, page, login, live_server, make_user, ceremony):
    from agenda.models import Room, Venue

    venue = Venue.objects.create(name="National Convention Centre")
    Room.objects.create(venue=venue, name="Bilateral room A", capacity=10, for_bilaterals=True)
    SessionFactory(kind=SessionKind.BILATERAL, title="Bilateral meetings", starts_at=at(14), ends_at=at(18))
    kenya = DelegationFactory(name="Kenya", country_code="KEN")
    chile = DelegationFactory(name="Chile", country_code="CHL")
    for d in (kenya, chile):
        MemberFactory(delegation=d, capacity="head", family_name=f"Head{d.country_code}")
    adviser = MemberFactory(delegation=kenya, capacity="adviser", family_name="Otieno", given_names="Amina")
    a, b = _liaison("liaison-ken", kenya), _liaison("liaison-chl", chile)
    make_user(Role.ORGANISER, username="protocol-officer", is_staff=True)

    login(page, "liaison-ken")
    page.get_by_role("button", name="Protocol").click()
    page.get_by_role("link", name="Bilaterals").click()
    page.get_by_role("link", name="Request a bilateral meeting").click()
    page.get_by_label("Meet with").select_option(label="Chile")
    page.get_by_label(f"{adviser}").check()
    page.get_by_label("Note").fill("Electronic evidence")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request was sent to Chile.")).to_be_visible()
    page.context.clear_cookies()

    login(page, "liaison-chl")
    page.goto("/programme/bilaterals/")
    expect(page.get_by_text("Your answer is awaited")).to_be_visible()
    page.get_by_role("link", name="Kenya").click()
    page.get_by_role("button", name="Accept the meeting").click()
    expect(page.get_by_text("The meeting is accepted")).to_be_visible()
    page.context.clear_cookies()

    login(page, "protocol-officer")
    page.goto("/programme/bilaterals/manage/")
    page.get_by_role("link", name="Suggest a room and time").click()
    expect(page.get_by_test_id("suggestion")).to_contain_text("Bilateral room A")
    page.get_by_role("button", name="Give this room and time").click()
    expect(page.get_by_test_id("grid")).to_contain_text("Kenya – Chile")
    page.context.clear_cookies()

    for username, user in (("liaison-ken", a), ("liaison-chl", b)):
        login(page, username)
        page.get_by_role("link", name="My programme").click()
        mine = page.get_by_test_id("my-bilaterals")
        expect(mine).to_contain_text("14:00–14:30")
        expect(mine).to_contain_text("Bilateral room A")
        feed = CalendarFeed.objects.get(user=user)
        body = page.request.get(feed.get_absolute_url()).body()
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        assert [str(e["summary"]) for e in events] == ["Bilateral meeting: Kenya – Chile"]
        assert events[0].decoded("dtstart") == at(14)
        page.context.clear_cookies()


def test_seating_chart_after_a_draw_puts_the_drawn_state_first(page, login, make_user, ceremony):
    plenary = SessionFactory(kind=SessionKind.PLENARY, title="Plenary")
    for i, name in enumerate(["Argentina", "Brazil", "Kenya", "Zambia"]):
        DelegationFactory(name=name, country_code=f"Q{i:02d}")
    DelegationFactory(name="Holy See", country_code="VAT", participant_type="observer_state")
    make_user(Role.ORGANISER, username="protocol-officer", is_staff=True)

    login(page, "protocol-officer")
    page.goto(f"/seating/sessions/{plenary.pk}/")
    page.get_by_label("State drawn by the Secretary-General").select_option(label="Kenya")
    page.get_by_role("button", name="Record the draw and seat everyone").click()
    expect(page.get_by_test_id("first-seat")).to_contain_text("Kenya")
    page.get_by_role("link", name="Seating chart").click()
    items = page.get_by_test_id("order").locator("li")
    expect(items).to_have_text(["Kenya", "Zambia", "Argentina", "Brazil", "Holy See"])
    expect(page.get_by_test_id("chart").locator("g").first).to_have_attribute("data-name", "Kenya")
