"""The database connection pool's health check."""

from psycopg_pool import ConnectionPool


def check_connection(conn) -> None:
    """Test a pooled connection (one empty query) before a request gets it.

    A dead one most likely means the database restarted, so every idle connection is dead
    too: check them all at once. The pool retries at once after a first failed check,
    and then gets a new connection; left to meet the dead ones one by one, it would wait
    1, 2, 4 and 8 seconds between them, past its 10-second timeout.
    """
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        from django.db import connections

        connections["default"].pool.check()
        raise
