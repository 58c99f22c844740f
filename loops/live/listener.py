"""Live updates of debriefs: who must re-read which debrief, across server processes.

A change to a debrief bumps its version and, in the same transaction, announces
``<debrief id>:<version>`` (``announce``). On PostgreSQL that is a NOTIFY, delivered
to every server process only if the transaction commits; each process holds one
LISTEN connection (psycopg 3, async) and wakes the streams it serves. On SQLite (the
quick start: one process) the same announcement goes straight to this process's
streams after commit.

A stream waits on a ``Subscription``: it keeps only the newest version announced, so
a stream that falls behind skips to the latest state instead of queueing old ones.
Nothing here holds a database connection per stream.
"""

import asyncio
import logging
import threading
from contextlib import asynccontextmanager

from django.conf import settings
from django.db import connection, transaction

log = logging.getLogger(__name__)

CHANNEL = "debrief"
# When the listener's connection drops, it retries after 0.1 s, doubling up to this.
MAX_BACKOFF_S = 5.0
# A listener that has heard nothing for this long checks that its connection is alive.
LIVENESS_S = 30.0


class Subscription:
    """One stream's interest in one debrief."""

    def __init__(self, debrief_id: int):
        self.debrief_id = debrief_id
        self.latest = 0
        self.resync = False
        self._event = asyncio.Event()

    def announce(self, version: int) -> None:
        if version > self.latest:
            self.latest = version
            self._event.set()

    def reread(self) -> None:
        """Announcements may have been lost: read the state again, whatever its version."""
        self.resync = True
        self._event.set()

    async def wait(self, timeout: float) -> bool:
        """Wait for news; False when ``timeout`` seconds pass without any."""
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return False
        self._event.clear()
        return True


class Hub:
    """This process's streams, by debrief; woken by announcements."""

    def __init__(self):
        self._subscriptions: dict[int, set[Subscription]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    @asynccontextmanager
    async def subscribe(self, debrief_id: int):
        self._loop = asyncio.get_running_loop()
        self.start()
        subscription = Subscription(debrief_id)
        self._subscriptions.setdefault(debrief_id, set()).add(subscription)
        try:
            yield subscription
        finally:
            subscribers = self._subscriptions.get(debrief_id)
            if subscribers is not None:
                subscribers.discard(subscription)
                if not subscribers:
                    del self._subscriptions[debrief_id]

    @property
    def stream_count(self) -> int:
        return sum(len(subscribers) for subscribers in self._subscriptions.values())

    def start(self) -> None:
        """Begin listening, if this kind of hub listens to anything."""

    def deliver(self, debrief_id: int, version: int) -> None:
        """Wake this process's streams of ``debrief_id`` (on the event loop's thread)."""
        for subscription in self._subscriptions.get(debrief_id, ()):
            subscription.announce(version)

    def reread_all(self) -> None:
        for subscribers in self._subscriptions.values():
            for subscription in subscribers:
                subscription.reread()

    def announce(self, debrief_id: int, version: int) -> None:
        """Called inside the transaction that made version ``version``."""
        raise NotImplementedError


class MemoryHub(Hub):
    """One process, no database notifications: deliver after commit, in memory."""

    def announce(self, debrief_id: int, version: int) -> None:
        transaction.on_commit(lambda: self._deliver_threadsafe(debrief_id, version))

    def _deliver_threadsafe(self, debrief_id: int, version: int) -> None:
        # Changes commit on a request thread; streams live on the event loop.
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.deliver, debrief_id, version)


class PostgresHub(Hub):
    """Announcements by NOTIFY; one LISTEN connection per process, reconnecting with backoff."""

    def __init__(self):
        super().__init__()
        self._task: asyncio.Task | None = None
        self.listening = asyncio.Event()
        self.reconnects = 0

    def announce(self, debrief_id: int, version: int) -> None:
        # NOTIFY inside the transaction: PostgreSQL delivers it only if it commits.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, f"{debrief_id}:{version}"])

    def start(self) -> None:
        running = asyncio.get_running_loop()
        if self._task is None or self._task.done() or self._task.get_loop() is not running:
            self.listening = asyncio.Event()
            self._task = running.create_task(self._listen())

    async def _listen(self) -> None:
        import psycopg

        backoff = 0.1
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    **conninfo(), autocommit=True
                ) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    backoff = 0.1
                    self.listening.set()
                    # Whatever was announced before this LISTEN took hold is lost:
                    # every stream reads its debrief again.
                    self.reread_all()
                    while True:
                        async for notify in conn.notifies(timeout=LIVENESS_S):
                            self._on_notify(notify.payload)
                        # Quiet for a while: make sure the connection is still there (a
                        # vanished peer would otherwise leave us waiting forever).
                        await conn.execute("SELECT 1")
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.listening.clear()
                self.reconnects += 1
                log.warning("Debrief live listener lost its connection (%s); retrying", error)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)

    def _on_notify(self, payload: str) -> None:
        try:
            debrief_id, version = (int(part) for part in payload.split(":"))
        except ValueError:
            log.warning("Ignoring a malformed debrief notification: %r", payload[:100])
            return
        self.deliver(debrief_id, version)


def conninfo() -> dict:
    """Connection parameters of the default database, for the listener's own connection."""
    db = settings.DATABASES["default"]
    params = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "application_name": "debrief-live",
        # Fail fast while the database is away, so the backoff decides the pace.
        "connect_timeout": 5,
    }
    options = {
        key: value
        for key, value in db.get("OPTIONS", {}).items()
        if key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout")
    }
    return {key: value for key, value in {**params, **options}.items() if value is not None}


_hub: Hub | None = None
_hub_lock = threading.Lock()


def hub() -> Hub:
    """This process's hub: PostgreSQL's when the database is PostgreSQL, else in memory."""
    global _hub
    with _hub_lock:
        if _hub is None:
            vendor = connection.vendor
            _hub = PostgresHub() if vendor == "postgresql" else MemoryHub()
        return _hub


def announce(debrief_id: int, version: int) -> None:
    """Tell every stream of the debrief that ``version`` exists, once the transaction commits."""
    hub().announce(debrief_id, version)
