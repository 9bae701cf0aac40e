"""Real PostgreSQL: row locks make two organisers acting at once safe."""

import threading

import pytest
from django.db import connection

from agenda.signing import services
from agenda.signing.models import RightOfReply, SigningEntry
from hanoi_ceremony.audit.models import AuditEntry

from .factories import DelegationFactory, RosterFactory, SpeakersListFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_organisers_reordering_at_once_one_gets_a_conflict(ceremony, make_user):
    roster = RosterFactory()
    alice, bob = make_user(username="alice"), make_user(username="bob")
    entries = [
        services.roster_add_party(roster=roster, delegation=DelegationFactory(name=n), by=alice)
        for n in "ABCD"
    ]
    roster.refresh_from_db()
    seen = roster.version

    results = _run_at_once(
        [
            lambda: services.roster_move_entry(
                entry=entries[3], position=1, reason="Alice", expected_version=seen, by=alice
            ),
            lambda: services.roster_move_entry(
                entry=entries[2], position=1, reason="Bob", expected_version=seen, by=bob
            ),
        ]
    )

    conflicts = [r for r in results if isinstance(r, services.Conflict)]
    successes = [r for r in results if isinstance(r, SigningEntry)]
    assert (len(successes), len(conflicts)) == (1, 1)
    assert AuditEntry.objects.filter(action="signing_entry.moved").count() == 1
    positions = sorted(SigningEntry.objects.values_list("position", flat=True))
    assert positions == [1, 2, 3, 4]
    assert SigningEntry.objects.get(position=1).pk == successes[0].pk


def test_three_replies_at_once_only_two_are_recorded(ceremony, make_user):
    plenary = SpeakersListFactory()
    delegation = DelegationFactory()
    organiser = make_user(username="chair")

    results = _run_at_once(
        [lambda: services.right_of_reply_request(speakers_list=plenary, delegation=delegation, by=organiser)]
        * 3
    )

    assert sum(isinstance(r, RightOfReply) for r in results) == 2
    assert sorted(RightOfReply.objects.values_list("number", flat=True)) == [1, 2]


def test_two_organisers_marking_the_same_party_signed_record_one_signature(ceremony, make_user):
    from django.core.exceptions import ValidationError

    from delegations.enums import ProtocolRank

    from .factories import MemberFactory

    roster = RosterFactory()
    alice, bob = make_user(username="alice"), make_user(username="bob")
    delegation = DelegationFactory(name="Kenya")
    head = MemberFactory(delegation=delegation, rank=ProtocolRank.HEAD_OF_STATE)
    entry = services.roster_add_party(roster=roster, delegation=delegation, signatory=head, by=alice)
    services.entry_confirm(entry=entry, by=alice)

    results = _run_at_once(
        [
            lambda: services.entry_mark_signed(entry=entry, by=alice),
            lambda: services.entry_mark_signed(entry=entry, by=bob),
        ]
    )

    assert sum(isinstance(r, SigningEntry) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert AuditEntry.objects.filter(action="signing_entry.signed").count() == 1
