import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from delegations.checkin import services
from delegations.checkin.enums import DeviceState
from delegations.checkin.models import Device, Presence, Scan
from tests.checkin.conftest import nonce

pytestmark = pytest.mark.django_db


def redeem(device, lst, *, text="", serial=None, direction="entry", **kw):
    return services.scan_redeem(
        device=device,
        list_id=lst.pk,
        direction=direction,
        nonce=kw.pop("nonce", None) or nonce(),
        device_time=kw.pop("device_time", None) or timezone.now(),
        text=text,
        serial=serial,
        **kw,
    )


def test_valid_badge_enters_once_then_already_inside(paired, hall, make_badge, credential):
    device, _ = paired
    badge = make_badge("DEL")
    text = credential(badge)
    first = redeem(device, hall, text=text)
    second = redeem(device, hall, text=text)
    assert (first.scan.result, first.scan.reason) == ("accepted", "")
    assert first.holder.name.endswith(badge.accreditation.member.family_name.upper())
    assert (second.scan.result, second.scan.reason) == ("rejected", "already_inside")
    assert Presence.objects.get(checkin_list=hall, badge=badge).entries == 1


def test_exit_then_entry_again_when_reentry_allowed(paired, hall, make_badge, credential):
    device, _ = paired
    text = credential(make_badge("DEL"))
    redeem(device, hall, text=text)
    assert redeem(device, hall, text=text, direction="exit").scan.result == "accepted"
    assert redeem(device, hall, text=text).scan.result == "accepted"


def test_one_entry_only_list_refuses_after_exit(paired, hall, make_badge, credential, officer):
    device, _ = paired
    hall.allow_reentry = False
    services.checkin_list_save(checkin_list=hall, by=officer)
    text = credential(make_badge("DEL"))
    redeem(device, hall, text=text)
    redeem(device, hall, text=text, direction="exit")
    assert redeem(device, hall, text=text).scan.reason == "already_inside"


def test_entries_without_exit_when_the_list_does_not_need_one(paired, hall, make_badge, credential, officer):
    device, _ = paired
    hall.entry_requires_exit = False
    services.checkin_list_save(checkin_list=hall, by=officer)
    text = credential(make_badge("DEL"))
    assert [redeem(device, hall, text=text).scan.result for _ in range(3)] == ["accepted"] * 3
    assert Presence.objects.get(checkin_list=hall).entries == 3


def test_wrong_zone_unless_the_badge_holds_the_zone_pass(paired, signing_room, make_badge, credential):
    device, _ = paired
    delegate = make_badge("DEL")
    with_pass = make_badge("DEL", zones=["SIGN"])
    assert redeem(device, signing_room, text=credential(delegate)).scan.reason == "wrong_zone"
    assert redeem(device, signing_room, text=credential(with_pass)).scan.result == "accepted"


def test_revoked_badge_is_refused(paired, hall, make_badge, credential):
    device, _ = paired
    badge = make_badge("DEL")
    text = credential(badge)
    badge.state = "revoked"
    badge.revoked_at = timezone.now()
    badge.revoked_reason = "lost"
    badge.revocation_version = 1
    badge.save()
    assert redeem(device, hall, text=text).scan.reason == "revoked"


def test_forged_signature_and_garbage(paired, hall, make_badge, credential):
    device, _ = paired
    text = credential(make_badge("DEL"))
    body, sig = text[4:].split(".")
    forged_sig = ("A" if sig[0] != "A" else "B") + sig[1:]
    forged = redeem(device, hall, text=f"HC1:{body}.{forged_sig}")
    garbage = redeem(device, hall, text="hello")
    assert (forged.scan.reason, forged.scan.badge_id) == ("forged", None)
    assert garbage.scan.reason == "unknown"


def test_outside_the_list_window(paired, hall, make_badge, credential, officer):
    device, _ = paired
    hall.valid_from = timezone.now() + datetime.timedelta(hours=2)
    services.checkin_list_save(checkin_list=hall, by=officer)
    assert redeem(device, hall, text=credential(make_badge("DEL"))).scan.reason == "outside_window"


