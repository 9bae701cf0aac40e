"""Dates the database cannot hold (or reports cannot compute with) are refused in one place: forms, query
parameters and model validation alike, with a 400 and a message next to the field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from delegations import services as delegation_services
from delegations.enums import Capacity, ProtocolRank
from tests.delegations.factories import LiaisonFactory


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("name", ["signing:report", "signing:report_csv"])
def test_signing_report_as_of_outside_the_range_is_400(client, ceremony, name, as_of):
    response = client.get(reverse(name), {"as_of": as_of})

    assert response.status_code == 400
    assert "Enter a date between" in response.content.decode()


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_delegations_report_as_of_outside_the_range_is_400(organiser_client, ceremony, as_of):
    response = organiser_client.get(reverse("delegations:report"), {"as_of": as_of})

    assert response.status_code == 400
    assert "Enter a date between" in response.content.decode()


def test_service_refuses_a_year_one_arrival_through_model_validation(db, ceremony):
    liaison = LiaisonFactory(delegation__country_code="FRA", delegation__name="France").user
    year_one = datetime.datetime(1, 1, 1, 12, tzinfo=datetime.UTC)

    with pytest.raises(ValidationError) as exc:
        delegation_services.member_add(
            delegation=liaison.liaison.delegation,
            by=liaison,
            data={
                "family_name": "Martin",
                "capacity": Capacity.HEAD,
                "rank": ProtocolRank.HEAD_OF_STATE,
                "arrival_at": year_one,
            },
        )

    assert "arrival_at" in exc.value.message_dict


def test_every_model_date_field_carries_the_sane_range_validator():
    from django.apps import apps
    from django.db import models

    from hanoi_ceremony.core.dates import validate_sane_date

    unguarded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and validate_sane_date not in field.validators
    ]

    assert unguarded == []


def test_sane_range_accepts_the_ceremony_and_today(ceremony):
    from hanoi_ceremony.core.dates import validate_sane_date

    validate_sane_date(ceremony.first_day)
    validate_sane_date(timezone.now())
