import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command

from delegations import services
from delegations.enums import Capacity, DelegationStatus
from delegations.models import Delegation, FullPowers, Liaison, Member
from delegations.selectors import status_report
from hanoi_ceremony.audit.models import AuditEntry
from tests.delegations.factories import MemberFactory, StateDelegationFactory

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
S = DelegationStatus


def _end_of(day: int, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2025, month, day, 23, 59, 59, tzinfo=HANOI)


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--replay", quiet_logins=True, stdout=io.StringIO())


def test_seed_demo_tells_the_story_as_of_14_october(seeded):
    report = status_report(as_of=_end_of(14))

    assert report.totals["confirmed"] == 93
    assert Delegation.objects.filter(participant_type__in=["member_state", "observer_state"]).count() == 110
    assert Delegation.objects.exclude(participant_type__in=["member_state", "observer_state"]).count() == 40
    assert Delegation.objects.get(country_code="VNM").name == "Viet Nam"


def test_seed_demo_twice_changes_nothing(seeded):
    before = (
        Delegation.objects.count(),
        Member.objects.count(),
        AuditEntry.objects.count(),
        Liaison.objects.count(),
    )

    call_command("seed_demo", "--replay", quiet_logins=True, stdout=io.StringIO())

    assert (
        Delegation.objects.count(),
        Member.objects.count(),
        AuditEntry.objects.count(),
        Liaison.objects.count(),
    ) == before


def test_seed_demo_scale_2_adds_delegations(seeded):
    call_command("seed_demo", "--replay", scale=2, quiet_logins=True, stdout=io.StringIO())

    assert Delegation.objects.count() == 300
    assert status_report(as_of=_end_of(14)).totals["confirmed"] == 186


def test_seed_demo_has_liaisons_and_full_powers(seeded):
    assert Liaison.objects.get(user__username="liaison.vnm").delegation.country_code == "VNM"
    assert Liaison.objects.get(user__username="liaison.fra").delegation.country_code == "FRA"
    assert {fp.status for fp in FullPowers.objects.all()} >= {"awaited", "received"}


def test_status_report_follows_the_audit_history_not_the_current_status(organiser, ceremony):
    delegation = StateDelegationFactory(status=S.REGISTERING)
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank="minister")
    MemberFactory(delegation=delegation)
    import time_machine

    with time_machine.travel(datetime.datetime(2025, 10, 10, 10, tzinfo=HANOI), tick=False):
        services.delegation_submit(delegation=delegation, by=organiser)
    with time_machine.travel(datetime.datetime(2025, 10, 12, 10, tzinfo=HANOI), tick=False):
        services.delegation_confirm(delegation=delegation, by=organiser)
    with time_machine.travel(datetime.datetime(2025, 10, 20, 10, tzinfo=HANOI), tick=False):
        services.delegation_withdraw(delegation=delegation, by=organiser, reason="Cannot travel")
    Member.objects.update(created_at=datetime.datetime(2025, 10, 1, tzinfo=HANOI))

    on_11 = status_report(as_of=_end_of(11))
    on_14 = status_report(as_of=_end_of(14))
    on_21 = status_report(as_of=_end_of(21))

    assert (on_11.totals["registered"], on_11.totals["confirmed"]) == (1, 0)
    assert (on_14.totals["confirmed"], on_14.delegates, on_14.heads_by_rank) == (1, 2, [("Minister", 1)])
    assert (on_21.totals["invited"], on_21.totals["confirmed"]) == (0, 0)
    assert on_14.chart_confirmed[on_14.chart_labels.index("2025-10-12")] == 1
    assert on_14.chart_confirmed[on_14.chart_labels.index("2025-10-11")] == 0


def _at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2025, 10, day, hour, tzinfo=HANOI)


def test_status_report_keeps_a_confirmed_delegation_that_names_its_signatory_afterwards(organiser, ceremony):
    import time_machine

    delegation = StateDelegationFactory(status=S.REGISTERING)
    head = MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank="minister")
    Member.objects.update(created_at=_at(1))
    with time_machine.travel(_at(10), tick=False):
        services.delegation_submit(delegation=delegation, by=organiser)
    with time_machine.travel(_at(12), tick=False):
        services.delegation_confirm(delegation=delegation, by=organiser)
    with time_machine.travel(_at(13), tick=False):
        services.signatory_designate(member=head, by=organiser)

    report = status_report(as_of=_end_of(14))

    assert (report.totals["registered"], report.totals["confirmed"], report.delegates) == (1, 1, 1)
    designated = AuditEntry.objects.get(action="delegation.signatory_designated")
    assert (designated.from_state, designated.to_state) == ("", "")  # not a state of the delegation
    assert designated.data["full_powers"] == "awaited"


def _photo():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "grey").save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_status_report_replays_member_removals_and_rank_changes(organiser, ceremony):
    import time_machine

    delegation = StateDelegationFactory(status=S.REGISTERING)
    with time_machine.travel(_at(5), tick=False):
        head = services.member_add(
            delegation=delegation,
            by=organiser,
            data={
                "family_name": "Tran",
                "given_names": "Binh",
                "capacity": Capacity.HEAD,
                "rank": "minister",
                "nationality": "VNM",
                "passport_number": "B1234567",
            },
            photo=_photo(),
        )
        adviser = MemberFactory(delegation=delegation)
    Member.objects.filter(pk=adviser.pk).update(created_at=_at(5))
    with time_machine.travel(_at(10), tick=False):
        services.delegation_submit(delegation=delegation, by=organiser)
    with time_machine.travel(_at(12), tick=False):
        services.delegation_confirm(delegation=delegation, by=organiser)
    with time_machine.travel(_at(16), tick=False):
        services.member_update(member=head, by=organiser, data={"rank": "head_of_state"})
        services.member_remove(member=Member.objects.get(pk=adviser.pk), by=organiser)
    with time_machine.travel(_at(17), tick=False):
        services.delegation_confirm(delegation=delegation, by=organiser)

    on_14 = status_report(as_of=_end_of(14))
    on_18 = status_report(as_of=_end_of(18))

    assert (on_14.totals["confirmed"], on_14.delegates, on_14.heads_by_rank) == (1, 2, [("Minister", 1)])
    assert (on_18.totals["confirmed"], on_18.delegates, on_18.heads_by_rank) == (1, 1, [("Head of State", 1)])
