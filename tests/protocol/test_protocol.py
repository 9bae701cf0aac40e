import datetime

import pytest
from django.urls import reverse

from delegations.enums import Capacity, DelegationStatus, ListVisibility, ParticipantType, ProtocolRank
from delegations.models import Member
from delegations.protocol.models import ParticipantsListVersion
from delegations.protocol.selectors import levels_as_of
from delegations.protocol.services import participants_list_publish
from hanoi_ceremony.audit.services import audit_record
from tests.agenda.signing.factories import DelegationFactory, LiaisonFactory, MemberFactory

HANOI = datetime.timezone(datetime.timedelta(hours=7))


def day(d, hour=12):
    return datetime.datetime(2025, 10, d, hour, tzinfo=HANOI)


def confirmed_on(delegation, when):
    audit_record(
        actor=None,
        action="delegation.confirmed",
        target=delegation,
        from_state="submitted",
        to_state="confirmed",
        at=when,
    )


def _row(report, rank):
    return next(r for r in report.rows if r["rank"] == rank)


@pytest.fixture
def world(db):
    fra = DelegationFactory(name="France", country_code="FRA")
    MemberFactory(delegation=fra, capacity=Capacity.HEAD, rank=ProtocolRank.HEAD_OF_STATE)
    confirmed_on(fra, day(5))
    ken = DelegationFactory(name="Kenya", country_code="KEN")
    head = MemberFactory(delegation=ken, capacity=Capacity.HEAD, rank=ProtocolRank.FOREIGN_MINISTER)
    confirmed_on(ken, day(12))
    eu = DelegationFactory(name="European Union", reio=True)
    MemberFactory(delegation=eu, capacity=Capacity.HEAD, rank=ProtocolRank.HEAD_OF_ORGANISATION)
    confirmed_on(eu, day(6))
    return {"fra": fra, "ken": ken, "eu": eu, "ken_head": head}


def test_levels_count_confirmed_delegations_by_head_rank_and_type(world):
    report = levels_as_of(datetime.date(2025, 10, 20))
    types = [t for t, _label in report.types]
    assert _row(report, ProtocolRank.HEAD_OF_STATE)["counts"][types.index(ParticipantType.MEMBER_STATE)] == 1
    assert _row(report, ProtocolRank.FOREIGN_MINISTER)["total"] == 1
    assert _row(report, ProtocolRank.HEAD_OF_ORGANISATION)["counts"][types.index(ParticipantType.REIO)] == 1
    assert report.total == 3


def test_levels_as_of_an_earlier_date_come_from_the_audit_history(world):
    report = levels_as_of(datetime.date(2025, 10, 7))
    assert report.total == 2  # Kenya was confirmed on the 12th
    assert _row(report, ProtocolRank.FOREIGN_MINISTER)["total"] == 0
    # Kenya was later sent back for changes: on the 20th it no longer counts, on the 15th it did.
    audit_record(
        actor=None,
        action="delegation.changes_requested",
        target=world["ken"],
        from_state="confirmed",
        to_state="changes_requested",
        at=day(18),
    )
    assert levels_as_of(datetime.date(2025, 10, 15)).total == 3
    assert levels_as_of(datetime.date(2025, 10, 20)).total == 2


def test_a_head_promoted_later_counts_with_the_rank_they_had_then(world):
    head = world["ken_head"]
    audit_record(
        actor=None,
        action="delegation.member_changed",
        target=world["ken"],
        data={
            "member_id": head.pk,
            "member": str(head),
            "changes": {"rank": ["minister", "foreign_minister"]},
        },
        at=day(22),
    )
    assert _row(levels_as_of(datetime.date(2025, 10, 20)), ProtocolRank.MINISTER)["total"] == 1
    assert _row(levels_as_of(datetime.date(2025, 10, 23)), ProtocolRank.FOREIGN_MINISTER)["total"] == 1


def test_levels_page_chart_data_and_csv(organiser_client, world):
    page = organiser_client.get(reverse("protocol:levels") + "?as_of=2025-10-20")
    assert page.status_code == 200
    assert 'id="levels-chart-data"' in page.content.decode()
    assert "<script>" not in page.content.decode()  # no inline script (CSP)
    csv = b"".join(
        organiser_client.get(reverse("protocol:levels_csv") + "?as_of=2025-10-20").streaming_content
    ).decode()
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Level of participation,UN Member State")
    assert lines[1].startswith("Heads of State,1,")
    assert lines[-1].endswith(",3")
    assert organiser_client.get(reverse("protocol:levels") + "?as_of=nonsense").status_code == 400


@pytest.mark.parametrize("n", [1, 4])
def test_levels_page_queries_do_not_grow(organiser_client, db, n, django_assert_num_queries):
    for i in range(n):
        d = DelegationFactory(name=f"S{i}", country_code=f"S{i:02d}")
        MemberFactory(delegation=d, capacity=Capacity.HEAD)
        confirmed_on(d, day(5))
    organiser_client.get(reverse("protocol:levels"))
    with django_assert_num_queries(11):  # a cache miss: the report is computed
        organiser_client.get(reverse("protocol:levels") + "?as_of=2025-10-20")


