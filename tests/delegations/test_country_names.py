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


@pytest.mark.django_db
def test_lists_are_alphabetical_in_the_readers_language(organiser_client, organiser):
    """Germany, Japan, Spain read Allemagne, Japon, Espagne in French and Đức, Nhật Bản, Tây Ban Nha in
    Vietnamese: the organisers' list follows the reader's alphabet (the UN's English order is kept for
    seating and signing, not for a reader's list)."""
    from django.urls import reverse

    from delegations.countries import state_choices
    from delegations.models import Delegation
    from delegations.selectors import delegation_list

    for code, name in (("JPN", "Japan"), ("ESP", "Spain"), ("DEU", "Germany")):
        StateDelegationFactory(country_code=code, name=name)
    url = reverse("delegations:list")
    organiser.language = "en"
    organiser.save(update_fields=["language"])
    english = organiser_client.get(url).content.decode()
    assert _names_on(english, ["Germany", "Japan", "Spain"]) == ["Germany", "Japan", "Spain"]
    organiser.language = "fr"
    organiser.save(update_fields=["language"])
    french = organiser_client.get(url).content.decode()
    assert _names_on(french, ["Allemagne", "Espagne", "Japon"]) == ["Allemagne", "Espagne", "Japon"]
    with translation.override("vi"):
        codes = [d.country_code for d in delegation_list(base=Delegation.objects.all())]
        assert codes == ["DEU", "JPN", "ESP"]  # Đức, Nhật Bản, Tây Ban Nha (Đ files under D)
        choices = [label for _code, label in state_choices()]
        assert choices.index("Đức") < choices.index("Nhật Bản") < choices.index("Tây Ban Nha")


def _names_on(page: str, names: list[str]) -> list[str]:
    positions = sorted((page.index(n), n) for n in names if n in page)
    return [n for _, n in positions]
