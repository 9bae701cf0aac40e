import datetime

import pytest
import time_machine
from django.urls import reverse

from agenda.signing import services
from agenda.signing.enums import SigningStatus
from agenda.signing.models import Inscription, Ratification, SigningEntry
from delegations.enums import FullPowersStatus, ProtocolRank

from .factories import HANOI, DelegationFactory, FullPowersFactory, MemberFactory, SigningEntryFactory

pytestmark = pytest.mark.django_db


def test_roster_shows_authority_basis_per_entry(organiser_client, roster, organiser):
    head = SigningEntryFactory(
        roster=roster, delegation__name="Kenya", signatory__rank=ProtocolRank.HEAD_OF_STATE
    )
    minister = SigningEntryFactory(
        roster=roster, delegation__name="Chile", signatory__rank=ProtocolRank.MINISTER
    )
    fp = services.full_powers_mark_received(
        full_powers=FullPowersFactory(member=minister.signatory), by=organiser
    )
    with time_machine.travel(datetime.datetime(2025, 10, 24, 9, 30, tzinfo=HANOI), tick=False):
        services.full_powers_verify(full_powers=fp, by=organiser)

    response = organiser_client.get(reverse("signing:roster"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "by function (Head of State)" in content
    assert f"full powers verified on 24 October 2025, 09:30 by {organiser}" in content
    assert head.delegation.name in content


def test_roster_add_refuses_an_organisation_with_a_message(organiser_client, roster):
    igo = DelegationFactory(organisation=True, name="Interpol")

    response = organiser_client.post(reverse("signing:roster_add"), {"delegation": igo.pk})

    assert response.status_code == 400
    assert "Only States and regional economic integration organisations sign" in response.content.decode()
    assert SigningEntry.objects.count() == 0


def test_entry_confirm_of_unverified_minister_answers_400_with_message(organiser_client, roster):
    entry = SigningEntryFactory(roster=roster, signatory__rank=ProtocolRank.MINISTER)

    response = organiser_client.post(reverse("signing:entry_confirm", kwargs={"pk": entry.pk}))

    assert response.status_code == 400
    assert "must verify their full powers" in response.content.decode()
    entry.refresh_from_db()
    assert entry.confirmed_at is None


def test_entry_move_with_stale_version_answers_409_and_keeps_input(organiser_client, roster, organiser):
    first = SigningEntryFactory(roster=roster, position=1)
    SigningEntryFactory(roster=roster, position=2)
    stale = roster.version
    services.roster_apply_rule(roster=roster, rule="protocol", expected_version=stale, by=organiser)

    response = organiser_client.post(
        reverse("signing:entry_move", kwargs={"pk": first.pk}),
        {"position": 2, "reason": "Arrives late", "version": stale},
    )

    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else changed the order of signing" in content
    assert "Arrives late" in content
    first.refresh_from_db()
    assert first.position_overridden is False


def test_entry_signed_after_close_answers_400(organiser_client, roster, organiser):
    entry = SigningEntryFactory(roster=roster, signatory__rank=ProtocolRank.HEAD_OF_STATE)
    services.entry_confirm(entry=entry, by=organiser)

    with time_machine.travel(datetime.datetime(2027, 2, 1, 9, 0, tzinfo=HANOI), tick=False):
        organiser_client.force_login(organiser)  # a session from today would have expired by then
        response = organiser_client.post(
            reverse("signing:entry_signed", kwargs={"pk": entry.pk}), {"confirm": "on"}
        )

    assert response.status_code == 400
    assert "Signature closed on 2026-12-31" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == SigningStatus.SCHEDULED


def test_full_powers_reject_without_reason_answers_400(organiser_client, roster, organiser):
    entry = SigningEntryFactory(roster=roster, signatory__rank=ProtocolRank.MINISTER)
    fp = FullPowersFactory(member=entry.signatory, status=FullPowersStatus.RECEIVED)

    response = organiser_client.post(
        reverse("signing:full_powers_action", kwargs={"pk": fp.pk, "action": "reject"}), {}
    )

    assert response.status_code == 400
    fp.refresh_from_db()
    assert fp.status == FullPowersStatus.RECEIVED


def test_board_json_shows_latest_signatory(client, roster, organiser):
    entry = SigningEntryFactory(
        roster=roster, delegation__name="Viet Nam", signatory__rank=ProtocolRank.HEAD_OF_STATE
    )
    services.entry_confirm(entry=entry, by=organiser)
    before = client.get(reverse("signing:board_json")).json()
    with time_machine.travel(datetime.datetime(2025, 10, 25, 11, 0, tzinfo=HANOI), tick=False):
        services.entry_mark_signed(entry=entry, by=organiser)

    after = client.get(reverse("signing:board_json")).json()

    assert (before["signatories"], after["signatories"], after["latest"][0]["party"]) == (0, 1, "Viet Nam")
    assert after["latest"][0]["time"] == "25 Oct 2025, 11:00"


def _sign(entry, at, organiser):
    services.entry_confirm(entry=entry, by=organiser)
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        services.entry_mark_signed(entry=entry, signed_at=at, by=organiser)


def test_report_counts_signatories_apart_from_countries_as_of_a_date(client, roster, organiser):
    day1 = datetime.datetime(2025, 10, 25, 10, 0, tzinfo=HANOI)
    for name in ["Viet Nam", "Kenya"]:
        _sign(
            SigningEntryFactory(
                roster=roster, delegation__name=name, signatory__rank=ProtocolRank.HEAD_OF_STATE
            ),
            day1,
            organiser,
        )
    eu = DelegationFactory(reio=True, name="European Union")
    _sign(
        SigningEntryFactory(roster=roster, delegation=eu, signatory__rank=ProtocolRank.HEAD_OF_GOVERNMENT),
        day1,
        organiser,
    )
    _sign(
        SigningEntryFactory(
            roster=roster, delegation__name="Late State", signatory__rank=ProtocolRank.HEAD_OF_STATE
        ),
        datetime.datetime(2026, 2, 1, 10, 0, tzinfo=HANOI),
        organiser,
    )

    response = client.get(reverse("signing:report"), {"as_of": "2025-10-26"})
    csv_response = client.get(reverse("signing:report_csv"), {"as_of": "2025-10-26"})

    content = response.content.decode()
    assert "3 signatories" in content
    assert "of which 2 countries" in content
    assert "and 1 regional economic integration organisation" in content
    rows = csv_response.content.decode().strip().splitlines()
    assert len(rows) == 4
    assert csv_response["Content-Disposition"] == 'attachment; filename="signatories-as-of-2025-10-26.csv"'


def test_report_rejects_a_bad_date(client, roster):
    response = client.get(reverse("signing:report"), {"as_of": "2025-13-45"})

    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()


def test_report_entry_into_force_is_90_days_after_40th_non_reio_instrument(client, roster, settings):
    start = datetime.date(2026, 1, 1)
    for n in range(40):
        Ratification.objects.create(
            delegation=DelegationFactory(), deposited_on=start + datetime.timedelta(days=n)
        )
    Ratification.objects.create(
        delegation=DelegationFactory(reio=True), deposited_on=datetime.date(2025, 12, 1), is_reio=True
    )

    response = client.get(reverse("signing:report"), {"as_of": "2026-12-01"})

    content = response.content.decode()
    assert "40 of 40 instruments" in content
    assert "Enters into force on 10 May 2026." in content  # the 90th day after 9 Feb 2026


def test_liaison_inscribes_a_minister_and_sees_the_position(client, plenary, make_liaison):
    own = DelegationFactory(name="Own State")
    minister = MemberFactory(delegation=own, rank=ProtocolRank.MINISTER, family_name="Minh")
    head_party = DelegationFactory(name="First State")
    services.inscription_create(
        speakers_list=plenary,
        delegation=head_party,
        speaker=MemberFactory(delegation=head_party, rank=ProtocolRank.HEAD_OF_STATE),
        by=None,
    )
    client.force_login(make_liaison(own))
    url = reverse("signing:inscribe", kwargs={"pk": plenary.pk, "delegation_id": own.pk})

    response = client.post(url, {"speaker": minister.pk}, follow=True)

    assert response.status_code == 200
    assert "is number 2 of 2 on the list" in response.content.decode()
    assert Inscription.objects.get(delegation=own).time_limit_seconds == plenary.default_time_limit_seconds


def test_inscribe_refuses_second_inscription_with_message(client, plenary, make_liaison):
    own = DelegationFactory()
    first, second = MemberFactory(delegation=own), MemberFactory(delegation=own)
    services.inscription_create(speakers_list=plenary, delegation=own, speaker=first, by=None)
    client.force_login(make_liaison(own))
    url = reverse("signing:inscribe", kwargs={"pk": plenary.pk, "delegation_id": own.pk})

    response = client.post(url, {"speaker": second.pk})

    assert response.status_code == 400
    assert "This delegation is already inscribed on this list." in response.content.decode()
    assert Inscription.objects.filter(delegation=own).count() == 1


def test_chair_reply_refuses_a_third_with_message(organiser_client, plenary, organiser):
    delegation = DelegationFactory(name="Replying State")
    url = reverse("signing:chair_reply", kwargs={"pk": plenary.pk})
    organiser_client.post(url, {"delegation": delegation.pk})
    organiser_client.post(url, {"delegation": delegation.pk})

    response = organiser_client.post(url, {"delegation": delegation.pk})

    assert response.status_code == 400
    assert "already used its two rights of reply" in response.content.decode()
    assert plenary.replies.count() == 2


def test_chair_next_with_stale_current_answers_409(organiser_client, plenary, organiser):
    delegation = DelegationFactory()
    services.inscription_create(
        speakers_list=plenary, delegation=delegation, speaker=MemberFactory(delegation=delegation), by=None
    )
    services.speakers_list_next(speakers_list=plenary, expected_current_id=None, by=organiser)

    response = organiser_client.post(
        reverse("signing:chair_next", kwargs={"pk": plenary.pk}), {"current": ""}
    )

    assert response.status_code == 409


def test_chair_view_shows_now_speaking_next_and_time_left(organiser_client, plenary, organiser):
    for name, rank in [("Alpha", ProtocolRank.HEAD_OF_STATE), ("Bravo", ProtocolRank.MINISTER)]:
        d = DelegationFactory(name=name)
        services.inscription_create(
            speakers_list=plenary, delegation=d, speaker=MemberFactory(delegation=d, rank=rank), by=None
        )
    start = datetime.datetime(2025, 10, 25, 14, 0, tzinfo=HANOI)
    with time_machine.travel(start, tick=False):
        services.speakers_list_next(speakers_list=plenary, expected_current_id=None, by=organiser)
    with time_machine.travel(start + datetime.timedelta(seconds=100), tick=False):
        response = organiser_client.get(reverse("signing:chair", kwargs={"pk": plenary.pk}))

    content = response.content.decode()
    assert 'data-testid="now-speaking">Alpha<' in content
    assert 'data-testid="next-speaker">Bravo<' in content
    assert 'data-seconds="200"' in content


def test_liaison_withdraws_the_speaker_and_may_inscribe_another(client, plenary, make_liaison):
    own = DelegationFactory()
    first, second = MemberFactory(delegation=own), MemberFactory(delegation=own)
    services.inscription_create(speakers_list=plenary, delegation=own, speaker=first, by=None)
    client.force_login(make_liaison(own))
    kwargs = {"pk": plenary.pk, "delegation_id": own.pk}

    client.post(reverse("signing:inscription_withdraw", kwargs=kwargs))
    response = client.post(reverse("signing:inscribe", kwargs=kwargs), {"speaker": second.pk})

    assert response.status_code == 302
    assert list(
        Inscription.objects.filter(delegation=own).order_by("pk").values_list("status", flat=True)
    ) == [
        "withdrawn",
        "inscribed",
    ]


def test_liaison_cannot_withdraw_another_delegations_speaker(client, plenary, make_liaison):
    other = DelegationFactory()
    services.inscription_create(
        speakers_list=plenary, delegation=other, speaker=MemberFactory(delegation=other), by=None
    )
    client.force_login(make_liaison(DelegationFactory()))

    response = client.post(
        reverse("signing:inscription_withdraw", kwargs={"pk": plenary.pk, "delegation_id": other.pk})
    )

    assert response.status_code == 404
    assert Inscription.objects.get(delegation=other).status == "inscribed"


def test_roster_add_without_an_open_roster_answers_404(organiser_client, ceremony):
    response = organiser_client.post(reverse("signing:roster_add"), {"delegation": DelegationFactory().pk})

    assert response.status_code == 404


def test_roster_page_offers_to_open_the_roster_for_the_signing_session(organiser_client, ceremony):
    from .factories import SessionFactory

    session = SessionFactory(title="Signing ceremony")
    page = organiser_client.get(reverse("signing:roster"))

    response = organiser_client.post(reverse("signing:roster_open"), {"session": session.pk})

    assert "Open the roster for" in page.content.decode()
    assert response.status_code == 302
    assert session.signing_roster.rule == "protocol"


def test_report_rejects_a_malformed_date(client, roster):
    response = client.get(reverse("signing:report_csv"), {"as_of": "yesterday"})

    assert response.status_code == 400


def test_inscribe_on_a_closed_list_answers_400_and_keeps_the_choice(client, plenary, make_liaison):
    own = DelegationFactory()
    speaker = MemberFactory(delegation=own)
    plenary.is_open = False
    plenary.save()
    client.force_login(make_liaison(own))

    response = client.post(
        reverse("signing:inscribe", kwargs={"pk": plenary.pk, "delegation_id": own.pk}),
        {"speaker": speaker.pk},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "closed for inscription" in content
    assert f'value="{speaker.pk}" selected' in content


def test_chair_sets_a_speaking_time_and_bad_input_answers_400(organiser_client, plenary):
    d = DelegationFactory()
    inscription = services.inscription_create(
        speakers_list=plenary, delegation=d, speaker=MemberFactory(delegation=d), by=None
    )
    url = reverse("signing:inscription_time", kwargs={"pk": plenary.pk, "inscription_pk": inscription.pk})

    bad = organiser_client.post(url, {"minutes": "0"})
    good = organiser_client.post(url, {"minutes": "7"})

    inscription.refresh_from_db()
    assert (bad.status_code, good.status_code, inscription.time_limit_seconds) == (400, 302, 420)


JUNK = {
    "session": "x",
    "delegation": "abc",
    "rule": "nonsense",
    "drawn_letter": "ZZ",
    "version": "v",
    "position": "-3",
    "reason": "",
    "signed_at": "not a date",
    "status": "exploded",
    "signatory": "999999",
    "speaker": "none",
    "minutes": "lots",
    "current": "7a",
    "time_limit_minutes": "0",
}


def test_junk_posted_to_every_action_never_answers_500(organiser_client, roster, plenary, organiser):
    entry = SigningEntryFactory(roster=roster, signatory__rank=ProtocolRank.MINISTER)
    fp = FullPowersFactory(member=entry.signatory)
    d = DelegationFactory()
    inscription = services.inscription_create(
        speakers_list=plenary, delegation=d, speaker=MemberFactory(delegation=d), by=None
    )
    urls = [
        reverse("signing:roster_open"),
        reverse("signing:roster_add"),
        reverse("signing:roster_rule"),
        reverse("signing:entry_signatory", kwargs={"pk": entry.pk}),
        reverse("signing:entry_move", kwargs={"pk": entry.pk}),
        reverse("signing:entry_release", kwargs={"pk": entry.pk}),
        reverse("signing:entry_confirm", kwargs={"pk": entry.pk}),
        reverse("signing:entry_signed", kwargs={"pk": entry.pk}),
        reverse("signing:entry_status", kwargs={"pk": entry.pk}),
        *(
            reverse("signing:full_powers_action", kwargs={"pk": fp.pk, "action": a})
            for a in ["verify", "reject", "bogus"]
        ),
        reverse("signing:chair_next", kwargs={"pk": plenary.pk}),
        reverse("signing:chair_reply", kwargs={"pk": plenary.pk}),
        reverse("signing:inscription_place", kwargs={"pk": plenary.pk, "inscription_pk": inscription.pk}),
        reverse("signing:inscription_time", kwargs={"pk": plenary.pk, "inscription_pk": inscription.pk}),
        reverse("signing:inscribe", kwargs={"pk": plenary.pk, "delegation_id": d.pk}),
    ]

    statuses = {url: organiser_client.post(url, JUNK).status_code for url in urls}

    assert {url: code for url, code in statuses.items() if code >= 500} == {}
    assert {url: code for url, code in statuses.items() if code not in (400, 404, 409)} == {}


def test_liaison_sees_the_place_on_every_list(client, plenary, make_liaison):
    own = DelegationFactory(name="Own State")
    ahead = DelegationFactory(name="Ahead State")
    services.inscription_create(
        speakers_list=plenary,
        delegation=ahead,
        speaker=MemberFactory(delegation=ahead, rank=ProtocolRank.HEAD_OF_STATE),
        by=None,
    )
    services.inscription_create(
        speakers_list=plenary,
        delegation=own,
        speaker=MemberFactory(delegation=own, rank=ProtocolRank.MINISTER),
        by=None,
    )
    client.force_login(make_liaison(own))

    response = client.get(reverse("signing:speakers_mine"))

    assert "2 of 2" in response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("vi", "Bảng ký kết"), ("fr", "Tableau des signatures")])
def test_signing_board_speaks_the_visitors_language(client, roster, language, heading):
    response = client.get(reverse("signing:board"), HTTP_ACCEPT_LANGUAGE=language)

    assert heading in response.content.decode()


def test_entry_release_from_the_entry_page(organiser_client, roster, organiser):
    first = SigningEntryFactory(roster=roster, position=1)
    second = SigningEntryFactory(roster=roster, position=2)
    services.roster_move_entry(
        entry=second, position=1, reason="Protocol", expected_version=None, by=organiser
    )
    roster.refresh_from_db()
    page = organiser_client.get(reverse("signing:entry", kwargs={"pk": second.pk})).content.decode()

    response = organiser_client.post(
        reverse("signing:entry_release", kwargs={"pk": second.pk}),
        {"reason": "Back", "version": roster.version},
    )

    second.refresh_from_db()
    first.refresh_from_db()
    assert "Back to the rule" in page
    assert response.status_code == 302
    assert (second.position_overridden, first.position, second.position) == (False, 1, 2)


def test_roster_add_of_a_party_already_on_the_roster_answers_with_the_one_signature_rule(
    organiser_client, roster
):
    entry = SigningEntryFactory(roster=roster, delegation__name="Viet Nam")

    response = organiser_client.post(reverse("signing:roster_add"), {"delegation": entry.delegation.pk})

    content = response.content.decode()
    assert response.status_code == 400
    assert "This party is already on the signing roster: one signature per party." in content
    assert "Select a valid choice" not in content
    assert SigningEntry.objects.count() == 1
