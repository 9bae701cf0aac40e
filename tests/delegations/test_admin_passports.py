"""No admin list shows, searches, filters or orders by passports; only the audited view reveals a number."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.delegations.factories import MemberFactory

SENSITIVE = ("passport_number", "passport_expiry")


@pytest.mark.parametrize(
    "query",
    [
        {"passport_number__startswith": "X"},
        {"passport_number": "X1234567"},
        {"passport_number__iregex": "^X"},
        {"passport_expiry__year": "2030"},
    ],
)
def test_admin_member_list_refuses_passport_filters(organiser_client, delegation, query):
    MemberFactory(delegation=delegation, passport_number="X1234567")

    response = organiser_client.get(reverse("admin:delegations_member_changelist"), query)

    assert response.status_code == 400


def test_admin_delegation_list_refuses_a_passport_filter_through_members(organiser_client, delegation):
    MemberFactory(delegation=delegation, passport_number="X1234567")

    response = organiser_client.get(
        reverse("admin:delegations_delegation_changelist"), {"members__passport_number__startswith": "X"}
    )

    assert response.status_code == 400


def test_admin_member_change_page_never_shows_the_number(organiser_client, delegation):
    member = MemberFactory(delegation=delegation, passport_number="X1234567")

    response = organiser_client.get(reverse("admin:delegations_member_change", args=[member.pk]))

    assert response.status_code == 200
    assert "X1234567" not in response.content.decode()


def _passport_paths(model) -> list[str]:
    """Lookups from `model` that reach a member's passport: on the model itself, or one relation away."""
    from delegations.models import Member

    paths = []
    if model is Member:
        paths += [f"{name}__startswith" for name in SENSITIVE] + list(SENSITIVE)
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is Member:
            paths += [f"{field.name}__{name}__startswith" for name in SENSITIVE]
    return paths


def test_no_registered_admin_shows_searches_or_filters_passports(rf, organiser):
    request = rf.get("/")
    request.user = organiser
    offenders = []
    for model, model_admin in admin.site._registry.items():
        listed = [str(x) for x in model_admin.get_list_display(request)]
        searched = [str(x) for x in model_admin.get_search_fields(request)]
        filtered = [str(x if isinstance(x, str) else x[0]) for x in model_admin.get_list_filter(request)]
        for name in listed + searched + filtered:
            if any(s in name for s in SENSITIVE):
                offenders.append(f"{model._meta.label}: {name}")
        for path in _passport_paths(model):
            if model_admin.lookup_allowed(path, "X", request):
                offenders.append(f"{model._meta.label}: lookup {path}")

    assert offenders == []


def test_passport_reveal_is_audited(liaison_client, delegation):
    from hanoi_ceremony.audit.models import AuditEntry

    member = MemberFactory(delegation=delegation, passport_number="X1234567")

    response = liaison_client.get(reverse("delegations:member_passport", args=[delegation.pk, member.pk]))

    assert "X1234567" in response.content.decode()
    assert AuditEntry.objects.filter(action="member.passport_viewed").count() == 1
