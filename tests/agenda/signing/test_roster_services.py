import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agenda.signing import services
from agenda.signing.enums import OrderingRule, SigningPlace, SigningStatus
from agenda.signing.models import SigningEntry
from delegations.enums import FullPowersStatus, ProtocolRank
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.core.pagecache import current_version

from .factories import HANOI, DelegationFactory, FullPowersFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _party(rank=ProtocolRank.HEAD_OF_STATE, **kwargs):
    delegation = DelegationFactory(**kwargs)
    return delegation, MemberFactory(delegation=delegation, rank=rank)


def test_roster_add_party_refuses_an_organisation(roster, organiser):
    igo = DelegationFactory(organisation=True)

    with pytest.raises(ValidationError) as exc:
        services.roster_add_party(roster=roster, delegation=igo, by=organiser)

    assert "delegation" in exc.value.message_dict
    assert SigningEntry.objects.count() == 0


def test_roster_add_party_accepts_a_reio(roster, organiser):
    eu = DelegationFactory(reio=True, name="European Union")

    entry = services.roster_add_party(roster=roster, delegation=eu, by=organiser)

    assert entry.participant_type == "reio"


def test_roster_add_party_refuses_a_second_entry_for_the_party(roster, organiser):
    delegation, member = _party()
    services.roster_add_party(roster=roster, delegation=delegation, signatory=member, by=organiser)

    with pytest.raises(ValidationError) as exc:
        services.roster_add_party(roster=roster, delegation=delegation, by=organiser)

    assert exc.value.message_dict["delegation"] == [
        "This party is already on the signing roster: one signature per party."
    ]
    assert SigningEntry.objects.count() == 1


def test_database_refuses_a_second_signature_per_party(roster, organiser):
    delegation, member = _party()
    entry = services.roster_add_party(roster=roster, delegation=delegation, signatory=member, by=organiser)

    with pytest.raises(IntegrityError), transaction.atomic():
        SigningEntry.objects.create(
            roster=roster, delegation=delegation, participant_type=entry.participant_type, position=99
        )


