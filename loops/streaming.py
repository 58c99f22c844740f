"""Server-Sent Events for the live debrief.

Every message is the whole panel of one audience, with the debrief's version as its
SSE ``id``. A stream subscribes first, then reads the current state, so no change can
fall between the two; after that it sends a version only when it is newer than the
last one sent, and skips straight to the newest when it falls behind. On connect and
on reconnect (the browser resends ``Last-Event-ID``) the current state is sent unless
the browser already has that version.

The panel is the same for everyone in an audience, so each process renders a version
once per audience and shares it among its streams. Renders run on worker threads
through Django's connection pool, a few at a time, and give their connection back
when done: a stream holds no database connection while it waits.
"""

import asyncio
from collections.abc import AsyncIterator, Callable

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connections

from loops import live

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
    """The latest rendered panel per (debrief, audience) in this process."""

    def __init__(self, render: Callable[[int, str], tuple[int, str]], current_version):
        self._render = pooled(render)
        self._current_version = pooled(current_version)
        self._cache: dict[tuple[int, str], tuple[int, str]] = {}
        self._inflight: dict[tuple[int, str], asyncio.Future] = {}
        self._semaphore: asyncio.Semaphore | None = None
        self._semaphore_loop = None
        self.renders = 0

    def _limit(self) -> asyncio.Semaphore:
        running = asyncio.get_running_loop()
        if self._semaphore is None or self._semaphore_loop is not running:
            self._semaphore, self._semaphore_loop = asyncio.Semaphore(READ_CONCURRENCY), running
        return self._semaphore

    async def get(self, debrief_id: int, audience: str, at_least: int) -> tuple[int, str]:
        """The panel at version ``at_least`` or newer."""
        key = (debrief_id, audience)
        cached = self._cache.get(key)
        if cached is not None and cached[0] >= at_least:
            return cached
        inflight = self._inflight.get(key)
        if inflight is not None:
            version, html = await asyncio.shield(inflight)
            if version >= at_least:
                return version, html
        future = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            async with self._limit():
                rendered = await self._render(debrief_id, audience)
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: waiting streams get it, nobody else must
            raise
        finally:
            if self._inflight.get(key) is future:
                del self._inflight[key]
        cached = self._cache.get(key)
        if cached is None or rendered[0] >= cached[0]:
            self._cache[key] = rendered
        future.set_result(rendered)
        return rendered

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
    async with live.hub().subscribe(debrief_id) as subscription:
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
