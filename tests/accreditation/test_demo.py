import io

import pytest
from django.core.management import call_command

from delegations.accreditation.enums import BadgeState, VettingState
from delegations.accreditation.models import Accreditation, Badge, BadgeCategory, Zone


@pytest.mark.django_db
def test_demo_seeds_a_realistic_spread_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = {s: Accreditation.objects.filter(vetting=s).count() for s in VettingState.values}
    assert all(counts[s] > 0 for s in VettingState.values), counts
    assert {"HOS", "HOD", "DEL", "MED", "SEC"} <= set(BadgeCategory.objects.values_list("code", flat=True))
    assert Zone.objects.filter(restricted=True).count() >= 2
    assert set(Badge.objects.values_list("state", flat=True)) == set(BadgeState.values)
    assert (
        not Badge.objects.exclude(accreditation__vetting=VettingState.APPROVED)
        .exclude(state=BadgeState.REVOKED)
        .exists()
    )
    before = (Accreditation.objects.count(), Badge.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Accreditation.objects.count(), Badge.objects.count()) == before
