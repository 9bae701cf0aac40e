import factory
from django.contrib.contenttypes.models import ContentType

from hanoi_ceremony.reminders.enums import Channel, ReminderState
from hanoi_ceremony.reminders.models import Reminder
from tests.factories import UserFactory


class ReminderFactory(factory.django.DjangoModelFactory):
    """A row built directly, for a Ceremony target (most tests build rows through reminders_reconcile)."""

    class Meta:
        model = Reminder
        exclude = ("target",)

    target = None
    recipient = factory.SubFactory(UserFactory)
    offset_minutes = 0
    channel = Channel.IN_APP
    state = ReminderState.PENDING
    target_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    target_id = factory.LazyAttribute(lambda o: o.target.pk)
    target_due_at = factory.LazyAttribute(lambda o: o.target.registration_deadline)
    due_at = factory.LazyAttribute(lambda o: o.target_due_at)
