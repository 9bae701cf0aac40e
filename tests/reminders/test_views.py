import pytest
from django.urls import reverse

from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.reminders.enums import ReminderState
from hanoi_ceremony.reminders.forms import OffsetsField, ReminderRuleForm
from hanoi_ceremony.reminders.models import Reminder, ReminderRule
from hanoi_ceremony.reminders.services import reminders_reconcile, rule_save

from .conftest import TEST_KEY
from .factories import ReminderFactory


def _rows(make_user, controls, target, people: int) -> None:
    controls.recipients = [(make_user(), "lead") for _ in range(people)]
    reminders_reconcile(target=target)


@pytest.mark.parametrize("people", [1, 8])
def test_reminder_list_queries_constant(
    organiser_client, make_user, controls, rule, target, people, django_assert_num_queries
):
    _rows(make_user, controls, target, people)

    # The number of rows comes from the per-state counts: no COUNT(*) over the table for the pages
    # (+1 for the organisers' review count in the navigation).
    with django_assert_num_queries(8):
        response = organiser_client.get(reverse("reminders:list"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(people * 6, 50)
    assert response.context["page"].paginator.count == people * 6


def test_reminder_list_filters_by_state_and_source(organiser_client, make_user, controls, rule, target):
    _rows(make_user, controls, target, 2)
    Reminder.objects.filter(offset_minutes=120).update(state=ReminderState.CANCELLED)

    response = organiser_client.get(reverse("reminders:list"), {"state": "cancelled", "source": TEST_KEY})

    assert response.status_code == 200
    assert {r.state for r in response.context["page"].object_list} == {ReminderState.CANCELLED}
    assert len(response.context["page"].object_list) == 4
    assert response.context["counts"]["cancelled"] == 4


def test_reminder_list_unknown_state_is_400(organiser_client, rule):
    response = organiser_client.get(reverse("reminders:list"), {"state": "exploded"})

    assert response.status_code == 400
    assert "state" in response.context["form"].errors


def test_reminder_detail_previews_in_recipient_language(organiser_client, make_user, rule, target):
    reminder = ReminderFactory(target=target, rule=rule, recipient=make_user(language="fr"), channel="email")

    response = organiser_client.get(reverse("reminders:detail", args=[reminder.pk]))

    assert response.status_code == 200
    preview = response.context["preview"]
    assert "octobre" in preview.rendered.text
    assert preview.rendered.html
    assert preview.ics.startswith("BEGIN:VCALENDAR")


def test_reminder_retry_failed_redirects_and_audits(organiser_client, organiser, rule, target):
    reminder = ReminderFactory(
        target=target, rule=rule, state=ReminderState.FAILED, last_error="boom", attempts=5
    )

    response = organiser_client.post(reverse("reminders:retry", args=[reminder.pk]))

    reminder.refresh_from_db()
    assert response.status_code == 302
    assert (reminder.state, reminder.attempts) == (ReminderState.PENDING, 0)
    assert AuditEntry.objects.filter(action="reminder.retried", actor=organiser).count() == 1


def test_reminder_retry_sent_is_409(organiser_client, rule, target):
    import datetime

    reminder = ReminderFactory(
        target=target, rule=rule, state=ReminderState.SENT, sent_at=datetime.datetime.now(datetime.UTC)
    )

    response = organiser_client.post(reverse("reminders:retry", args=[reminder.pk]))

    reminder.refresh_from_db()
    assert response.status_code == 409
    assert reminder.state == ReminderState.SENT


def test_offsets_field_parses_days_hours_minutes():
    assert OffsetsField().clean("7d, 1d, 2h, 30") == [10080, 1440, 120, 30]


@pytest.mark.parametrize("text", ["soon", "1d, 1d", "400d"])
def test_offsets_field_bad_input_is_refused(text):
    from django import forms

    with pytest.raises(forms.ValidationError):
        OffsetsField().clean(text)


def test_rule_form_unknown_source_is_refused(db, test_source):
    form = ReminderRuleForm(
        data={"source_key": "nope.nothing", "name": "x", "offsets_minutes": "1d", "in_app": "on"}
    )

    assert not form.is_valid()
    assert "source_key" in form.errors


def test_rule_form_needs_a_channel(db, test_source):
    form = ReminderRuleForm(data={"source_key": TEST_KEY, "name": "x", "offsets_minutes": "1d"})

    assert not form.is_valid()


def test_rule_save_expands_rows_for_existing_targets(make_user, controls, test_source, target, organiser):
    ReminderRule.objects.exclude(source_key=TEST_KEY).update(active=False)
    controls.recipients = [(make_user(), "lead")]

    rule_save(
        rule=ReminderRule(source_key=TEST_KEY, name="new", offsets_minutes=[1440], email=False), by=organiser
    )

    assert Reminder.objects.count() == 1
    assert AuditEntry.objects.filter(action="reminder_rule.created").count() == 1


def test_rule_admin_change_page_renders(admin_client, rule):
    response = admin_client.get(reverse("admin:reminders_reminderrule_change", args=[rule.pk]))

    assert response.status_code == 200
    assert "7d, 1d, 2h" in response.content.decode()
