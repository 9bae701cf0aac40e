"""Browser journeys for the signing ceremony and the plenary's speakers' list."""

import datetime
import re

import time_machine
from playwright.sync_api import expect

from delegations.enums import FullPowersStatus, ProtocolRank
from delegations.models import Liaison
from hanoi_ceremony.accounts.roles import Role
from tests.agenda.signing.factories import (
    HANOI,
    DelegationFactory,
    FullPowersFactory,
    MemberFactory,
    RosterFactory,
    SigningEntryFactory,
    SpeakersListFactory,
)


def test_organiser_verifies_full_powers_confirms_and_the_board_shows_the_signature(
    browser, page, login, make_user, ceremony, live_server
):
    make_user(Role.ORGANISER, username="olga", is_staff=True)
    roster = RosterFactory()
    kenya = DelegationFactory(name="Kenya", country_code="KEN")
    minister = MemberFactory(
        delegation=kenya, family_name="Mutua", given_names="Alfred", rank=ProtocolRank.MINISTER
    )
    SigningEntryFactory(roster=roster, delegation=kenya, signatory=minister, position=1)
    FullPowersFactory(member=minister, status=FullPowersStatus.RECEIVED)
    # During the ceremony in Hà Nội (the clock ticks on, so the board's polling keeps working).
    with time_machine.travel(datetime.datetime(2025, 10, 25, 10, 0, tzinfo=HANOI)):
        board_context = browser.new_context(
            base_url=live_server.url, locale="en-GB", timezone_id="Asia/Ho_Chi_Minh"
        )
        board = board_context.new_page()
        board.goto("/signing/board/")
        expect(board.get_by_test_id("signatory-count")).to_have_text("0")

        login(page, "olga")
        page.goto("/signing/")
        expect(page.locator("tr[data-party='Kenya']").get_by_text("Not confirmable")).to_be_visible()
        page.goto("/signing/full-powers/")
        page.locator("tr[data-member='Alfred MUTUA']").get_by_role("button", name="Verify").click()
        expect(page.get_by_text("Full powers of Alfred MUTUA: Verified.")).to_be_visible()
        page.goto("/signing/")
        row = page.locator("tr[data-party='Kenya']")
        expect(row.get_by_test_id("basis")).to_contain_text(
            re.compile(r"full powers verified on .* by Test Person")
        )
        row.get_by_role("button", name="Confirm").click()
        page.locator("tr[data-party='Kenya']").get_by_role("link", name="Mark signed").click()
        page.get_by_label("I confirm that this party's signatory has signed").check()
        page.get_by_role("button", name="Mark signed").click()
        expect(page.get_by_text("Kenya has signed.")).to_be_visible()

        # The hall screen updates by itself (polling the cached JSON), no reload.
        expect(board.get_by_test_id("signatory-count")).to_have_text("1", timeout=15_000)
        expect(board.get_by_test_id("latest")).to_contain_text("Kenya")
        expect(board.get_by_test_id("latest")).to_contain_text("Hà Nội")
        board_context.close()


def test_liaison_inscribes_a_minister_and_sees_the_position(page, login, make_user, ceremony):
    plenary = SpeakersListFactory(session__title="Plenary")
    first = DelegationFactory(name="Brazil")
    from agenda.signing import services

    services.inscription_create(
        speakers_list=plenary,
        delegation=first,
        speaker=MemberFactory(delegation=first, rank=ProtocolRank.HEAD_OF_STATE),
        by=None,
    )
    own = DelegationFactory(name="Kenya", country_code="KEN")
    MemberFactory(delegation=own, family_name="Mutua", given_names="Alfred", rank=ProtocolRank.MINISTER)
    user = make_user(username="amani")
    Liaison.objects.create(user=user, delegation=own)

    login(page, "amani")
    page.goto("/signing/speakers/mine/")
    page.get_by_role("link", name="Plenary").click()
    page.get_by_label("Speaker").select_option(label="Alfred MUTUA — Minister")
    page.get_by_role("button", name="Inscribe").click()

    expect(page.get_by_test_id("my-position")).to_have_text("Alfred MUTUA is number 2 of 2 on the list.")
