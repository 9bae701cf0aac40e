"""Country names in the reader's language, with the UN's own short names where they differ."""

import pytest
from django.utils import translation

from delegations.countries import local_name
from tests.delegations.factories import StateDelegationFactory


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Nhật Bản"), ("fr", "Japon"), ("en", "Japan")],
)
def test_state_name_in_the_readers_language(language, expected):
    assert local_name("JPN", "Japan", language) == expected


def test_un_short_name_wins_over_cldr_in_french():
    assert local_name("VNM", "Viet Nam", "fr") == "Viet Nam"
    assert local_name("VAT", "Holy See", "fr") == "Saint-Siège"


@pytest.mark.django_db
def test_delegation_reads_in_the_active_language_but_keeps_its_english_name():
    delegation = StateDelegationFactory(country_code="DEU", name="Germany")

    with translation.override("vi"):
        shown = str(delegation)

    assert shown == "Đức"
    assert delegation.name == "Germany"
