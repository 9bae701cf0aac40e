"""Real PostgreSQL: eight gates scanning the same 500 badges at once let each badge in exactly once."""

import datetime
import threading
import uuid

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from delegations.checkin import services
from delegations.checkin.models import Gate, Presence, Scan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

GATES = 8
BADGES = 500


def _badges(n, category):
    """n approved badges of one delegation, bulk-created (factories would take minutes)."""
    from delegations.accreditation.models import Accreditation, Badge
    from delegations.models import Member
    from tests.delegations.factories import StateDelegationFactory

    delegation = StateDelegationFactory()
    members = Member.objects.bulk_create(
        Member(delegation=delegation, family_name=f"F{i}", given_names="G", capacity="adviser", rank="other")
        for i in range(n)
    )
    accreditations = Accreditation.objects.bulk_create(
        Accreditation(kind="member", member=m, delegation=delegation, category=category, vetting="approved")
        for m in members
    )
    now = timezone.now()
    return Badge.objects.bulk_create(
        Badge(
            accreditation=a,
            serial=900_000 + i,
            category=category,
            category_code=category.code,
            zone_codes=[],
            valid_from=now - datetime.timedelta(days=1),
            valid_until=now + datetime.timedelta(days=1),
            state="approved",
        )
        for i, a in enumerate(accreditations)
    )


def _paired(officer, lists, n):
    """(device, token) of n devices, each paired at a gate of its own that scans `lists`."""
    pairs = []
    for i in range(n):
        gate = services.gate_save(gate=Gate(name=f"Gate {i}", code=f"gate-{i}"), lists=lists, by=officer)
        device, code = services.device_create(gate=gate, name=f"Scanner {i}", by=officer)
        pairs.append(services.device_pair(code=code))
    return pairs


def _devices(officer, lists, n):
    return [device for device, _ in _paired(officer, lists, n)]


def _run_gates(devices, job):
    barrier = threading.Barrier(len(devices))
    errors = []

    def worker(device):
        try:
            barrier.wait(timeout=30)
            job(device)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(d,)) for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    return errors


def test_eight_gates_times_500_badges_gives_no_double_entry(ceremony, officer, categories, hall, credential):
    from delegations.accreditation.credentials import signing_key_active

    badges = _badges(BADGES, categories["DEL"])
    key = signing_key_active()
    texts = [credential(b, key=key) for b in badges]
    devices = _devices(officer, [hall], GATES)
    for device in devices:
        device.gate  # noqa: B018 - load the gate before the threads start

    def scan_all(device):
        for text in texts:  # every gate in the same order: the most collisions
            services.scan_redeem(
                device=device,
                list_id=hall.pk,
                direction="entry",
                nonce=uuid.uuid4().hex,
                device_time=timezone.now(),
                text=text,
            )

    errors = _run_gates(devices, scan_all)

    assert errors == []
    assert Scan.objects.count() == GATES * BADGES
    accepted = Scan.objects.filter(result="accepted").values("badge_id").annotate(n=Count("id"))
    assert sorted(row["n"] for row in accepted) == [1] * BADGES  # every badge exactly once: 0 double entries
    assert Scan.objects.filter(result="rejected", reason="already_inside").count() == (GATES - 1) * BADGES
    assert set(Presence.objects.values_list("entries", flat=True)) == {1}
    assert Presence.objects.filter(inside=True).count() == BADGES


def test_same_nonce_sent_by_two_threads_is_stored_once(ceremony, officer, categories, hall, credential):
    badge = _badges(1, categories["DEL"])[0]
    text = credential(badge)
    device = _devices(officer, [hall], 1)[0]
    shared = uuid.uuid4().hex
    results = []

    def send(_device):
        results.append(
            services.scan_redeem(
                device=device,
                list_id=hall.pk,
                direction="entry",
                nonce=shared,
                device_time=timezone.now(),
                text=text,
            )
        )

    errors = _run_gates([device, device], send)

    assert errors == []
    assert sorted(r.duplicate for r in results) == [False, True]
    assert Scan.objects.count() == 1
