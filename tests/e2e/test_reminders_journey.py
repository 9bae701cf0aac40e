import datetime

from django.utils import timezone
from playwright.sync_api import expect

from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.reminders.enums import ReminderState
from hanoi_ceremony.reminders.models import Reminder, ReminderRule
from hanoi_ceremony.reminders.services import reminders_dispatch, reminders_reconcile
from tests.factories import CeremonyFactory


def test_reminder_arrives_in_notification_centre_and_organiser_retries_a_failed_one(page, login, make_user):
    olga = make_user(Role.ORGANISER, username="olga", is_staff=True, email="")
    ReminderRule.objects.update(active=False)
    ReminderRule.objects.create(
        source_key="core.registration_deadline", name="e2e", offsets_minutes=[60], email=False
    )
    ceremony = CeremonyFactory(registration_deadline=timezone.now() + datetime.timedelta(minutes=30))
    reminders_reconcile(target=ceremony)
    reminders_dispatch()  # eager in tests: the sender runs on commit
    sent = Reminder.objects.get(recipient=olga)
    Reminder.objects.create(
        rule=sent.rule,
        target_type=sent.target_type,
        target_id=sent.target_id,
        recipient=olga,
        offset_minutes=45,
        channel=sent.channel,
        target_due_at=sent.target_due_at,
        due_at=sent.target_due_at - datetime.timedelta(minutes=45),
        state=ReminderState.FAILED,
        last_error="gave up after 5 attempts",
    )

    login(page, "olga")
    expect(page.get_by_test_id("unread-count")).to_have_text("1 unread")
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_test_id("notification")).to_contain_text("Reminder: registration closes")

    page.get_by_role("link", name="Reminders").click()
    failed_row = page.get_by_test_id("reminder").filter(has_text="Failed")
    expect(failed_row).to_contain_text("gave up after 5 attempts")
    failed_row.get_by_role("link", name="Preview").click()
    expect(page.get_by_test_id("preview-subject")).to_contain_text("Reminder: registration closes")
    page.get_by_role("button", name="Send again now").click()

    expect(page.get_by_test_id("state")).to_have_text("Pending")
