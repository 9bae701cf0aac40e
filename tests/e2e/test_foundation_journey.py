from playwright.sync_api import expect

from hanoi_ceremony.accounts.roles import Role


def test_organiser_signs_in_and_reaches_the_admin(page, login, make_user, ceremony):
    make_user(Role.ORGANISER, username="olga", is_staff=True)

    login(page, "olga")
    page.get_by_role("link", name="Admin").click()

    expect(page.get_by_role("heading", name="Organise the ceremony")).to_be_visible()
    expect(page.get_by_role("link", name="Ceremony").first).to_be_visible()


def test_home_page_shows_the_ceremony_to_anyone(page, ceremony):
    page.goto("/")

    expect(page.get_by_role("heading", name="Hanoi Convention")).to_be_visible()
    expect(page.get_by_text("National Convention Centre, Hà Nội").first).to_be_visible()
