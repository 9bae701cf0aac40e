"""The offline scanner's verdict (static/checkin/js/verdict.js) and the server's (delegations/checkin/rules.py)
agree on every combination of badge, list and presence facts a device can know offline."""

import datetime
import itertools

from delegations.checkin.rules import BadgeFacts, ListRules, PresenceFacts, verdict

AT = datetime.datetime(2025, 10, 25, 3, 30, tzinfo=datetime.UTC)  # 10:30 in Hà Nội
HOUR = datetime.timedelta(hours=1)


def _ms(value):
    return None if value is None else int(value.timestamp() * 1000)


def _iso(value):
    return None if value is None else value.isoformat()


def _cases():
    windows = [(None, None), (AT - HOUR, AT + HOUR), (AT + HOUR, None), (None, AT - HOUR)]
    presences = [
        None,
        PresenceFacts(inside=True, entries=1, last_entry_at=AT - HOUR),
        PresenceFacts(inside=False, entries=2, last_entry_at=AT - 2 * HOUR),
        PresenceFacts(
            inside=True, entries=1, last_entry_at=AT - datetime.timedelta(hours=20)
        ),  # before 23:00
    ]
    for (
        (cat, zones),
        revoked,
        mismatch,
        direction,
        badge_window,
        list_window,
        needs_exit,
        reentry,
        out_at,
        presence,
    ) in itertools.product(
        [("DEL", ()), ("MED", ()), ("MED", ("SGN",))],
        [False, True],
        [False, True],
        ["entry", "exit"],
        windows[:2] + windows[3:],
        windows,
        [True, False],
        [True, False],
        [None, datetime.time(23, 0)],
        presences,
    ):
        rules = ListRules(
            id=1,
            zone="SGN",
            categories=frozenset({"DEL"}),
            valid_from=list_window[0],
            valid_until=list_window[1],
            allow_reentry=reentry,
            entry_requires_exit=needs_exit,
            everyone_out_at=out_at,
        )
        badge = BadgeFacts(
            id=1,
            serial=100,
            state="revoked" if revoked else "printed",
            category=cat,
            zones=frozenset(zones),
            valid_from=badge_window[0] or AT - 10 * HOUR,
            valid_until=badge_window[1] or AT + 10 * HOUR,
        )
        expected = verdict(
            rules=rules,
            badge=badge,
            serial_scanned=101 if mismatch else 100,
            direction=direction,
            at=AT,
            presence=presence,
        )
        yield {
            "rules": {
                "zone": rules.zone,
                "categories": sorted(rules.categories),
                "valid_from": _iso(rules.valid_from),
                "valid_until": _iso(rules.valid_until),
                "allow_reentry": reentry,
                "entry_requires_exit": needs_exit,
                "everyone_out_at": out_at.strftime("%H:%M") if out_at else None,
            },
            "badge": {
                "serial": 100,
                "category": cat,
                "zones": list(zones),
                "valid_from": _ms(badge.valid_from),
                "valid_until": _ms(badge.valid_until),
                "revoked": revoked,
            },
            "scanned": 101 if mismatch else 100,
            "direction": direction,
            "presence": None
            if presence is None
            else {
                "inside": presence.inside,
                "entries": presence.entries,
                "last_entry_at": _ms(presence.last_entry_at),
            },
            "expected": str(expected),
        }


def test_browser_and_server_verdicts_agree(page, live_server):
    cases = list(_cases())
    page.goto("/checkin/scanner/")
    page.wait_for_function("window.HCVerdict !== undefined")
    got = page.evaluate(
        """([cases, at]) => cases.map((c) => HCVerdict.decide(c.rules, c.badge, c.scanned, c.direction, at, c.presence))""",
        [cases, _ms(AT)],
    )
    mismatches = [(c, g) for c, g in zip(cases, got, strict=True) if g != c["expected"]]
    assert len(cases) > 3000
    assert mismatches == []
    assert {c["expected"] for c in cases} == {"", "revoked", "wrong_zone", "outside_window", "already_inside"}
