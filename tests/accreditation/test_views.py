import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delegations.accreditation.enums import BadgeState, VettingState
from delegations.accreditation.models import Accreditation, Badge
from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.audit.models import AuditEntry
from tests.accreditation.factories import AccreditationFactory, BadgeFactory, CategoryFactory
from tests.delegations.factories import pdf_upload, photo_upload

pytestmark = pytest.mark.django_db


def _csv(rows, header=("reference", "decision", "note")) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("decisions.csv", out.getvalue().encode(), content_type="text/csv")


def _ref(a) -> str:
    return f"ACC-{a.pk:06d}"


@pytest.fixture
def pre_approved(ceremony):
    return [AccreditationFactory(vetting=VettingState.PRE_APPROVED) for _ in range(2)]


def test_security_export_is_for_accreditation_officers_only(organiser_client, ceremony):
    response = organiser_client.get(reverse("accreditation:security_export", args=["csv"]))
    assert response.status_code == 403


def test_security_export_holds_passports_and_is_audited(officer_client, pre_approved):
    response = officer_client.get(reverse("accreditation:security_export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["reference", "kind"]
    assert {r[6] for r in rows[1:]} == {a.member.passport_number for a in pre_approved}
    assert AuditEntry.objects.filter(action="accreditation.exported").count() == 1
    xlsx = officer_client.get(reverse("accreditation:security_export", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert AuditEntry.objects.filter(action="accreditation.exported").count() == 2


def test_import_preview_then_apply(officer_client, pre_approved):
    first, second = pre_approved
    url = reverse("accreditation:security_import")
    response = officer_client.post(
        url, {"file": _csv([[_ref(first), "approved", ""], [_ref(second), "on hold", "Check"]])}
    )
    assert response.status_code == 200
    assert Accreditation.objects.filter(vetting=VettingState.PRE_APPROVED).count() == 2  # nothing applied yet
    digest = response.context["preview"].digest
    response = officer_client.post(url, {"apply": "1", "digest": digest})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.vetting, second.vetting) == (VettingState.APPROVED, VettingState.ON_HOLD)
    assert AuditEntry.objects.filter(action="accreditation.imported").count() == 2


def test_import_row_for_unknown_person_refuses_the_whole_file(officer_client, pre_approved):
    first, _second = pre_approved
    url = reverse("accreditation:security_import")
    response = officer_client.post(
        url, {"file": _csv([[_ref(first), "approved", ""], ["ACC-999999", "approved", ""]])}
    )
    assert response.status_code == 400
    preview = response.context["preview"]
    assert [r.ok for r in preview.rows] == [True, False]
    assert "No person has the reference ACC-999999." in preview.rows[1].errors
    assert "apply" not in response.content.decode().split('data-testid="import-refused"')[0][-400:]
    # Applying regardless (a forged POST) changes nothing.
    response = officer_client.post(url, {"apply": "1", "digest": preview.digest})
    first.refresh_from_db()
    assert first.vetting == VettingState.PRE_APPROVED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"name,colour\nx,y\n", "The header row lacks the column(s): reference, decision."),
        (b"\xff\xfe\x00garbage", "The file is not UTF-8 text"),
        (b"reference,decision\n", "The file has no rows below its header."),
    ],
)
def test_malformed_import_file_is_refused_with_a_message(officer_client, pre_approved, content, message):
    upload = SimpleUploadedFile("x.csv", content, content_type="text/csv")
    response = officer_client.post(reverse("accreditation:security_import"), {"file": upload})
    assert response.status_code == 400
    errors = response.context["preview"].file_errors if response.context["preview"] else []
    if content == b"":
        assert response.context["form"].errors  # Django refuses an empty upload at the field
    else:
        assert errors and errors[0].startswith(message)
    assert Accreditation.objects.filter(vetting=VettingState.PRE_APPROVED).count() == 2


def test_import_with_bad_decision_and_missing_note(officer_client, pre_approved):
    first, second = pre_approved
    response = officer_client.post(
        reverse("accreditation:security_import"),
        {"file": _csv([[_ref(first), "maybe", ""], [_ref(second), "rejected", ""]])},
    )
    rows = response.context["preview"].rows
    assert response.status_code == 400
    assert "is not a decision" in rows[0].errors[0]
    assert rows[1].errors == ["A note is needed for on hold and rejected."]


def test_print_sheet_refuses_a_person_not_approved(officer_client, ceremony):
    badge = BadgeFactory(accreditation__vetting=VettingState.ON_HOLD)
    response = officer_client.get(reverse("accreditation:print_sheet") + f"?ids={badge.pk}")
    assert response.status_code == 302
    response = officer_client.post(reverse("accreditation:print_mark"), {"ids": [badge.pk]})
    badge.refresh_from_db()
    assert badge.state == BadgeState.APPROVED


