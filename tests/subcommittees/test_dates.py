"""Task due times and escalation deadlines outside the sane range are refused next to the field."""

import pytest
from django.urls import reverse

from subcommittees.models import Escalation, Task


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_task_due_outside_the_sane_range_is_400_next_to_the_field(client, ceremony, content, lead, typed):
    client.force_login(lead)

    response = client.post(
        reverse("subcommittees:task_create") + "?subcommittee=content",
        {"title": "Rehearsal script", "due_at": typed, "priority": 2},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["due_at"][0].startswith("Enter a date between")
    assert Task.objects.count() == 0


def test_escalation_needed_by_year_one_is_400(client, ceremony, content, lead):
    client.force_login(lead)

    response = client.post(
        reverse("subcommittees:escalation_create") + "?subcommittee=content",
        {"title": "Late", "impact": "x", "decision_needed": "y", "needed_by": "0001-01-01T00:00"},
    )

    assert response.status_code == 400
    assert "needed_by" in response.context["form"].errors
    assert Escalation.objects.count() == 0
