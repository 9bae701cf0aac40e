#!/usr/bin/env python
"""Suggesting rooms and slots for a queue of accepted bilateral requests ("quick schedule").

    python bench/bilaterals.py [--n 500]      # against DATABASE_URL (make bench: the seeded bench database)

Creates n accepted requests between distinct pairs of confirmed delegations with a head (inside a
transaction that is rolled back), loads the calendar once and suggests for every request in order, booking
each suggestion in memory so the next one sees it. Prints

    bench: bilateral-suggest n=<n> seconds=<s> suggested=<k> load_seconds=<s>

and one bench-note line per smaller n, to show how it scales.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run(n: int) -> tuple[float, int, float]:
    from django.db import transaction

    from agenda.bilaterals import scheduling
    from agenda.bilaterals.enums import BilateralStatus
    from agenda.bilaterals.models import Bilateral, BilateralParticipant
    from delegations.enums import Capacity, DelegationStatus
    from delegations.models import Member

    heads = dict(
        Member.objects.filter(
            capacity=Capacity.HEAD, delegation__status=DelegationStatus.CONFIRMED
        ).values_list("delegation_id", "pk")
    )
    ids = sorted(heads)
    rng = random.Random(500)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < n and len(ids) > 1:
        a, b = rng.sample(ids, 2)
        if (b, a) not in pairs:
            pairs.add((a, b))
    with transaction.atomic():
        made = Bilateral.objects.bulk_create(
            [
                Bilateral(requester_id=a, counterpart_id=b, status=BilateralStatus.ACCEPTED)
                for a, b in sorted(pairs)
            ]
        )
        BilateralParticipant.objects.bulk_create(
            [
                BilateralParticipant(bilateral=m, member_id=heads[d], side=side)
                for m in made
                for d, side in ((m.requester_id, "requester"), (m.counterpart_id, "counterpart"))
            ]
        )
        from agenda.bilaterals.selectors import needs_of

        started = time.perf_counter()
        cal = scheduling.calendar_load()
        needs = needs_of(made)
        loaded = time.perf_counter() - started
        suggested = sum(1 for _need, found in scheduling.plan(cal, [needs[m.pk] for m in made]) if found)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, suggested, loaded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hanoi_ceremony.settings")
    import django

    django.setup()
    for n in (args.n // 4, args.n // 2):
        seconds, suggested, _loaded = run(n)
        print(f"bench-note: bilateral-suggest n={n} seconds={seconds:.3f} suggested={suggested}")
    seconds, suggested, loaded = run(args.n)
    print(
        f"bench: bilateral-suggest n={args.n} seconds={seconds:.3f} suggested={suggested} load_seconds={loaded:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