@pytest.fixture
def listed(db):
    ken = DelegationFactory(name="Kenya", country_code="KEN")
    MemberFactory(
        delegation=ken,
        capacity=Capacity.HEAD,
        family_name="Public",
        title="H.E. Mr.",
        list_visibility=ListVisibility.PUBLIC,
        passport_number="P1234567",
    )
    MemberFactory(
        delegation=ken,
        capacity=Capacity.ADVISER,
        family_name="Insider",
        list_visibility=ListVisibility.PARTICIPANTS,
    )
    MemberFactory(
        delegation=ken, capacity=Capacity.SECURITY, family_name="Guard", list_visibility=ListVisibility.PUBLIC
    )
    MemberFactory(
        delegation=ken, capacity=Capacity.EXPERT, family_name="Hidden", list_visibility=ListVisibility.NOBODY
    )
    DelegationFactory(name="Abkhazia Pending", country_code="ABP", status=DelegationStatus.SUBMITTED)
    eu = DelegationFactory(name="European Union", reio=True)
    MemberFactory(
        delegation=eu, capacity=Capacity.HEAD, family_name="Eurohead", list_visibility=ListVisibility.PUBLIC
    )
    return ken


def test_published_list_respects_consent_and_carries_no_passport(client, listed, organiser, make_user):
    version = participants_list_publish(by=organiser)
    text = str(version.snapshot)
    assert "P1234567" not in text and "Hidden" not in text and "GUARD" not in text
    public = client.get(reverse("protocol:participants")).content.decode()
    assert "PUBLIC" in public and "INSIDER" not in public and "Abkhazia" not in public
    assert public.index('data-delegation="Kenya"') < public.index('data-delegation="European Union"')
    client.force_login(make_user(username="liaison-x"))
    LiaisonFactory(user=make_user(username="liaison-x"), delegation=listed)
    from hanoi_ceremony.accounts.roles import forget_roles

    forget_roles(make_user(username="liaison-x"))
    participants = client.get(reverse("protocol:participants")).content.decode()
    assert "INSIDER" in participants and "HIDDEN" not in participants
    pdf = client.get(reverse("protocol:participants_pdf"))
    assert pdf.content.startswith(b"%PDF")


def test_publishing_keeps_versions(client, organiser, listed):
    client.force_login(organiser)
    client.post(reverse("protocol:participants_manage"), {"note": "first"})
    Member.objects.filter(family_name="Insider").update(list_visibility=ListVisibility.PUBLIC)
    client.post(reverse("protocol:participants_manage"), {"note": "second"})
    assert list(ParticipantsListVersion.objects.values_list("number", flat=True)) == [2, 1]
    client.logout()
    old = client.get(reverse("protocol:participants") + "?version=1").content.decode()
    new = client.get(reverse("protocol:participants")).content.decode()
    assert ("INSIDER" in old, "INSIDER" in new) == (False, True)
    assert client.get(reverse("protocol:participants") + "?version=9").status_code == 404


def test_only_organisers_publish(client, listed, make_user):
    client.force_login(make_user())
    assert client.post(reverse("protocol:participants_manage")).status_code == 403
    assert not ParticipantsListVersion.objects.exists()


def test_confirmation_letter_for_own_delegation_only(client, listed, make_user, ceremony):
    from hanoi_ceremony.accounts.roles import forget_roles

    user = make_user()
    LiaisonFactory(user=user, delegation=listed)
    forget_roles(user)
    client.force_login(user)
    response = client.get(reverse("protocol:letter", args=[listed.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    other = DelegationFactory(name="Chile", country_code="CHL")
    assert client.get(reverse("protocol:letter", args=[other.pk])).status_code == 404
    assert client.get(reverse("protocol:my_letter")).url == reverse("protocol:letter", args=[listed.pk])


def test_levels_page_follows_a_confirmation_through_the_service(organiser_client, organiser, world):
    from delegations.services import delegation_confirm

    url = reverse("protocol:levels")  # as of today: every confirmation so far
    before = organiser_client.get(url).content.decode()
    chile = DelegationFactory(name="Chile", country_code="CHL", status=DelegationStatus.SUBMITTED)
    MemberFactory(delegation=chile, capacity=Capacity.HEAD, rank=ProtocolRank.VICE_PRESIDENT)
    delegation_confirm(delegation=chile, by=organiser)
    after = organiser_client.get(url).content.decode()
    assert "<strong>3</strong>" in before and "<strong>4</strong>" in after


def test_confirmation_letter_names_only_the_accredited_members(client, listed, make_user, ceremony):
    """The letter goes to consular authorities: only those security approved are named on it."""
    import io

    from pypdf import PdfReader

    from delegations.accreditation.enums import VettingState
    from tests.accreditation.factories import AccreditationFactory

    for member in Member.objects.filter(delegation=listed):
        vetting = VettingState.APPROVED if member.family_name in {"Public", "Guard"} else VettingState.ON_HOLD
        AccreditationFactory(member=member, vetting=vetting, passport_key=f"KEY:{member.pk}")
    user = make_user()
    LiaisonFactory(user=user, delegation=listed)
    client.force_login(user)
    pdf = client.get(reverse("protocol:letter", args=[listed.pk])).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).upper()
    assert "PUBLIC" in text and "GUARD" in text
    assert "INSIDER" not in text and "HIDDEN" not in text


def test_confirmation_letter_before_any_accreditation_says_so(client, listed, make_user, ceremony):
    import io

    from pypdf import PdfReader

    user = make_user()
    LiaisonFactory(user=user, delegation=listed)
    client.force_login(user)
    pdf = client.get(reverse("protocol:letter", args=[listed.pk])).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "No member of the delegation is accredited yet" in text.replace("\n", " ")
    assert "PUBLIC" not in text.upper().split("ACCREDITED YET")[1]
