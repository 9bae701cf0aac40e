"""Django's PostgreSQL backend with a health check that costs no round trip while the connection is well.

A persistent connection (CONN_MAX_AGE) is checked before the first query of every request
(CONN_HEALTH_CHECKS). Django checks by sending ``SELECT 1``: a round trip on every request, a third of a gate
scan's time spent on the database. Here the connection's socket is asked first, without waiting. While no
query is in flight the server sends nothing, so an idle socket with something to read means the server
spoke first: it closed the connection (restart, ``pg_terminate_backend``, idle timeout), or reset it. Only
then is ``SELECT 1`` sent, which reads what came and decides. A closed or broken connection, or one not idle,
is judged as Django judges it.

What neither check sees quickly is a peer that vanished without a word (a cable pulled): both wait for TCP.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
            spoke = bool(poller.poll(0))
        except (OSError, ValueError):
            return False
        return not spoke or super().is_usable()