def test_not_approved_badge_state(paired, hall, make_badge, credential, monkeypatch):
    # A badge row in a state no gate passes (a future state of accreditation's machine).
    device, _ = paired
    badge = make_badge("DEL")
    text = credential(badge)
    from delegations.checkin import rules

    monkeypatch.setattr(rules, "PASSABLE_STATES", frozenset({"printed", "collected"}))
    assert redeem(device, hall, text=text).scan.reason == "not_approved"


def test_manual_entry_by_badge_number(paired, hall, make_badge):
    device, _ = paired
    badge = make_badge("DEL")
    assert redeem(device, hall, serial=badge.serial).scan.result == "accepted"
    assert redeem(device, hall, serial=999_999_999).scan.reason == "unknown"


def test_everyone_out_time_lets_yesterdays_entrants_in_again(paired, hall, make_badge, credential, officer):
    device, _ = paired
    hall.everyone_out_at = datetime.time(23, 0)
    services.checkin_list_save(checkin_list=hall, by=officer)
    badge = make_badge("DEL")
    text = credential(badge)
    redeem(device, hall, text=text)
    Presence.objects.filter(badge=badge).update(
        last_entry_at=timezone.now() - datetime.timedelta(days=1, hours=1)
    )
    assert redeem(device, hall, text=text).scan.result == "accepted"


def test_same_nonce_twice_records_one_scan(paired, hall, make_badge, credential):
    device, _ = paired
    text = credential(make_badge("DEL"))
    again = nonce()
    first = redeem(device, hall, text=text, nonce=again)
    second = redeem(device, hall, text=text, nonce=again)
    assert (second.duplicate, second.scan.pk) == (True, first.scan.pk)
    assert Scan.objects.count() == 1


def test_list_of_another_gate_is_404(paired, make_badge, officer):
    from delegations.checkin.models import CheckinList

    device, _ = paired
    other = services.checkin_list_save(
        checkin_list=CheckinList(name="VIP", code="vip", categories=["HOD"]), by=officer
    )
    with pytest.raises(Http404):
        redeem(device, other, serial=make_badge().serial)


def test_pairing_code_works_once_and_token_is_stored_hashed(gate, officer):
    device, code = services.device_create(gate=gate, name="Phone 2", by=officer)
    paired_device, token = services.device_pair(code=code.lower().replace("-", " "))
    assert paired_device.pk == device.pk
    stored = Device.objects.get(pk=device.pk)
    assert (stored.state, stored.pairing_code_hash) == (DeviceState.ACTIVE, "")
    assert token not in stored.token_hash
    assert services.device_authenticate(token).pk == device.pk
    with pytest.raises(ValidationError):
        services.device_pair(code=code)


def test_expired_pairing_code_is_refused(gate, officer):
    device, code = services.device_create(gate=gate, name="Phone 3", by=officer)
    Device.objects.filter(pk=device.pk).update(
        pairing_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError):
        services.device_pair(code=code)


def test_revoked_device_token_stops_at_once(paired, officer):
    device, token = paired
    services.device_revoke(device=device, by=officer)
    assert services.device_authenticate(token) is None


def test_offline_upload_dedupes_and_reports_conflicts(paired, hall, make_badge, credential, officer, gate):
    from delegations.checkin.models import Gate

    device, _ = paired
    other_gate = services.gate_save(gate=Gate(name="South gate", code="south"), lists=[hall], by=officer)
    other, code = services.device_create(gate=other_gate, name="South phone", by=officer)
    other, _ = services.device_pair(code=code)
    badge = make_badge("DEL")
    text = credential(badge)
    redeem(other, hall, text=text)  # entered at the south gate (online)
    when = timezone.now() - datetime.timedelta(minutes=5)
    batch = [
        {
            "list_id": hall.pk,
            "direction": "entry",
            "nonce": nonce(),
            "device_time": when,
            "text": text,
            "device_result": "accepted",
            "device_reason": "",
        },
        {
            "list_id": hall.pk,
            "direction": "entry",
            "nonce": nonce(),
            "device_time": when,
            "text": credential(make_badge("MED")),
            "device_result": "rejected",
            "device_reason": "wrong_zone",
        },
    ]
    report = services.scans_upload(device=device, scans=batch)
    again = services.scans_upload(device=device, scans=batch)
    assert (report.stored, report.duplicates, len(report.conflicts)) == (2, 0, 1)
    assert report.conflicts[0]["badge_serial"] == badge.serial
    assert (again.stored, again.duplicates) == (0, 2)
    assert Scan.objects.filter(device=device).count() == 2
    assert Scan.objects.get(nonce=batch[0]["nonce"]).conflict is True