def test_database_refuses_an_organisation_on_the_roster(roster):
    igo = DelegationFactory(organisation=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        SigningEntry.objects.create(
            roster=roster, delegation=igo, participant_type=igo.participant_type, position=1
        )


def test_roster_add_party_refuses_a_signatory_from_another_delegation(roster, organiser):
    delegation = DelegationFactory()
    stranger = MemberFactory()

    with pytest.raises(ValidationError) as exc:
        services.roster_add_party(roster=roster, delegation=delegation, signatory=stranger, by=organiser)

    assert "signatory" in exc.value.message_dict
    assert SigningEntry.objects.count() == 0


def test_roster_add_party_opens_awaited_full_powers_for_a_minister(roster, organiser):
    delegation, minister = _party(rank=ProtocolRank.MINISTER)

    services.roster_add_party(roster=roster, delegation=delegation, signatory=minister, by=organiser)

    minister.refresh_from_db()
    assert minister.full_powers.status == FullPowersStatus.AWAITED


def test_entry_confirm_by_function_for_head_of_state(roster, organiser):
    delegation, head = _party(rank=ProtocolRank.HEAD_OF_STATE)
    entry = services.roster_add_party(roster=roster, delegation=delegation, signatory=head, by=organiser)

    entry = services.entry_confirm(entry=entry, by=organiser)

    assert entry.confirmed_by == organiser
    assert AuditEntry.objects.filter(action="signing_entry.confirmed").count() == 1


def test_entry_confirm_refuses_unverified_minister(roster, organiser):
    delegation, minister = _party(rank=ProtocolRank.MINISTER)
    entry = services.roster_add_party(roster=roster, delegation=delegation, signatory=minister, by=organiser)

    with pytest.raises(ValidationError) as exc:
        services.entry_confirm(entry=entry, by=organiser)

    assert "full powers" in exc.value.messages[0]
    entry.refresh_from_db()
    assert entry.confirmed_at is None


def test_entry_confirm_accepts_minister_after_full_powers_verified(roster, organiser):
    delegation, minister = _party(rank=ProtocolRank.MINISTER)
    entry = services.roster_add_party(roster=roster, delegation=delegation, signatory=minister, by=organiser)
    fp = minister.full_powers
    services.full_powers_mark_received(full_powers=fp, by=organiser)
    services.full_powers_verify(full_powers=fp, by=organiser)

    entry = services.entry_confirm(entry=entry, by=organiser)

    assert entry.is_confirmed is True


def test_full_powers_verify_refuses_awaited_instrument(organiser):
    fp = FullPowersFactory()

    with pytest.raises(ValidationError):
        services.full_powers_verify(full_powers=fp, by=organiser)

    fp.refresh_from_db()
    assert fp.status == FullPowersStatus.AWAITED


def test_full_powers_reject_needs_reason_and_withdraws_confirmation(roster, organiser):
    delegation, minister = _party(rank=ProtocolRank.MINISTER)
    entry = services.roster_add_party(roster=roster, delegation=delegation, signatory=minister, by=organiser)
    fp = minister.full_powers
    services.full_powers_mark_received(full_powers=fp, by=organiser)
    services.full_powers_verify(full_powers=fp, by=organiser)
    services.entry_confirm(entry=entry, by=organiser)
    with pytest.raises(ValidationError):
        services.full_powers_reject(full_powers=fp, reason="  ", by=organiser)

    services.full_powers_reject(full_powers=fp, reason="Does not name this convention", by=organiser)

    entry.refresh_from_db()
    fp.refresh_from_db()
    assert (fp.status, fp.rejection_reason, entry.confirmed_at) == (
        FullPowersStatus.REJECTED,
        "Does not name this convention",
        None,
    )


def _confirmed_entry(roster, organiser):
    delegation, head = _party(rank=ProtocolRank.HEAD_OF_GOVERNMENT)
    entry = services.roster_add_party(roster=roster, delegation=delegation, signatory=head, by=organiser)
    return services.entry_confirm(entry=entry, by=organiser)


def test_entry_mark_signed_during_ceremony_is_in_hanoi(roster, organiser):
    entry = _confirmed_entry(roster, organiser)
    at = datetime.datetime(2025, 10, 25, 11, 5, tzinfo=HANOI)

    with time_machine.travel(datetime.datetime(2025, 10, 25, 12, 0, tzinfo=HANOI), tick=False):
        entry = services.entry_mark_signed(entry=entry, signed_at=at, by=organiser)

    assert (entry.status, entry.place, entry.signed_at) == (SigningStatus.SIGNED, SigningPlace.HANOI, at)


def test_entry_mark_signed_after_ceremony_is_at_headquarters(roster, organiser):
    entry = _confirmed_entry(roster, organiser)

    with time_machine.travel(datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC), tick=False):
        entry = services.entry_mark_signed(entry=entry, by=organiser)

    assert entry.place == SigningPlace.HEADQUARTERS


