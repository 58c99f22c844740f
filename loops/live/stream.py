"""Server-Sent Events for the live debrief.

Every message is the whole panel of one audience, with the debrief's version as its
SSE ``id``. A stream subscribes first, then reads the current state, so no change can
fall between the two; after that it sends a version only when it is newer than the
last one sent, and skips straight to the newest when it falls behind. On connect and
on reconnect (the browser resends ``Last-Event-ID``) the current state is sent unless
the browser already has that version.

The panel is the same for everyone in an audience, so each process reads a version
once, renders it once per audience watched, and shares that among its streams. Renders
run on worker threads through Django's connection pool, a few at a time, and give their
connection back when done: a stream holds no database connection while it waits.
"""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import contextmanager

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connections

from loops.live import listener

HEARTBEAT_S = 15.0
# Renders (and other reads) at once per process: each holds a pooled connection.
READ_CONCURRENCY = 4


def pooled(fn: Callable) -> Callable:
    """Run ``fn`` on a worker thread and give its database connection back afterwards."""

    def call(*args, **kwargs):
        close_old_connections()
        try:
            return fn(*args, **kwargs)
        finally:
            connections.close_all()

    return sync_to_async(call, thread_sensitive=False)


class Panels:
    """The latest rendered panel per (debrief, audience) in this process.

    A render reads the debrief once and renders the panel of every audience watched in
    this process (facilitator, members, restricted), so a new version costs one read
    however many kinds of screen follow it. Panels of a debrief nobody watches any more
    are dropped.
    """

    def __init__(
        self,
        render: Callable[[int, tuple[str, ...]], tuple[int, dict[str, str]]],
        current_version,
    ):
        self._render = pooled(render)
        self._current_version = pooled(current_version)
        self._cache: dict[tuple[int, str], tuple[int, str]] = {}
        # One render at a time per debrief, and the audiences it renders.
        self._inflight: dict[int, tuple[asyncio.Future, tuple[str, ...]]] = {}
        self._watchers: dict[int, Counter] = {}
        self._semaphore: asyncio.Semaphore | None = None
        self._semaphore_loop = None
        self.renders = 0

    def _limit(self) -> asyncio.Semaphore:
        running = asyncio.get_running_loop()
        if self._semaphore is None or self._semaphore_loop is not running:
            self._semaphore, self._semaphore_loop = asyncio.Semaphore(READ_CONCURRENCY), running
        return self._semaphore

    @contextmanager
    def watching(self, debrief_id: int, audience: str):
        """A stream follows ``audience``'s panel of the debrief while inside."""
        watchers = self._watchers.setdefault(debrief_id, Counter())
        watchers[audience] += 1
        try:
            yield
        finally:
            watchers[audience] -= 1
            if watchers[audience] <= 0:
                del watchers[audience]
            if not watchers:
                del self._watchers[debrief_id]
                for key in [key for key in self._cache if key[0] == debrief_id]:
                    del self._cache[key]

    async def get(self, debrief_id: int, audience: str, at_least: int) -> tuple[int, str]:
        """The panel at version ``at_least`` or newer."""
        cached = self._cache.get((debrief_id, audience))
        if cached is not None and cached[0] >= at_least:
            return cached
        inflight = self._inflight.get(debrief_id)
        if inflight is not None and audience in inflight[1]:
            version, panels = await asyncio.shield(inflight[0])
            if version >= at_least:
                return version, panels[audience]
        elif inflight is not None:
            # A render without this audience is under way: let it finish, then render anew.
            await asyncio.wait([inflight[0]])
            return await self.get(debrief_id, audience, at_least)
        audiences = tuple(sorted({audience, *self._watchers.get(debrief_id, ())}))
        version, panels = await self._render_now(debrief_id, audiences)
        return version, panels[audience]

    async def _render_now(self, debrief_id: int, audiences: tuple[str, ...]):
        future = asyncio.get_running_loop().create_future()
        self._inflight[debrief_id] = (future, audiences)
        try:
            async with self._limit():
                version, panels = await self._render(debrief_id, audiences)
                self.renders += 1
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: waiting streams get it, nobody else must
            raise
        finally:
            if self._inflight.get(debrief_id, (None,))[0] is future:
                del self._inflight[debrief_id]
        if debrief_id in self._watchers:
            for audience, html in panels.items():
                cached = self._cache.get((debrief_id, audience))
                if cached is None or version >= cached[0]:
                    self._cache[(debrief_id, audience)] = (version, html)
        future.set_result((version, panels))
        return version, panels

    async def current(self, debrief_id: int, audience: str) -> tuple[int, str]:
        """The panel as the database has it now (one cheap query when it is cached)."""
        async with self._limit():
            version = await self._current_version(debrief_id)
        return await self.get(debrief_id, audience, version)


def message(version: int, html: str) -> str:
    data = "".join(f"data: {line}\n" for line in html.splitlines())
    return f"id: {version}\n{data}\n"


async def events(
    panels: Panels, debrief_id: int, audience: str, last_seen: int | None
) -> AsyncIterator[str]:
    """The event stream of one participant's screen."""
    async with listener.hub().subscribe(debrief_id) as subscription:
        with panels.watching(debrief_id, audience):
            version, html = await panels.current(debrief_id, audience)
            if version != last_seen:
                yield message(version, html)
            sent = version
            while True:
                if not await subscription.wait(HEARTBEAT_S):
                    yield ": still here\n\n"
                    continue
                if subscription.resync:
                    subscription.resync = False
                    version, html = await panels.current(debrief_id, audience)
                elif subscription.latest > sent:
                    version, html = await panels.get(debrief_id, audience, subscription.latest)
                else:
                    continue
                if version != sent:
                    yield message(version, html)
                    sent = version


def last_event_id(request) -> int | None:
    """The version the browser already shows: ``Last-Event-ID`` on reconnect, else ``?v=``."""
    raw = request.headers.get("Last-Event-ID") or request.GET.get("v", "")
    try:
        return int(raw)
    except ValueError:
        return None
