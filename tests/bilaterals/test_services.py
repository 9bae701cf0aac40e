import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from agenda.bilaterals import hooks, services
from agenda.bilaterals.enums import BilateralStatus as S
from agenda.bilaterals.models import Bilateral, BilateralHold
from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.errors import Conflict, status_for
from hanoi_ceremony.notifications.models import Notification
from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import rules_ensure_defaults

from .conftest import at
from .helpers import accepted, request, schedule


def test_request_lists_the_head_first_and_tells_only_the_other_side(
    kenya, chile, japan, make_liaison, django_capture_on_commit_callbacks
):
    kenya_user, chile_user, japan_user = make_liaison(kenya), make_liaison(chile), make_liaison(japan)
    with django_capture_on_commit_callbacks(execute=True):
        bilateral = request(kenya, chile, by=kenya_user, participants=kenya.extra, note="Evidence")
    people = list(bilateral.participants.order_by("pk").values_list("member_id", flat=True))
    assert people == [kenya.head.pk, kenya.extra[0].pk]
    assert bilateral.status == S.REQUESTED
    assert bilateral.awaiting_side == "counterpart"
    assert list(Notification.objects.values_list("recipient", flat=True)) == [chile_user.pk]
    assert history_for(target=bilateral)[0]["sentence"].endswith(
        "for a bilateral meeting on behalf of Kenya."
    )
    assert japan_user.pk not in Notification.objects.values_list("recipient", flat=True)


def test_request_refuses_itself_other_delegations_people_and_too_many(kenya, chile, make_delegation):
    with pytest.raises(ValidationError) as exc:
        request(kenya, kenya)
    assert "counterpart" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        request(kenya, chile, participants=chile.extra)
    assert "participants" in exc.value.error_dict
    big = make_delegation("Brazil", "BRA", others=5)
    with override_settings(BILATERAL_MAX_PARTICIPANTS=3), pytest.raises(ValidationError) as exc:
        request(big, chile, participants=big.extra)
    assert exc.value.messages == ["List at most 3 people besides the head of delegation."]
    assert Bilateral.objects.count() == 0


def test_second_live_request_between_the_same_pair_is_refused_whichever_side_asks(kenya, chile):
    request(kenya, chile)
    with pytest.raises(ValidationError) as exc:
        request(chile, kenya)
    assert exc.value.message_dict["counterpart"] == [
        "There is already a meeting request between these two delegations."
    ]


def test_only_the_awaited_side_answers(kenya, chile):
    bilateral = request(kenya, chile)
    with pytest.raises(PermissionDenied):
        services.bilateral_accept(bilateral=bilateral, by=None, side="requester")
    services.bilateral_accept(bilateral=bilateral, by=None, side="counterpart", participants=chile.extra)
    bilateral.refresh_from_db()
    assert bilateral.status == S.ACCEPTED
    assert set(bilateral.participants.filter(side="counterpart").values_list("member_id", flat=True)) == {
        chile.head.pk,
        chile.extra[0].pk,
    }


def test_counter_proposal_passes_the_answer_to_the_requester(kenya, chile):
    bilateral = request(kenya, chile, windows=[(at(14), at(15))])
    services.bilateral_propose(bilateral=bilateral, by=None, side="counterpart", windows=[(at(16), at(17))])
    bilateral.refresh_from_db()
    assert (bilateral.status, bilateral.awaiting_side) == (S.COUNTER_PROPOSED, "requester")
    with pytest.raises(PermissionDenied):
        services.bilateral_accept(bilateral=bilateral, by=None, side="counterpart")
    services.bilateral_accept(bilateral=bilateral, by=None, side="requester")
    bilateral.refresh_from_db()
    assert bilateral.status == S.ACCEPTED


def test_accepting_twice_is_a_conflict(kenya, chile):
    bilateral = request(kenya, chile)
    services.bilateral_accept(bilateral=bilateral, by=None, side="counterpart")
    with pytest.raises(Conflict) as exc:
        services.bilateral_accept(bilateral=bilateral, by=None, side="counterpart")
    assert status_for(exc.value) == 409


def test_unanswered_requests_expire_and_free_the_pair(kenya, chile, japan):
    old = request(kenya, chile)
    fresh = request(kenya, japan)
    Bilateral.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert services.bilaterals_expire() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (S.EXPIRED, S.REQUESTED)
    assert request(chile, kenya).status == S.REQUESTED  # an expired request blocks nothing