def test_print_mark_then_collect_with_receipt(officer_client, ceremony):
    badges = [BadgeFactory() for _ in range(2)]
    delegation = badges[0].accreditation.delegation
    Accreditation.objects.filter(pk=badges[1].accreditation_id).update(delegation=delegation)
    response = officer_client.get(
        reverse("accreditation:print_sheet") + "?" + "&".join(f"ids={b.pk}" for b in badges)
    )
    assert response["Content-Type"] == "application/pdf"
    officer_client.post(reverse("accreditation:print_mark"), {"ids": [b.pk for b in badges]})
    assert set(Badge.objects.values_list("state", flat=True)) == {BadgeState.PRINTED}
    response = officer_client.post(
        reverse("accreditation:collection_record", args=[delegation.pk]),
        {"ids": [b.pk for b in badges], "collected_by_name": "Jean Dupont"},
    )
    assert response.status_code == 302
    assert set(Badge.objects.values_list("state", flat=True)) == {BadgeState.COLLECTED}
    page = officer_client.get(response["Location"])
    receipt = page.context["new_receipt"]
    assert set(receipt.badges.values_list("pk", flat=True)) == {b.pk for b in badges}
    pdf = officer_client.get(reverse("accreditation:collection_receipt", args=[receipt.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_liaison_sees_own_delegation_only(client, liaison, other_liaison, ceremony):
    client.force_login(liaison)
    own = liaison.liaison.delegation.pk
    other = other_liaison.liaison.delegation.pk
    assert client.get(reverse("accreditation:delegation", args=[own])).status_code == 200
    assert client.get(reverse("accreditation:delegation", args=[other])).status_code == 404
    assert client.get(reverse("accreditation:queue")).status_code == 403


def test_media_form_refuses_missing_documents(client, ceremony):
    response = client.post(reverse("accreditation:media_apply"), {"family_name": "Tran"})
    assert response.status_code == 400
    assert "assignment_letter" in response.context["form"].errors


def test_media_form_accepts_a_complete_application(client, ceremony):
    CategoryFactory(code="MED", for_media=True)
    data = {
        "family_name": "Tran",
        "given_names": "Minh",
        "nationality": "vnm",
        "passport_number": "C7654321",
        "passport_expiry": "2030-01-01",
        "email": "minh@example.org",
        "outlet": "Viet News",
        "outlet_country": "VNM",
        "role": "journalist",
        "press_card_number": "PC-1",
        "assignment_letter": pdf_upload(),
        "press_card": pdf_upload("card.pdf"),
        "photo": photo_upload(),
    }
    response = client.post(reverse("accreditation:media_apply"), data)
    assert response.status_code == 302
    assert Accreditation.objects.get().media.outlet == "Viet News"


def test_counts_as_of_a_date_replays_vetting(client, make_user, officer, ceremony):
    import datetime

    import time_machine

    from delegations.accreditation.services import vetting

    with time_machine.travel(datetime.datetime(2025, 10, 1, 3, tzinfo=datetime.UTC)):
        a = AccreditationFactory(vetting=VettingState.NEW)
    with time_machine.travel(datetime.datetime(2025, 10, 10, 3, tzinfo=datetime.UTC)):
        vetting.vetting_decide(accreditation=a, to=VettingState.PRE_APPROVED, by=officer)
    client.force_login(make_user(Role.STEERING, username="steer"))
    before = client.get(reverse("accreditation:counts") + "?date=2025-10-05").context["data"]
    after = client.get(reverse("accreditation:counts") + "?date=2025-10-12").context["data"]
    assert before["totals"][:2] == [1, 0]
    assert after["totals"][:2] == [0, 1]
    assert client.get(reverse("accreditation:counts") + "?date=banana").status_code == 400


def test_counts_as_of_a_date_replay_category_changes(officer, ceremony):
    """A person re-categorised on 10 October counts in the old category for any earlier date."""
    import datetime

    import time_machine

    from delegations.accreditation.selectors import counts_as_of
    from delegations.accreditation.services import vetting

    delegate, adviser = CategoryFactory(code="DEL"), CategoryFactory(code="ADV")
    with time_machine.travel(datetime.datetime(2025, 10, 1, 3, tzinfo=datetime.UTC)):
        a = AccreditationFactory(vetting=VettingState.NEW, category=delegate)
    with time_machine.travel(datetime.datetime(2025, 10, 10, 3, tzinfo=datetime.UTC)):
        vetting.category_set(accreditation=a, category=adviser, by=officer)

    def totals(day):
        rows = counts_as_of(datetime.datetime(2025, 10, day, 12, tzinfo=datetime.UTC))["rows"]
        return {r["category"].code: r["total"] for r in rows if r["category"] is not None}

    assert (totals(5)["DEL"], totals(5)["ADV"]) == (1, 0)
    assert (totals(12)["DEL"], totals(12)["ADV"]) == (0, 1)


def _people(n):
    for _ in range(n):
        BadgeFactory()


@pytest.mark.parametrize("n", [3, 12])
def test_queue_query_count_is_constant(officer_client, ceremony, django_assert_num_queries, n):
    _people(n)
    url = reverse("accreditation:queue")
    with django_assert_num_queries(12):
        response = officer_client.get(url)  # the first view draws the fragment
    assert response.status_code == 200
    assert response.content.decode().count('name="ids"') == n
    with django_assert_num_queries(5):
        again = officer_client.get(url)  # served from the cache until something changes
    assert again.content.decode().count('name="ids"') == n


def test_queue_follows_a_decision_at_once(officer_client, officer, ceremony):
    """The cached queue is redrawn by the change itself: a pre-approval shows on the next view."""
    from delegations.accreditation.services import vetting

    accreditation = BadgeFactory().accreditation
    type(accreditation).objects.filter(pk=accreditation.pk).update(vetting=VettingState.NEW)
    url = reverse("accreditation:queue") + "?vetting=new"
    assert officer_client.get(url).content.decode().count('name="ids"') == 1
    accreditation.refresh_from_db()
    vetting.vetting_decide(accreditation=accreditation, to=VettingState.PRE_APPROVED, by=officer)
    assert officer_client.get(url).content.decode().count('name="ids"') == 0


@pytest.mark.parametrize("n", [3, 12])
def test_summary_query_count_is_constant(officer_client, ceremony, django_assert_num_queries, n):
    _people(n)
    with django_assert_num_queries(6):
        response = officer_client.get(reverse("accreditation:summary"))
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [3, 12])
def test_print_queue_query_count_is_constant(officer_client, ceremony, django_assert_num_queries, n):
    _people(n)
    with django_assert_num_queries(8):
        response = officer_client.get(reverse("accreditation:print_queue"))
    assert len(response.context["page"]) == n


@pytest.mark.parametrize("n", [2, 8])
def test_delegation_page_query_count_is_constant(client, liaison, ceremony, django_assert_num_queries, n):
    delegation = liaison.liaison.delegation
    category = CategoryFactory(code="DEL")
    for _ in range(n):
        AccreditationFactory(member__delegation=delegation, category=category)
    client.force_login(liaison)
    url = reverse("accreditation:delegation", args=[delegation.pk])
    with django_assert_num_queries(13):
        response = client.get(url)  # the first view draws the fragment
    assert response.content.decode().count('data-testid="vetting"') == n
    with django_assert_num_queries(6):
        again = client.get(url)  # then it is served from the cache until something changes
    assert again.content.decode().count('data-testid="vetting"') == n


def test_delegation_badges_pdf_has_one_page_per_badge(officer_client, ceremony):
    from pypdf import PdfReader

    first = BadgeFactory()
    delegation = first.accreditation.delegation
    second = BadgeFactory(accreditation__member__delegation=delegation)
    assert second.accreditation.delegation_id == delegation.pk
    response = officer_client.get(
        reverse("accreditation:delegation_badges_pdf", args=[delegation.pk]) + "?layout=id1"
    )
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2


def test_person_badge_pdf_for_exempt_dignitary_without_photo(officer_client, ceremony):
    from pypdf import PdfReader

    badge = BadgeFactory(accreditation__member__photo="", accreditation__photo_state="exempt")
    response = officer_client.get(reverse("accreditation:person_badge_pdf", args=[badge.accreditation_id]))
    assert response["Content-Type"] == "application/pdf"
    assert str(badge.serial) in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_signing_keys_page_rotates_and_retires_with_confirmation(officer_client, officer, ceremony, client):
    from delegations.accreditation import credentials
    from delegations.accreditation.enums import KeyState
    from delegations.accreditation.models import SigningKey

    first = credentials.signing_key_active()
    page = officer_client.get(reverse("accreditation:keys"))
    assert page.status_code == 200 and first.kid in page.content.decode()
    response = officer_client.post(reverse("accreditation:key_rotate"))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == KeyState.RETIRING
    new = SigningKey.objects.get(state=KeyState.ACTIVE)
    assert new.kid in credentials.published_keys().__repr__()
    # Retiring needs the confirmation box; without it nothing changes.
    officer_client.post(reverse("accreditation:key_retire", args=[first.pk]), {"expected": "retiring"})
    first.refresh_from_db()
    assert first.state == KeyState.RETIRING
    officer_client.post(
        reverse("accreditation:key_retire", args=[first.pk]), {"expected": "retiring", "confirm": "yes"}
    )
    first.refresh_from_db()
    assert first.state == KeyState.RETIRED
    # The active key cannot be retired: a refusal with the reason, not a 500.
    refused = officer_client.post(
        reverse("accreditation:key_retire", args=[new.pk]), {"expected": "active", "confirm": "yes"}
    )
    assert refused["X-Refusal-Status"] == "409"
    history = officer_client.get(reverse("accreditation:keys")).content.decode()
    assert "retired the badge signing key" in history


def test_signing_keys_page_is_for_officers_only(client, make_user, ceremony):
    client.force_login(make_user(Role.STEERING, username="steer2"))
    assert client.get(reverse("accreditation:keys")).status_code == 403
    assert client.post(reverse("accreditation:key_rotate")).status_code == 403
