import datetime
import io

import pytest

from delegations.checkin import demo, services
from delegations.checkin.models import CheckinList, Device, Gate, Scan

pytestmark = pytest.mark.django_db


def test_demo_seeds_lists_gates_and_devices_once(ceremony, make_badge):
    around = {
        "valid_from": datetime.datetime.combine(ceremony.first_day, datetime.time(0, 0), tzinfo=datetime.UTC)
        - datetime.timedelta(days=2),
        "valid_until": datetime.datetime.combine(
            ceremony.last_day, datetime.time(23, 0), tzinfo=datetime.UTC
        ),
    }
    for _ in range(3):
        make_badge("DEL", zones=["PLN"], **around)
    make_badge("MED", zones=["MED"], **around)  # not a plenary badge: not among the demo entries
    out = io.StringIO()
    demo.seed(scale=1, out=out)
    demo.seed(scale=1, out=io.StringIO())
    assert sorted(CheckinList.objects.values_list("code", flat=True)) == [
        "plenary",
        "signing-room",
        "vip-lounge",
    ]
    assert Gate.objects.count() == 3
    assert Device.objects.filter(state="active").count() == 2
    assert Scan.objects.filter(result="accepted").count() == 3
    assert "DEMO-GATE" in out.getvalue()
    device, token = services.device_pair(code="demo-gate")
    assert device.name == "Demo laptop" and services.device_authenticate(token) == device
