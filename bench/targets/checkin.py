"""Gate check-in: a paired device redeeming distinct valid badges (POST /api/checkin/redeem), each request a
new nonce and a badge not scanned before. Every wrk run starts again at the first badge, so the list's
presences are cleared before each run (`before_run`) and the nonces carry a prefix read from the kernel at
the run's start (a repeated nonce would measure the replay answer, not a scan). Past the last badge within
one run the list counts the entry again (no exit needed): the full write path, presence row locked and moved.

Issue 13's aim: ≥ 0.3× the trivial view with p99 ≤ 50 ms.
"""

import atexit
import datetime
import json
import os
import secrets
import tempfile

from bench.harness import Target

BADGES = 6000
SERIAL_BASE = 7_000_000


def _bench_badges(n: int):
    """Live badges for the benchmark; bulk-creates the missing ones under one bench delegation."""
    from django.utils import timezone

    from delegations.accreditation.models import Accreditation, Badge, BadgeCategory
    from delegations.models import Delegation, Member

    now = timezone.now()
    # Valid now: the living demo's badges open on the ceremony's days, ahead of today, and would all be
    # refused "outside the validity window" (measuring the refusal, not the entry).
    have = list(
        Badge.objects.exclude(state="revoked")
        .filter(valid_from__lte=now, valid_until__gte=now)
        .order_by("serial")[:n]
    )
    missing = n - len(have)
    if missing <= 0:
        return have
    category, _ = BadgeCategory.objects.get_or_create(
        code="BENCH", defaults={"name": "Bench delegate", "printed_label": "BENCH"}
    )
    delegation, _ = Delegation.objects.get_or_create(
        name="Bench delegation", defaults={"participant_type": "civil_society", "status": "confirmed"}
    )
    start = Member.objects.filter(delegation=delegation).count()
    members = Member.objects.bulk_create(
        Member(
            delegation=delegation,
            family_name=f"Bench{start + i}",
            given_names="B",
            capacity="adviser",
            rank="other",
        )
        for i in range(missing)
    )
    accreditations = Accreditation.objects.bulk_create(
        Accreditation(kind="member", member=m, delegation=delegation, category=category, vetting="approved")
        for m in members
    )
    first = SERIAL_BASE + start
    made = Badge.objects.bulk_create(
        Badge(
            accreditation=a,
            serial=first + i,
            category=category,
            category_code=category.code,
            zone_codes=[],
            valid_from=now - datetime.timedelta(days=30),
            valid_until=now + datetime.timedelta(days=30),
        )
        for i, a in enumerate(accreditations)
    )
    return have + made


def targets() -> list[Target]:
    from delegations.accreditation.credentials import badge_credential, signing_key_active
    from delegations.checkin.models import CheckinList, Gate, Presence
    from delegations.checkin.services import checkin_list_save, device_create, device_pair, gate_save

    key = signing_key_active()
    if key is None:
        return []
    badges = _bench_badges(BADGES)
    codes = sorted({b.category_code for b in badges})
    lst = CheckinList.objects.filter(code="bench-hall").first() or checkin_list_save(
        checkin_list=CheckinList(
            name="Bench hall", code="bench-hall", categories=codes, entry_requires_exit=False
        ),
        by=None,
    )

    def clear_presences():
        # Every run redeems badges not yet inside (wrk starts each run at the first badge again).
        Presence.objects.filter(checkin_list=lst).delete()

    clear_presences()
    gate = Gate.objects.filter(code="bench-gate").first() or gate_save(
        gate=Gate(name="Bench gate", code="bench-gate"), lists=[lst], by=None
    )
    device, code = device_create(gate=gate, name=f"bench-{secrets.token_hex(3)}", by=None)
    _, token = device_pair(code=code)
    texts = [badge_credential(b, key=key) for b in badges]

    script = tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-checkin-", delete=False)  # noqa: SIM115 (closed below, removed after the run)
    script.write("local texts = {\n")
    for text in texts:
        script.write(f"  {json.dumps(text)},\n")
    script.write("}\n")
    script.write(
        f"""
local n = 0
-- A prefix of its own for each wrk run (math.random is not seeded: every run would repeat the nonces).
local uuid = io.open("/proc/sys/kernel/random/uuid")
local prefix = uuid:read("*l")
uuid:close()
local headers = {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer {token}"}}
request = function()
  n = n + 1
  local text = texts[((n - 1) % #texts) + 1]
  local body = '{{"list_id":{lst.pk},"direction":"entry","nonce":"' .. prefix .. '-' .. n .. '","text":"' .. text .. '"}}'
  return wrk.format("POST", nil, headers, body)
end
"""
    )
    script.close()
    atexit.register(os.unlink, script.name)

    def body(text):
        return json.dumps(
            {
                "list_id": lst.pk,
                "direction": "entry",
                "nonce": "bench-{n}-" + secrets.token_hex(4),
                "text": text,
            }
        )

    # The counted request is a badge's first entry, like the load's; the warm-up enters another. Both are the
    # set's last badges, which the load reaches last, if at all.
    spare = [texts[-1], texts[-2]]
    return [
        Target(
            name="checkin-redeem",
            path="/api/checkin/redeem",
            method="POST",
            body=body(spare[0]),
            warm_body=body(spare[1]),
            headers=(("Authorization", f"Bearer {token}"),),
            wrk_script=script.name,
            before_run=clear_presences,
            min_ratio=0.3,
            max_p99_ms=50.0,
        )
    ]
