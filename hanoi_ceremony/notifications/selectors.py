from hanoi_ceremony.core.rawsql import fetch_one

from .models import Notification


def unread_count(*, user) -> int:
    """The bell's number, on every signed-in page: one prepared statement (the ORM's compile of this count
    cost more than running it)."""
    table = Notification._meta.db_table
    recipient = Notification._meta.get_field("recipient").column
    read_at = Notification._meta.get_field("read_at").column
    row = fetch_one(
        f'SELECT COUNT(*) FROM "{table}" WHERE "{recipient}" = %s AND "{read_at}" IS NULL',  # noqa: S608
        [user.pk],
        prepare="unread_count",
    )
    return row[0]


def notifications_for(*, user):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
