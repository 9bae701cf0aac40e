import datetime

import pytest
import time_machine
from django.urls import reverse

from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import reminders_reconcile, rules_ensure_defaults

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2025, 10, 1, 3, 0, tzinfo=datetime.UTC), tick=False)
def test_moving_the_registration_deadline_in_the_admin_re_times_pending_reminders(
    organiser_client, organiser, ceremony
):
    ceremony.registration_deadline = datetime.datetime(2025, 10, 18, 16, 59, tzinfo=datetime.UTC)
    ceremony.save()
    rules_ensure_defaults()
    reminders_reconcile(target=ceremony)
    pending = Reminder.objects.filter(rule__source_key="core.registration_deadline", state="pending")
    assert pending.exists()
    before = sorted(pending.values_list("due_at", flat=True))

    data = {
        f.name: getattr(ceremony, f.name)
        for f in ceremony._meta.fields
        if f.editable
        and f.name not in {"id", "registration_deadline", "accreditation_deadline"}
        and getattr(ceremony, f.name) is not None
    }
    data.update(
        {
            "first_day": "2025-10-25",
            "last_day": "2025-10-26",
            "open_for_signature_until": "2026-12-31",
            "adopted_on": "",
            "registration_deadline_0": "2025-10-20",
            "registration_deadline_1": "23:59:00",
        }
    )
    response = organiser_client.post(reverse("admin:core_ceremony_change", args=[ceremony.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    after = sorted(pending.values_list("due_at", flat=True))
    assert after != before
    assert all(a - b == datetime.timedelta(days=2) for a, b in zip(after, before, strict=True))
