"""Personal data: retention purges (dry run first; pages and reports survive them), a person's export and
anonymisation on request, each audited."""

import datetime
import io
import json
import os

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from delegations import privacy, services
from delegations.enums import Capacity, ProtocolRank
from delegations.models import Member
from hanoi_ceremony.audit.models import AuditEntry
from tests.delegations.factories import photo_upload

AFTER = datetime.date(2025, 12, 1)  # the demo ceremony ended on 26 October 2025
BEFORE = datetime.date(2025, 11, 1)


@pytest.fixture
def person(delegation, liaison):
    return services.member_add(
        delegation=delegation,
        by=liaison,
        data={
            "family_name": "Martin",
            "given_names": "Paul",
            "capacity": Capacity.ADVISER,
            "rank": ProtocolRank.OTHER,
            "nationality": "FRA",
            "passport_number": "FR998877",
            "email": "paul@example.fr",
            "arrival_flight": "VN18",
            "arrival_at": datetime.datetime(2025, 10, 24, 8, tzinfo=datetime.UTC),
            "hotel": "Hotel du Parc",
        },
        photo=photo_upload(),
    )


def test_purge_dry_run_reports_and_changes_nothing(person, ceremony):
    report = privacy.privacy_purge(dry_run=True, today=AFTER)

    plans = {k.kind: k for k in report.kinds}
    assert plans["passport"].purge_on == datetime.date(2025, 11, 25)
    assert (plans["passport"].due, plans["passport"].members) == (True, 1)
    assert report.purged == {}
    assert Member.objects.get(pk=person.pk).passport_number == "FR998877"


def test_purge_before_the_date_keeps_everything(person, ceremony):
    report = privacy.privacy_purge(dry_run=False, today=BEFORE)

    assert report.purged == {}
    assert Member.objects.get(pk=person.pk).passport_number == "FR998877"


def test_purge_after_the_date_blanks_each_kind_deletes_photos_and_audits(
    person, ceremony, django_capture_on_commit_callbacks
):
    photo_path = person.photo.path

    with django_capture_on_commit_callbacks(execute=True):
        report = privacy.privacy_purge(dry_run=False, today=AFTER)

    person.refresh_from_db()
    assert report.purged == {"passport": 1, "photo": 1, "travel": 1}
    assert (person.passport_number, person.photo.name, person.arrival_flight, person.hotel) == (
        "",
        "",
        "",
        "",
    )
    assert person.email == "paul@example.fr"  # contact details are kept 180 days
    assert person.family_name == "Martin"
    assert not os.path.exists(photo_path)
    assert AuditEntry.objects.filter(action="member_data.purged").count() == 3


def test_pages_and_reports_still_work_after_a_purge(person, ceremony, organiser_client, liaison, delegation):
    privacy.privacy_purge(dry_run=False, today=AFTER)
    urls = [
        reverse("delegations:detail", args=[delegation.pk]),
        reverse("delegations:member_edit", args=[delegation.pk, person.pk]),
        reverse("delegations:list"),
        reverse("delegations:report"),
        reverse("delegations:export", args=["csv"]),
        reverse("delegations:export", args=["xlsx"]),
        reverse("delegations:privacy"),
        reverse("delegations:member_privacy", args=[delegation.pk, person.pk]),
        reverse("signing:board"),
        reverse("signing:report"),
    ]

    statuses = {url: organiser_client.get(url).status_code for url in urls}
    liaison_client = Client()
    liaison_client.force_login(liaison)
    statuses["liaison detail"] = liaison_client.get(
        reverse("delegations:detail", args=[delegation.pk])
    ).status_code
    photo = organiser_client.get(reverse("delegations:member_photo", args=[delegation.pk, person.pk]))

    assert set(statuses.values()) == {200}, statuses
    assert photo.status_code == 404


def test_retention_page_purges_what_is_due(organiser_client, person, ceremony):
    page = organiser_client.get(reverse("delegations:privacy"))
    assert page.status_code == 200
    assert 'data-testid="retention"' in page.content.decode()

    response = organiser_client.post(reverse("delegations:privacy"))

    assert response.status_code == 302
    assert Member.objects.get(pk=person.pk).passport_number == ""  # today (2026) is past every date


def test_privacy_command_is_a_dry_run_by_default(person, ceremony):
    out = io.StringIO()

    call_command("privacy_purge", stdout=out)

    assert "Dry run" in out.getvalue() and "passport" in out.getvalue()
    assert Member.objects.get(pk=person.pk).passport_number == "FR998877"


def test_member_export_holds_everything_and_is_audited(organiser_client, person, delegation, liaison):
    services.signatory_designate(member=person, by=liaison)

    response = organiser_client.post(reverse("delegations:member_export", args=[delegation.pk, person.pk]))

    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment;")
    assert data["person"]["passport_number"] == "•••••877"  # organisers see passports masked, here too
    assert "delegations.FullPowers" in data["related"]
    assert any(h["action"] == "delegation.member_added" for h in data["history"])
    assert AuditEntry.objects.filter(action="member.data_exported").count() == 1


def test_member_anonymise_erases_the_person_and_scrubs_the_history(
    organiser_client, person, delegation, django_capture_on_commit_callbacks
):
    photo_path = person.photo.path

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("delegations:member_anonymise", args=[delegation.pk, person.pk]),
            {"reason": "E-mail request of 2 November 2025"},
        )

    person.refresh_from_db()
    assert response.status_code == 302
    assert (person.family_name, person.given_names, person.passport_number, person.email) == (
        "Anonymised",
        "",
        "",
        "",
    )
    assert person.list_visibility == "nobody"
    assert not os.path.exists(photo_path)
    page = organiser_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()
    assert "Martin" not in page and "FR998877" not in page
    assert not AuditEntry.objects.filter(data__member="Paul MARTIN").exists()
    assert AuditEntry.objects.get(action="member.anonymised").reason == "E-mail request of 2 November 2025"


def test_member_anonymise_needs_a_reason_and_an_organiser(organiser_client, liaison, person, delegation):
    url = reverse("delegations:member_anonymise", args=[delegation.pk, person.pk])

    assert organiser_client.post(url, {"reason": " "}).status_code == 400
    liaison_client = Client()
    liaison_client.force_login(liaison)
    assert liaison_client.post(url, {"reason": "mine"}).status_code == 403
    assert Member.objects.get(pk=person.pk).family_name == "Martin"


def test_member_export_by_an_accreditation_officer_holds_the_full_passport(
    client, accreditation, person, delegation
):
    client.force_login(accreditation)

    response = client.post(reverse("delegations:member_export", args=[delegation.pk, person.pk]))

    assert json.loads(response.content)["person"]["passport_number"] == "FR998877"
    assert AuditEntry.objects.get(action="member.data_exported").data["passport_unmasked"] is True
