import io

import pytest
from django.core.management import call_command

from agenda.signing.enums import SigningStatus
from agenda.signing.models import Inscription, SigningEntry
from delegations.enums import FullPowersStatus
from delegations.models import FullPowers

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        SigningEntry.objects.count(),
        SigningEntry.objects.filter(status=SigningStatus.SIGNED).count(),
        Inscription.objects.count(),
        FullPowers.objects.count(),
    )


def test_seed_demo_is_idempotent_and_scales(settings):
    call_command("seed_demo", "--replay", "--quiet-logins", stdout=io.StringIO())
    first = _snapshot()

    call_command("seed_demo", "--replay", "--quiet-logins", stdout=io.StringIO())
    second = _snapshot()
    call_command("seed_demo", "--replay", "--scale", "2", "--quiet-logins", stdout=io.StringIO())
    scaled = _snapshot()

    assert first == second
    assert first[0] == 60
    assert SigningEntry.objects.order_by("position").first().delegation.country_code == "VNM"
    assert first[2] >= 60
    assert Inscription.objects.filter(speakers_list__kind="plenary", delegation__country_code="VNM").exists()
    assert FullPowers.objects.filter(status=FullPowersStatus.AWAITED).exists()
    assert scaled[0] > first[0] and scaled[2] > first[2]
    delegations = list(SigningEntry.objects.values_list("delegation_id", flat=True))
    assert len(delegations) == len(set(delegations))