@override_settings(BILATERAL_EXPIRY_HOURS=6)
def test_expiry_is_configurable(kenya, chile):
    before = timezone.now()
    bilateral = request(kenya, chile)
    assert (
        datetime.timedelta(hours=6) <= bilateral.expires_at - before < datetime.timedelta(hours=6, seconds=5)
    )


def test_schedule_holds_both_heads_sets_a_reminder_and_tells_both_sides_only(
    kenya, chile, japan, rooms, block, make_liaison, django_capture_on_commit_callbacks
):
    rules_ensure_defaults()
    users = {d.pk: make_liaison(d) for d in (kenya, chile, japan)}
    bilateral = accepted(kenya, chile)
    Notification.objects.all().delete()
    with time_machine.travel(at(9, day=20), tick=False), django_capture_on_commit_callbacks(execute=True):
        schedule(bilateral, rooms[0], at(14))
    bilateral.refresh_from_db()
    assert (bilateral.status, bilateral.room, bilateral.ends_at) == (S.SCHEDULED, rooms[0], at(14, 30))
    assert bilateral.room_free_at == at(14, 45)
    assert set(BilateralHold.objects.values_list("head_id", flat=True)) == {kenya.head.pk, chile.head.pk}
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {users[kenya.pk].pk, users[chile.pk].pk}
    rows = Reminder.objects.filter(rule__source_key="bilaterals.meeting", target_id=bilateral.pk)
    assert set(rows.values_list("recipient", "offset_minutes")) >= {
        (users[kenya.pk].pk, 60),
        (users[chile.pk].pk, 60),
    }
    assert set(rows.values_list("target_due_at", flat=True)) == {at(14)}


def test_move_and_cancel_notify_both_sides_and_free_the_room(
    kenya, chile, rooms, block, make_liaison, django_capture_on_commit_callbacks
):
    a, b = make_liaison(kenya), make_liaison(chile)
    bilateral = accepted(kenya, chile)
    schedule(bilateral, rooms[0], at(14))
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        schedule(bilateral, rooms[1], at(14, 45))
    assert Notification.objects.filter(kind="bilaterals.moved").count() == 2
    history = [row["sentence"] for row in history_for(target=bilateral)]
    assert "from Bilateral room A to Bilateral room B at 25 Oct 2025 14:45" in history[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.bilateral_cancel(bilateral=bilateral, by=a, side="requester", reason="Head left early")
    bilateral.refresh_from_db()
    assert (bilateral.status, bilateral.room_id, bilateral.starts_at) == (S.CANCELLED, None, None)
    assert BilateralHold.objects.count() == 0
    cancelled = Notification.objects.filter(kind="bilaterals.cancelled")
    assert set(cancelled.values_list("recipient", flat=True)) == {a.pk, b.pk}


def test_zone_pass_hook_receives_the_listed_people(kenya, chile, rooms, block):
    calls = []

    def handler(**kwargs):
        calls.append(kwargs)

    hooks.register_zone_pass_handler(handler)
    try:
        bilateral = accepted(kenya, chile)
        schedule(bilateral, rooms[0], at(14))
        services.bilateral_cancel(bilateral=bilateral, by=None, side=None, organiser=True)
    finally:
        hooks.unregister_zone_pass_handler(handler)
    assert [c["active"] for c in calls] == [True, False]
    assert calls[0]["member_ids"] == sorted([kenya.head.pk, chile.head.pk])


def test_schedule_refuses_a_request_not_yet_accepted(kenya, chile, rooms, block):
    bilateral = request(kenya, chile)
    with pytest.raises(ValidationError) as exc:
        schedule(bilateral, rooms[0], at(14))
    assert status_for(exc.value) == 409


def test_beat_task_expires_requests_and_tells_both_sides(
    kenya, chile, make_liaison, django_capture_on_commit_callbacks, settings
):
    from agenda.bilaterals.tasks import expire

    a, b = make_liaison(kenya), make_liaison(chile)
    bilateral = request(kenya, chile)
    Bilateral.objects.filter(pk=bilateral.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    Notification.objects.all().delete()
    assert "bilaterals-expire" in settings.CELERY_BEAT_SCHEDULE
    with django_capture_on_commit_callbacks(execute=True):
        assert expire() == 1
    assert set(
        Notification.objects.filter(kind="bilaterals.expired").values_list("recipient", flat=True)
    ) == {
        a.pk,
        b.pk,
    }
    assert history_for(target=bilateral)[0]["sentence"] == "The request Kenya – Chile expired unanswered."
