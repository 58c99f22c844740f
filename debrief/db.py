"""The database connection pool's health check."""

from psycopg_pool import ConnectionPool


def check_connection(conn) -> None:
    """Test a pooled connection (one empty query) before a request gets it.

    A dead one most likely means the database restarted, so every idle connection is dead
    too: check them all at once, and the request waits for one new connection (about a
    second, the pool's back-off) instead of meeting the dead ones one by one, 1, 2, 4 and
    8 seconds apart, past the pool's timeout.
    """
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        from django.db import connections

        connections["default"].pool.check()
        raise