def test_head_of_delegation_first_entry_alerts_reception_on_duty(
    paired, hall, make_badge, credential, make_user, django_capture_on_commit_callbacks
):
    from hanoi_ceremony.notifications.models import Notification
    from subcommittees.models import Membership, Subcommittee

    device, _ = paired
    reception = Subcommittee.objects.create(name="Reception", slug="reception")
    on, off = make_user(username="on-duty"), make_user(username="off-duty")
    for user in (on, off):
        Membership.objects.create(user=user, subcommittee=reception)
    services.duty_set(user=on, on_duty=True, by=on)
    head = make_badge("HOD", accreditation__member__capacity="head")
    with django_capture_on_commit_callbacks(execute=True):
        redeem(device, hall, text=credential(head))
    with django_capture_on_commit_callbacks(execute=True):
        redeem(device, hall, text=credential(make_badge("DEL")))
    notes = list(Notification.objects.values_list("recipient__username", "kind"))
    assert notes == [("on-duty", "checkin.arrival")]


def test_retired_key_reads_revoked_and_unknown_key_forged(paired, hall, make_badge, credential, officer):
    from delegations.accreditation.credentials import signing_key_retire, signing_key_rotate
    from delegations.checkin.badges import forget_keys

    device, _ = paired
    badge = make_badge("DEL")
    old_text = credential(badge)
    old = signing_key_rotate(by=officer)  # the first key now retires, `old` is the new active key
    from delegations.accreditation.models import SigningKey

    retiring = SigningKey.objects.get(state="retiring")
    signing_key_retire(key=retiring, by=officer)
    forget_keys()
    assert redeem(device, hall, text=old_text).scan.reason == "revoked"
    body, sig = old_text[4:].split(".")
    import base64
    import json

    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["kid"] = "nobody"
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    strange = "HC1:" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode() + "." + sig
    assert redeem(device, hall, text=strange).scan.reason == "forged"
    assert old.state == "active"


def _offline(device, lst, text, direction, when):
    return services.scans_upload(
        device=device,
        scans=[
            {
                "list_id": lst.pk,
                "direction": direction,
                "nonce": nonce(),
                "device_time": when,
                "text": text,
                "device_result": "accepted",
                "device_reason": "",
            }
        ],
    )


def test_an_offline_exit_older_than_a_later_online_entry_leaves_the_badge_inside(
    paired, hall, make_badge, credential
):
    """09:00 in (online) · 09:30 out at a gate that was offline · 10:00 in again (online) · the 09:30 exit is
    uploaded at 10:15: the badge is inside, as its latest movement says."""
    device, _ = paired
    badge = make_badge("DEL")
    text = credential(badge)
    start = timezone.now() - datetime.timedelta(hours=2)
    redeem(device, hall, text=text, device_time=start)
    Presence.objects.filter(badge=badge).update(last_entry_at=start)
    Presence.objects.filter(badge=badge).update(
        inside=False, last_exit_at=start + datetime.timedelta(minutes=10)
    )
    redeem(device, hall, text=text)  # back in now, online
    report = _offline(device, hall, text, "exit", timezone.now() - datetime.timedelta(minutes=45))
    presence = Presence.objects.get(checkin_list=hall, badge=badge)
    assert report.stored == 1 and presence.inside is True
    assert presence.last_exit_at > timezone.now() - datetime.timedelta(minutes=50)


def test_an_offline_entry_older_than_a_later_exit_leaves_the_badge_outside(
    paired, hall, make_badge, credential
):
    device, _ = paired
    badge = make_badge("DEL")
    text = credential(badge)
    redeem(device, hall, text=text, device_time=timezone.now() - datetime.timedelta(hours=3))
    assert redeem(device, hall, text=text, direction="exit").scan.result == "accepted"  # out now
    report = _offline(device, hall, text, "entry", timezone.now() - datetime.timedelta(hours=1))
    presence = Presence.objects.get(checkin_list=hall, badge=badge)
    assert report.stored == 1 and presence.inside is False and presence.entries == 2