def test_entry_mark_signed_refuses_after_close_of_signature(roster, organiser):
    entry = _confirmed_entry(roster, organiser)

    with time_machine.travel(datetime.datetime(2027, 1, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(ValidationError) as exc:
            services.entry_mark_signed(entry=entry, by=organiser)

    assert exc.value.message_dict["signed_at"] == [
        "Signature closed on 2026-12-31; no signature can be recorded after it."
    ]
    entry.refresh_from_db()
    assert entry.status == SigningStatus.SCHEDULED


def test_entry_mark_signed_refuses_twice(roster, organiser):
    entry = _confirmed_entry(roster, organiser)
    with time_machine.travel(datetime.datetime(2025, 10, 25, 12, 0, tzinfo=HANOI), tick=False):
        services.entry_mark_signed(entry=entry, by=organiser)

        with pytest.raises(ValidationError) as exc:
            services.entry_mark_signed(entry=entry, by=organiser)

    assert exc.value.messages == ["This party has already signed: one signature per party."]


def test_entry_mark_signed_refuses_unconfirmed_entry(roster, organiser):
    delegation, head = _party()
    entry = services.roster_add_party(roster=roster, delegation=delegation, signatory=head, by=organiser)

    with time_machine.travel(datetime.datetime(2025, 10, 25, 12, 0, tzinfo=HANOI), tick=False):
        with pytest.raises(ValidationError):
            services.entry_mark_signed(entry=entry, by=organiser)

    entry.refresh_from_db()
    assert entry.status == SigningStatus.SCHEDULED


def test_entry_mark_signed_bumps_the_public_pages(roster, organiser):
    entry = _confirmed_entry(roster, organiser)
    before = current_version("signing")

    with time_machine.travel(datetime.datetime(2025, 10, 25, 12, 0, tzinfo=HANOI), tick=False):
        services.entry_mark_signed(entry=entry, by=organiser)

    assert current_version("signing") == before + 1


def test_entry_defer_to_headquarters_sets_status(roster, organiser):
    entry = _confirmed_entry(roster, organiser)

    entry = services.entry_defer_to_headquarters(entry=entry, reason="Minister delayed", by=organiser)

    assert entry.status == SigningStatus.AT_HEADQUARTERS


def _names(roster):
    return list(roster.entries.order_by("position").values_list("delegation__name", flat=True))


def test_roster_apply_rule_protocol_puts_host_first_then_tier_then_registration(roster, organiser):
    ceremony_host = DelegationFactory(name="Viet Nam", country_code="VNM")
    later_head = DelegationFactory(name="Brazil")
    minister_party = DelegationFactory(name="Angola")
    early_head = DelegationFactory(name="Chile")
    for delegation, rank in [
        (minister_party, ProtocolRank.MINISTER),
        (early_head, ProtocolRank.HEAD_OF_STATE),
        (later_head, ProtocolRank.HEAD_OF_GOVERNMENT),
        (ceremony_host, ProtocolRank.MINISTER),
    ]:
        services.roster_add_party(
            roster=roster,
            delegation=delegation,
            signatory=MemberFactory(delegation=delegation, rank=rank),
            by=organiser,
        )
    roster.refresh_from_db()

    services.roster_apply_rule(
        roster=roster, rule=OrderingRule.PROTOCOL, expected_version=roster.version, by=organiser
    )

    assert _names(roster) == ["Viet Nam", "Chile", "Brazil", "Angola"]


def test_roster_apply_rule_alphabetical_from_drawn_letter(roster, organiser):
    for name, code in [
        ("Viet Nam", "VNM"),
        ("Angola", "AGO"),
        ("Mexico", "MEX"),
        ("Kenya", "KEN"),
        ("Zambia", "ZMB"),
    ]:
        services.roster_add_party(
            roster=roster, delegation=DelegationFactory(name=name, country_code=code), by=organiser
        )
    roster.refresh_from_db()

    services.roster_apply_rule(
        roster=roster,
        rule=OrderingRule.ALPHABETICAL,
        drawn_letter="m",
        expected_version=roster.version,
        by=organiser,
    )

    assert _names(roster) == ["Viet Nam", "Mexico", "Zambia", "Angola", "Kenya"]


def test_roster_apply_rule_alphabetical_needs_a_letter(roster, organiser):
    with pytest.raises(ValidationError) as exc:
        services.roster_apply_rule(
            roster=roster,
            rule=OrderingRule.ALPHABETICAL,
            drawn_letter="",
            expected_version=None,
            by=organiser,
        )

    assert "drawn_letter" in exc.value.message_dict


def test_roster_move_entry_is_audited_with_reason_and_kept_by_the_rule(roster, organiser):
    for name in ["Alpha", "Bravo", "Charlie"]:
        services.roster_add_party(roster=roster, delegation=DelegationFactory(name=name), by=organiser)
    charlie = SigningEntry.objects.get(delegation__name="Charlie")
    roster.refresh_from_db()

    services.roster_move_entry(
        entry=charlie, position=1, reason="Leaves early", expected_version=roster.version, by=organiser
    )
    roster.refresh_from_db()
    services.roster_apply_rule(
        roster=roster, rule=OrderingRule.PROTOCOL, expected_version=roster.version, by=organiser
    )

    assert _names(roster) == ["Charlie", "Alpha", "Bravo"]
    audit = AuditEntry.objects.get(action="signing_entry.moved")
    assert (audit.reason, audit.data["from_position"], audit.data["position"]) == ("Leaves early", 3, 1)


def test_roster_move_entry_refuses_without_reason(roster, organiser):
    entry = services.roster_add_party(roster=roster, delegation=DelegationFactory(), by=organiser)

    with pytest.raises(ValidationError) as exc:
        services.roster_move_entry(entry=entry, position=1, reason="", expected_version=None, by=organiser)

    assert "reason" in exc.value.message_dict


def test_roster_move_entry_refuses_a_stale_version(roster, organiser):
    first = services.roster_add_party(roster=roster, delegation=DelegationFactory(name="Alpha"), by=organiser)
    services.roster_add_party(roster=roster, delegation=DelegationFactory(name="Bravo"), by=organiser)
    roster.refresh_from_db()
    stale = roster.version
    services.roster_apply_rule(
        roster=roster, rule=OrderingRule.PROTOCOL, expected_version=stale, by=organiser
    )

    with pytest.raises(services.Conflict):
        services.roster_move_entry(
            entry=first, position=2, reason="Swap", expected_version=stale, by=organiser
        )

    assert _names(roster) == ["Alpha", "Bravo"]
    assert AuditEntry.objects.filter(action="signing_entry.moved").count() == 0


def test_ratification_record_refuses_an_organisation(organiser):
    with pytest.raises(ValidationError):
        services.ratification_record(
            delegation=DelegationFactory(organisation=True),
            deposited_on=datetime.date(2026, 1, 5),
            by=organiser,
        )


def test_full_powers_reject_tells_the_liaison_with_the_reason(
    roster, organiser, make_liaison, mailoutbox, django_capture_on_commit_callbacks
):
    delegation, minister = _party(rank=ProtocolRank.MINISTER)
    liaison = make_liaison(delegation, email="liaison@example.org")
    fp = FullPowersFactory(member=minister, status=FullPowersStatus.RECEIVED)

    with django_capture_on_commit_callbacks(execute=True):
        services.full_powers_reject(full_powers=fp, reason="Signed by a vice-minister", by=organiser)

    assert [m.to for m in mailoutbox] == [["liaison@example.org"]]
    assert "Signed by a vice-minister" in mailoutbox[0].body
    assert liaison.notifications.count() == 1


def test_roster_add_party_takes_its_place_under_the_rule(roster, organiser):
    services.roster_add_party(roster=roster, delegation=DelegationFactory(name="Brazil"), by=organiser)
    late_host = DelegationFactory(name="Viet Nam", country_code="VNM")

    services.roster_add_party(
        roster=roster,
        delegation=late_host,
        signatory=MemberFactory(delegation=late_host, rank=ProtocolRank.HEAD_OF_STATE),
        by=organiser,
    )

    assert _names(roster) == ["Viet Nam", "Brazil"]


def test_roster_release_entry_returns_the_party_to_the_rule_with_reason(roster, organiser):
    for name in ["Alpha", "Bravo", "Charlie"]:
        services.roster_add_party(roster=roster, delegation=DelegationFactory(name=name), by=organiser)
    charlie = SigningEntry.objects.get(delegation__name="Charlie")
    services.roster_move_entry(
        entry=charlie, position=1, reason="Leaves early", expected_version=None, by=organiser
    )
    with pytest.raises(ValidationError):
        services.roster_release_entry(entry=charlie, reason="", expected_version=None, by=organiser)

    released = services.roster_release_entry(
        entry=charlie, reason="Stays after all", expected_version=None, by=organiser
    )

    assert _names(roster) == ["Alpha", "Bravo", "Charlie"]
    assert (released.position_overridden, released.position) == (False, 3)
    assert AuditEntry.objects.get(action="signing_entry.released").reason == "Stays after all"


def test_full_powers_decisions_refresh_the_delegation_pages(roster, organiser):
    _delegation, minister = _party(rank=ProtocolRank.MINISTER)
    fp = FullPowersFactory(member=minister, status=FullPowersStatus.RECEIVED)
    before = current_version("delegations")

    services.full_powers_verify(full_powers=fp, by=organiser)

    assert current_version("delegations") == before + 1
