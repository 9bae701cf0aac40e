"""A named lock for work that has no natural row to lock (the first publication of the programme, a
"next number" that must not be taken twice).

On PostgreSQL: ``pg_advisory_xact_lock``, held until the surrounding transaction ends. On SQLite the
database already serialises writers (transactions start IMMEDIATE), so nothing more is needed."""

import zlib

from django.db import connection


def transaction_lock(name: str) -> None:
    """Block until no other transaction holds the lock `name`; call it inside ``transaction.atomic``."""
    if connection.vendor != "postgresql":
        return
    key = zlib.crc32(name.encode()) - 2**31  # a signed 32-bit key, the same in every process
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x4843, key])
