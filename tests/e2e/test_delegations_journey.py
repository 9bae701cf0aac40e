"""Browser journey for issue 3: organiser invites -> liaison registers and submits -> organiser requests
changes -> liaison fixes -> organiser confirms -> liaison sees "Confirmed" and the confirmation e-mail exists."""

import io
import re

from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from delegations.models import Delegation
from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.notifications.models import OutboundEmail


def _photo(tmp_path, name):
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (120, 140, 160)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _add_member(pg, *, family, given, capacity, rank, passport, photo):
    pg.get_by_role("link", name="Add a member").click()
    pg.get_by_label("Family name (as in passport)").fill(family)
    pg.get_by_label("Given names (as in passport)").fill(given)
    pg.get_by_label("Capacity in the delegation").select_option(label=capacity)
    pg.get_by_label("Protocol rank").select_option(label=rank)
    pg.get_by_label("Nationality").select_option("CHL")
    pg.get_by_label("Passport number").fill(passport)
    pg.get_by_label("Badge photo").set_input_files(photo)
    pg.get_by_role("button", name="Save").click()
    expect(pg.get_by_text("The member was added.")).to_be_visible()


def test_delegation_invited_registered_reviewed_and_confirmed(
    page, browser, live_server, login, make_user, ceremony, tmp_path
):
    make_user(Role.ORGANISER, username="olga", is_staff=True)
    organiser = page

    # The organiser adds Chile and invites its focal point.
    login(organiser, "olga")
    organiser.goto("/delegations/new/")
    organiser.get_by_label("Participant type").select_option(label="UN Member State")
    organiser.get_by_label("State", exact=True).select_option(label="Chile")
    organiser.get_by_label("Focal point's e-mail").fill("focal@minrel.example")
    organiser.get_by_role("button", name="Add the delegation").click()
    expect(organiser.get_by_role("heading", name="Chile")).to_be_visible()
    delegation = Delegation.objects.get(country_code="CHL")

    invitation = OutboundEmail.objects.get(kind="delegations.invitation", to_address="focal@minrel.example")
    link = re.search(r"https?://\S+/delegations/invitation/\S+/", invitation.body_text).group(0)
    path = link[link.index("/delegations/") :]

    # The focal point opens the link in another browser, sets a password and registers.
    liaison_context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Asia/Ho_Chi_Minh"
    )
    try:
        _liaison_journey(liaison_context.new_page(), organiser, delegation, path, tmp_path)
    finally:
        liaison_context.close()
    organiser.close()

    confirmation = OutboundEmail.objects.get(kind="delegations.confirmed")
    assert confirmation.to_address == "focal@minrel.example"
    assert [m.subject for m in mail.outbox if m.to == ["focal@minrel.example"]][
        -1
    ] == "Chile: registration confirmed"


def _liaison_journey(liaison, organiser, delegation, path, tmp_path):
    liaison.set_default_timeout(15_000)
    liaison.goto(path)
    expect(liaison.get_by_role("heading", name="Register the delegation of Chile")).to_be_visible()
    liaison.get_by_label("Given names").fill("Ana")
    liaison.get_by_label("Family name").fill("Rojas")
    liaison.get_by_label("Choose a password").fill("chile-signs-2025")
    liaison.get_by_label("Repeat the password").fill("chile-signs-2025")
    liaison.get_by_role("button", name="Create my account").click()
    expect(liaison.get_by_role("heading", name="Chile")).to_be_visible()

    photo = _photo(tmp_path, "photo.jpg")
    _add_member(
        liaison,
        family="Van Klaveren",
        given="Alberto",
        capacity="Head of delegation",
        rank="Minister for Foreign Affairs",
        passport="CL1000001",
        photo=photo,
    )
    _add_member(
        liaison,
        family="Gonzalez",
        given="Maria",
        capacity="Representative",
        rank="Other",
        passport="CL1000002",
        photo=photo,
    )
    _add_member(
        liaison,
        family="Perez",
        given="Jorge",
        capacity="Adviser",
        rank="Other",
        passport="CL1000003",
        photo=photo,
    )
    _add_member(
        liaison,
        family="Soto",
        given="Camila",
        capacity="Expert",
        rank="Other",
        passport="CL1000004",
        photo=photo,
    )
    expect(liaison.get_by_test_id("member-row")).to_have_count(4)
    liaison.get_by_role("button", name="Submit the registration").click()
    expect(liaison.get_by_text("Your registration was submitted for review.")).to_be_visible()

    # The organiser asks for a change.
    organiser.goto(f"/delegations/{delegation.pk}/")
    organiser.get_by_label("Message to the liaison / reason").fill(
        "Please add the hotel of the head of delegation."
    )
    organiser.get_by_role("button", name="Request changes").click()
    expect(organiser.get_by_test_id("status")).to_have_text("Changes requested")

    # The liaison reads the request, fixes the member and submits again.
    liaison.reload()
    expect(liaison.get_by_test_id("review-message")).to_contain_text("Please add the hotel")
    liaison.get_by_role("link", name="Edit Alberto VAN KLAVEREN").click()
    liaison.get_by_label("Hotel").fill("Lotte Hotel Hanoi")
    liaison.get_by_role("button", name="Save").click()
    expect(liaison.get_by_text("The member's details were saved.")).to_be_visible()
    liaison.get_by_role("button", name="Submit the registration").click()
    expect(liaison.get_by_test_id("status")).to_have_text("Submitted")

    # The organiser sees the change highlighted and confirms.
    organiser.reload()
    expect(organiser.get_by_test_id("changes-since-review")).to_contain_text("Lotte Hotel Hanoi")
    organiser.get_by_role("button", name="Confirm").click()
    expect(organiser.get_by_test_id("status")).to_have_text("Confirmed")

    # The liaison sees "Confirmed"; the confirmation e-mail was written and sent.
    liaison.reload()
    expect(liaison.get_by_test_id("status")).to_have_text("Confirmed")
