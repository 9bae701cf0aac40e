"""Personal calendar feeds at unguessable, rotatable addresses."""

from django.db import transaction

from hanoi_ceremony.audit.services import audit_record

from ..models import CalendarFeed, new_feed_token


def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_rotate(*, user) -> CalendarFeed:
    """Issue a new feed address; the old one stops working. Side effect: audit entry."""
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        feed.token = new_feed_token()
        feed.save()
        audit_record(actor=user, action="calendar_feed.rotated", target=feed)
    return feed
