"""The live debrief's figures; `make bench` runs this.

The production server (uvicorn, 2 workers, DEBUG off) on PostgreSQL with the demo, plus
42 loops of about 12 interviewers each whose debriefs have started (through
loops.debrief.actions.start_debrief). Participants hold the Server-Sent Events stream of
their debrief open (asyncio and httpx, one connection each); facilitators move between
the first two steps with the same POST the page sends (htmx), and every stream notes
when each `id: <version>` line arrives.

* one room: 12 participant streams on one debrief; the facilitator moves MOVES times,
  one move after the last has reached everyone. Figure: p95 over moves of the time from
  sending the POST to the new version having reached all 12 streams.
* the burst: 500 streams across the 42 debriefs; all 42 facilitators move at the same
  instant (their POSTs sent concurrently), BURSTS times. Figure: p95 over every
  participant of every burst of the time from sending the POSTs to that participant's
  stream receiving its debrief's new version.
* afterwards every stream's last id is compared with its debrief's version in the
  database (missed), the RSS of each server process is read from /proc, and the
  database's connections are counted with 12 and with 500 streams open.

One figure a line as `name: value unit` under `#` headings; progress goes to stderr.

    python bench/live.py             # DB_POOL_MIN = DB_POOL_MAX = 7 in each server process
    python bench/live.py --pool 0    # the settings' pool defaults instead
"""

import argparse
import asyncio
import contextlib
import math
import os
import re
import resource
import secrets
import signal
import statistics
import string
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg

# httpcore imports sniffio, when it can, on every lock it takes; where sniffio is not
# installed each attempt searches sys.path again (half a millisecond, thousands of
# times in a burst). Marking it absent answers the import at once, as asyncio.
sys.modules.setdefault("sniffio", None)

from run import (  # noqa: E402
    SESSION_CODE,
    BenchError,
    ProcessGroup,
    demo_site,
    figure,
    heading,
    log,
    only_run,
    shell_json,
    with_constants,
)

DEBRIEFS = 42
PARTICIPANTS = 500
ROOM = 12  # the one-room figure's streams: the first debrief's interviewers
MOVES = 60
BURSTS = 10
STEPS = ("information_quality", "ambiguity")
WORKERS = 2  # as bench/run.py's start_server runs uvicorn
# Each process holds its pool and one LISTEN connection; with the pool fixed at 7,
# 2 workers hold 2 x (7 + 1) = 16 connections whatever the load.
POOL_SIZE = 7

OPEN_AT_ONCE = 50  # streams connecting at the same time while they are opened
MOVE_PAUSE_S = 0.05  # between one move reaching everyone and the next
BURST_PAUSE_S = 0.5
DELIVERY_TIMEOUT_S = 10.0  # a version not on every stream by then is late
SETTLE_TIMEOUT_S = 10.0
CLIENT_TIMEOUT_S = 150.0  # the whole client side

# Run in `manage.py shell`: the people, roles and loops, every debrief started by its
# hiring manager, and a session for everyone (signing in 542 people through the form
# would spend minutes on password hashing and axes).
SETUP_CODE = """\
import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from loops.debrief.actions import start_debrief
from loops.models import Candidate, Loop, Person, Role, RoundType, Slot

ended = timezone.now() - timedelta(hours=3)
rounds = list(RoundType.values)

with transaction.atomic():
    managers = Person.objects.bulk_create(
        Person(email=f"live.manager.{i:02d}@live.example", name=f"Live Manager {i:02d}",
               title="Hiring manager", is_hiring_team=True, password="!")
        for i in range(DEBRIEFS)
    )
    people = Person.objects.bulk_create(
        Person(email=f"live.person.{i:03d}@live.example", name=f"Live Person {i:03d}",
               title="Interviewer", password="!")
        for i in range(PARTICIPANTS)
    )
    roles = Role.objects.bulk_create(
        Role(title=f"Live Role {i:02d}", job_family="backend", hiring_manager=manager)
        for i, manager in enumerate(managers)
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(role=role, name=f"Live Candidate {i:02d}") for i, role in enumerate(roles)
    )
    loops = Loop.objects.bulk_create(
        Loop(candidate=candidate, role=candidate.role, state=Loop.State.INTERVIEWING)
        for candidate in candidates
    )
    rooms = [people[i::DEBRIEFS] for i in range(DEBRIEFS)]  # about 12 each, the first 12
    Slot.objects.bulk_create(
        Slot(loop=loop, interviewer=person, order=order, closeness="less",
             round_type=rounds[order % len(rounds)],
             starts_at=ended - timedelta(hours=order + 1),
             ends_at=ended - timedelta(hours=order, minutes=15))
        for loop, room in zip(loops, rooms)
        for order, person in enumerate(room)
    )


debriefs = []
for loop, manager, room in zip(loops, managers, rooms):
    debrief = start_debrief(loop, by=manager)
    debriefs.append({
        "loop": loop.pk,
        "debrief": debrief.pk,
        "version": debrief.version,
        "step": debrief.step,
        "facilitator": session_for(manager),
        "participants": [session_for(person) for person in room],
    })
print("BENCH_JSON " + json.dumps({"debriefs": debriefs}))
"""

# Run in `manage.py shell`: forget the sessions made above (the cache outlives the database).
FORGET_SESSIONS_CODE = """\
import importlib
import json

from django.conf import settings

SessionStore = importlib.import_module(settings.SESSION_ENGINE).SessionStore
for key in KEYS:
    SessionStore(session_key=key).delete()
print("BENCH_JSON " + json.dumps({"forgotten": len(KEYS)}))
"""

ID_LINE = re.compile(rb"^id: *(\d+)\r?$", re.MULTILINE)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: list[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


@dataclass
class Room:
    """One debrief: its facilitator's session and its participants' streams."""

    loop: int
    debrief: int
    version: int
    step: str
    facilitator: str
    participants: list[str]
    streams: list["Stream"] = field(default_factory=list)

    def next_step(self) -> str:
        return STEPS[1] if self.step == STEPS[0] else STEPS[0]


class Stream:
    """One participant's event stream; notes when each version first arrives."""

    def __init__(self, room: Room, session: str):
        self.room = room
        self.session = session
        self.latest = 0
        self.arrivals: dict[int, float] = {}  # version -> perf_counter() at arrival
        self.opened = asyncio.Event()
        self.error: str | None = None
        self.task: asyncio.Task | None = None

    def arrival(self, version: int) -> float | None:
        """When this stream first had ``version`` or a newer one."""
        times = [at for seen, at in self.arrivals.items() if seen >= version]
        return min(times) if times else None

    async def read(self, client: httpx.AsyncClient, base: str) -> None:
        url = f"{base}/loops/{self.room.loop}/debrief/stream/"
        headers = {"Cookie": f"sessionid={self.session}", "Accept": "text/event-stream"}
        try:
            async with client.stream("GET", url, headers=headers) as response:
                if response.status_code != 200:
                    self.error = f"HTTP {response.status_code}"
                    return
                pending = b""
                async for chunk in response.aiter_raw():
                    now = time.perf_counter()
                    pending += chunk
                    cut = pending.rfind(b"\n") + 1
                    if not cut:
                        continue
                    for match in ID_LINE.finditer(pending, 0, cut):
                        version = int(match.group(1))
                        self.arrivals.setdefault(version, now)
                        self.latest = max(self.latest, version)
                        self.opened.set()
                    pending = pending[cut:]
            self.error = "the server ended the stream"
        except httpx.HTTPError as error:
            self.error = f"{error.__class__.__name__}: {error}"
        finally:
            self.opened.set()  # whoever waits for it to open sees the error


class Client:
    """The participants' and facilitators' side, on one event loop."""

    def __init__(self, base: str, rooms: list[Room]):
        self.base = base
        self.rooms = rooms
        self.streams: list[Stream] = []
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
        # Streams wait up to the server's heartbeat (15 s) between messages.
        timeout = httpx.Timeout(10.0, read=60.0)
        self.http = httpx.AsyncClient(limits=limits, timeout=timeout, trust_env=False)
        # The facilitators' own client: httpcore looks through every connection of its
        # pool to place each request, and the streams' pool holds hundreds. It lets an idle
        # connection go well before uvicorn closes it (after 5 s): reusing one as the server
        # closes it fails the POST.
        self.posts = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=None, keepalive_expiry=2.0),
            timeout=timeout,
            trust_env=False,
        )
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.late = 0  # versions that had not reached a stream within DELIVERY_TIMEOUT_S
        self.answered_ms: list[float] = []  # POST sent to its answer (a burst's last answer)

    async def close(self) -> None:
        for stream in self.streams:
            if stream.task is not None:
                stream.task.cancel()
        await asyncio.gather(
            *(s.task for s in self.streams if s.task is not None), return_exceptions=True
        )
        await self.http.aclose()
        await self.posts.aclose()

    async def warm_up(self, monitor: "Monitor") -> int:
        """Requests that touch the database, each on a connection of its own, until every
        worker has opened its pool (it does on first use: the LISTEN connection, opened on
        the first request, is not enough); how many it took."""
        sent = 0
        limits = httpx.Limits(max_keepalive_connections=0)

        def cold() -> bool:
            return any(count < 2 for count in monitor.database_per_worker())

        async with httpx.AsyncClient(limits=limits, timeout=10, trust_env=False) as fresh:
            while cold() and sent < 400:
                await asyncio.gather(*(fresh.get(f"{self.base}/healthz") for _ in range(8)))
                sent += 8
        if cold():
            raise BenchError(f"a worker had still not used the database after {sent} requests.")
        return sent

    async def open(self, wanted: list[tuple[Room, str]]) -> None:
        """Open these participants' streams, OPEN_AT_ONCE at a time, each to its first id."""
        gate = asyncio.Semaphore(OPEN_AT_ONCE)

        async def open_one(room: Room, session: str) -> None:
            async with gate:
                stream = Stream(room, session)
                room.streams.append(stream)
                self.streams.append(stream)
                stream.task = asyncio.create_task(stream.read(self.http, self.base))
                try:
                    await asyncio.wait_for(stream.opened.wait(), 30)
                except TimeoutError:
                    raise BenchError("a stream sent no message within 30 s of opening.") from None

        await asyncio.gather(*(open_one(room, session) for room, session in wanted))
        failed = [stream.error for stream in self.streams if stream.error]
        if failed:
            raise BenchError(f"{len(failed)} streams failed to open; the first: {failed[0]}")

    async def move(self, room: Room) -> int:
        """The facilitator moves to the other step as the page does; the version it made."""
        step = room.next_step()
        try:
            answer = await self.posts.post(
                f"{self.base}/loops/{room.loop}/debrief/step/",
                data={"step": step},
                headers={
                    "Cookie": f"sessionid={room.facilitator}; csrftoken={self.csrf}",
                    "X-CSRFToken": self.csrf,
                    "HX-Request": "true",
                },
            )
        except httpx.HTTPError as error:
            raise BenchError(
                f"moving debrief {room.debrief} to {step} failed: {error!r}"
            ) from error
        # The page's htmx POST is answered 204: the facilitator's screen, like everyone's,
        # follows its stream. Nothing else changes these debriefs, so the move made the
        # next version.
        if answer.status_code != 204:
            raise BenchError(
                f"moving debrief {room.debrief} to {step} answered HTTP {answer.status_code}:"
                f" {answer.text[:300]}"
            )
        room.step, room.version = step, room.version + 1
        return room.version

    async def delivered(self, targets: dict[int, int]) -> None:
        """Wait (bounded) until every stream of these debriefs has its target version."""
        streams = [s for room in self.rooms if room.debrief in targets for s in room.streams]
        deadline = time.monotonic() + DELIVERY_TIMEOUT_S
        while time.monotonic() < deadline:
            if all(s.latest >= targets[s.room.debrief] for s in streams):
                return
            await asyncio.sleep(0.002)
        late = [s for s in streams if s.latest < targets[s.room.debrief]]
        self.late += len(late)
        log(
            f"warning: {len(late)} streams had not had their new version after"
            f" {DELIVERY_TIMEOUT_S:.0f} s."
        )

    async def one_room(self, room: Room) -> list[float]:
        """MOVES moves, one at a time; for each, ms until all the room's streams had it."""
        times = []
        self.answered_ms = []
        for _ in range(MOVES):
            sent = time.perf_counter()
            version = await self.move(room)
            self.answered_ms.append((time.perf_counter() - sent) * 1000)
            await self.delivered({room.debrief: version})
            arrivals = [s.arrival(version) for s in room.streams]
            last = math.inf if None in arrivals else max(arrivals)
            times.append((last - sent) * 1000)
            await asyncio.sleep(MOVE_PAUSE_S)
        return times

    async def bursts(self) -> tuple[list[float], list[float]]:
        """BURSTS bursts of every facilitator moving at once; ms per participant and per
        burst (to its last participant)."""
        each, whole = [], []
        self.answered_ms = []
        for _ in range(BURSTS):
            sent = time.perf_counter()
            versions = await asyncio.gather(*(self.move(room) for room in self.rooms))
            self.answered_ms.append((time.perf_counter() - sent) * 1000)
            targets = {room.debrief: v for room, v in zip(self.rooms, versions, strict=True)}
            await self.delivered(targets)
            times = []
            for stream in self.streams:
                at = stream.arrival(targets[stream.room.debrief])
                times.append(math.inf if at is None else (at - sent) * 1000)
            each.extend(times)
            whole.append(max(times))
            await asyncio.sleep(BURST_PAUSE_S)
        return each, whole

    def missed(self, versions: dict[int, int]) -> int:
        """Streams whose last id is not their debrief's version in the database."""
        return sum(s.latest != versions[s.room.debrief] for s in self.streams)


# --- the server's side -------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command's name (the state first)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_s(pid: int) -> float:
    """CPU seconds the process has used, all its threads, user and system."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy_s() -> float:
    """CPU seconds the whole machine has spent busy, all cores (/proc/stat)."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks[:8]) - idle) / CLOCK_TICKS


def worker_pids(server: ProcessGroup) -> list[int]:
    """The uvicorn worker processes: the children of uvicorn's own process, bar the
    multiprocessing resource tracker."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int(_stat(int(entry.name))[1])
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
        if parent == server.proc.pid and "resource_tracker" not in cmdline:
            pids.append(int(entry.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise BenchError(f"/proc/{pid}/status shows no VmRSS.")


def established(local_port: int | None = None, remote_port: int | None = None) -> set[str]:
    """Socket inodes of this machine's established TCP connections with these ports."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
                if state != "01":
                    continue
                if local_port is not None and int(local.rsplit(":", 1)[1], 16) != local_port:
                    continue
                if remote_port is not None and int(remote.rsplit(":", 1)[1], 16) != remote_port:
                    continue
                inodes.add(inode)
    return inodes


def sockets_per_worker(workers: list[int], inodes: set[str]) -> list[int]:
    """How many of these sockets each worker holds."""
    counts = []
    for pid in workers:
        held = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                held += target.startswith("socket:[") and target[8:-1] in inodes
        counts.append(held)
    return counts


BACKENDS_SQL = """
SELECT pid, application_name = 'debrief-live' FROM pg_stat_activity
WHERE datname = current_database() AND backend_type = 'client backend'
  AND pid <> pg_backend_pid()
"""


class Monitor:
    """The bench's own connection to the bench database, and CPU readings of the server's
    workers, the app's PostgreSQL backends and this process."""

    def __init__(self, conn: psycopg.AsyncConnection, workers: list[int], ports: tuple[int, int]):
        self.conn = conn
        self.workers = workers
        self.http_port, self.database_port = ports

    def spread(self) -> str:
        """Per worker: the HTTP connections it serves and its database connections."""
        clients = sockets_per_worker(self.workers, established(local_port=self.http_port))
        database = sockets_per_worker(self.workers, established(remote_port=self.database_port))
        return "; ".join(
            f"worker {n}: {c} client and {d} database connections"
            for n, (c, d) in enumerate(zip(clients, database, strict=True), 1)
        )

    def database_per_worker(self) -> list[int]:
        return sockets_per_worker(self.workers, established(remote_port=self.database_port))

    async def backends(self) -> dict[int, bool]:
        """The app's connections (pid: whether it is a LISTEN one); the bench's excluded."""
        return dict(await (await self.conn.execute(BACKENDS_SQL)).fetchall())

    async def connections(self) -> tuple[int, int]:
        """The app's connections and how many of them listen, once the count has held
        still for a second (pools fill in the background)."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            backends = await self.backends()
            now = (len(backends), sum(backends.values()))
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= 1.0:
                break
            await asyncio.sleep(0.1)
        return last

    async def versions(self) -> dict[int, int]:
        rows = await (await self.conn.execute("SELECT id, version FROM loops_debrief")).fetchall()
        return dict(rows)

    async def cpu(self) -> dict:
        """A reading to subtract from a later one (see ``used``)."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        postgres = {}
        for pid in await self.backends():
            with contextlib.suppress(OSError):
                postgres[pid] = cpu_s(pid)
        return {
            "at": time.monotonic(),
            "server": sum(cpu_s(pid) for pid in self.workers),
            "postgres": postgres,
            "client": usage.ru_utime + usage.ru_stime,
            "machine": machine_busy_s(),
        }

    async def used(self, before: dict) -> str:
        """CPU seconds used since ``before``, and the wall-clock seconds."""
        after = await self.cpu()
        postgres = sum(
            at - before["postgres"].get(pid, 0.0) for pid, at in after["postgres"].items()
        )
        server = after["server"] - before["server"]
        client = after["client"] - before["client"]
        others = after["machine"] - before["machine"] - server - postgres - client
        return (
            f"server workers {server:.1f} s, PostgreSQL {postgres:.1f} s, this client"
            f" {client:.1f} s, other processes {max(others, 0.0):.1f} s, over"
            f" {after['at'] - before['at']:.1f} s on {os.cpu_count()} cores"
        )


# --- the run -----------------------------------------------------------------------------


@dataclass
class Outcome:
    room_ms: list[float]
    room_answered_ms: list[float]
    room_cpu: str
    burst_ms: list[float]
    burst_whole_ms: list[float]
    burst_answered_ms: list[float]
    burst_cpu: str
    connections_room: tuple[int, int]
    connections_all: tuple[int, int]
    spread_room: str
    spread_all: str
    rss_mb: dict[int, float]
    missed: int
    late: int
    streams: int


async def exercise(base: str, rooms: list[Room], database_url: str, workers: list[int]) -> Outcome:
    client = Client(base, rooms)
    conn = await psycopg.AsyncConnection.connect(database_url, autocommit=True, connect_timeout=10)
    ports = (urlsplit(base).port, urlsplit(database_url).port or 5432)
    monitor = Monitor(conn, workers, ports)
    try:
        log("Warming up both workers (each opens its database pool on first use)...")
        await client.warm_up(monitor)
        first = rooms[0]
        log(f"Opening {ROOM} streams on one debrief...")
        await client.open([(first, session) for session in first.participants[:ROOM]])
        log(f"One room: {MOVES} moves of its facilitator...")
        before = await monitor.cpu()
        room_ms = await client.one_room(first)
        room_answered_ms = client.answered_ms
        room_cpu = await monitor.used(before)
        connections_room = await monitor.connections()
        spread_room = monitor.spread()

        opened = set(first.participants[:ROOM])
        others = [(room, s) for room in rooms for s in room.participants if s not in opened]
        log(f"Opening {len(others)} more streams across {len(rooms)} debriefs...")
        started = time.monotonic()
        await client.open(others)
        log(f"{len(client.streams)} streams open ({time.monotonic() - started:.1f} s).")
        connections_all = await monitor.connections()
        spread_all = monitor.spread()
        rss = {pid: rss_mb(pid) for pid in workers}
        log(f"{BURSTS} bursts of {len(rooms)} facilitators moving at once...")
        before = await monitor.cpu()
        burst_ms, burst_whole_ms = await client.bursts()
        burst_cpu = await monitor.used(before)

        await asyncio.sleep(1.0)  # a version sent late would arrive now
        missed = client.missed(await monitor.versions())
        errors = [stream.error for stream in client.streams if stream.error]
        if errors:
            log(f"warning: {len(errors)} streams ended early; the first: {errors[0]}")
        # RSS again after the bursts; report the larger reading of each worker.
        for pid in rss:
            with contextlib.suppress(OSError):
                rss[pid] = max(rss[pid], rss_mb(pid))
        return Outcome(
            room_ms=room_ms,
            room_answered_ms=room_answered_ms,
            room_cpu=room_cpu,
            burst_ms=burst_ms,
            burst_whole_ms=burst_whole_ms,
            burst_answered_ms=client.answered_ms,
            burst_cpu=burst_cpu,
            connections_room=connections_room,
            connections_all=connections_all,
            spread_room=spread_room,
            spread_all=spread_all,
            rss_mb=rss,
            missed=missed,
            late=client.late,
            streams=len(client.streams),
        )
    finally:
        await client.close()
        await conn.close()


def run_client(coro):
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return asyncio.run(coro, loop_factory=uvloop.new_event_loop)


def enough_files() -> None:
    """Each stream holds a socket here; raise the soft limit to the hard one if need be."""
    needed = PARTICIPANTS + DEBRIEFS + 200
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise BenchError(f"ulimit -n allows {hard} open files; the bench needs {needed}.")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


def measure_live(args) -> int:
    """Run the live part; the number of versions missed or late."""
    enough_files()
    with demo_site() as site:
        log(f"Starting {DEBRIEFS} debriefs with {PARTICIPANTS} interviewers, with sessions...")
        made = shell_json(
            site.env,
            with_constants(SESSION_CODE + SETUP_CODE, DEBRIEFS=DEBRIEFS, PARTICIPANTS=PARTICIPANTS),
        )
        rooms = [Room(**room) for room in made["debriefs"]]
        keys = [key for room in rooms for key in (room.facilitator, *room.participants)]
        site.cleanup.callback(forget_sessions, site.env, keys)
        if args.pool:
            site.env.update(DB_POOL_MIN=str(args.pool), DB_POOL_MAX=str(args.pool))
            pool = f"DB_POOL_MIN=DB_POOL_MAX={args.pool}"
        else:
            pool = "the settings' pool defaults (DB_POOL_MIN 2, DB_POOL_MAX 8)"
        base, _ = site.serve()
        workers = worker_pids(site.server)
        if len(workers) != WORKERS:
            raise BenchError(f"uvicorn runs {len(workers)} worker processes, not {WORKERS}.")
        started = time.monotonic()
        try:
            outcome = run_client(
                asyncio.wait_for(
                    exercise(base, rooms, site.database_url, workers), CLIENT_TIMEOUT_S
                )
            )
        except (BenchError, TimeoutError):
            log(f"The server's output ends:\n{site.server.tail(80)}")
            raise
        log(f"The client side took {time.monotonic() - started:.0f} s.")

    heading(
        f"live: PostgreSQL, uvicorn --workers {WORKERS} ({len(workers)} worker processes),"
        f" DEBUG off, {pool} per process; {len(rooms)} debriefs, {outcome.streams} participant"
        f" streams (httpx, asyncio, one connection each); facilitators move between"
        f" {' and '.join(STEPS)} by the page's POST (htmx)"
    )
    heading(
        f"one room: {ROOM} streams on one debrief, {MOVES} moves one after another; from"
        f" sending the POST to the new version on all {ROOM} streams: median"
        f" {median(outcome.room_ms):.1f} ms, max {max(outcome.room_ms):.1f} ms; the POST"
        f" answered in {median(outcome.room_answered_ms):.1f} ms (median); CPU:"
        f" {outcome.room_cpu}"
    )
    figure("live_p95_ms_12", p95(outcome.room_ms), "ms")
    heading(
        f"burst: {outcome.streams} streams over {len(rooms)} debriefs, {BURSTS} bursts of all"
        f" {len(rooms)} facilitators' POSTs sent at once; from sending them to each"
        f" participant's new version: median {median(outcome.burst_ms):.1f} ms; to a burst's"
        f" last participant: median {median(outcome.burst_whole_ms):.1f} ms; to a burst's"
        f" last POST answer: median {median(outcome.burst_answered_ms):.1f} ms; CPU:"
        f" {outcome.burst_cpu}"
    )
    figure("live_p95_ms_500_burst", p95(outcome.burst_ms), "ms")
    heading(
        f"missed: streams whose last id is not their debrief's final version"
        f" ({outcome.late} waits for a version ran past {DELIVERY_TIMEOUT_S:.0f} s)"
    )
    figure("live_missed", outcome.missed, "count", 0)
    heading(
        f"memory: VmRSS of each worker with {outcome.streams} streams open, the larger of"
        f" before and after the bursts:"
        f" {', '.join(f'{mb:.1f} MB' for mb in outcome.rss_mb.values())}"
    )
    figure("live_rss_mb_500", max(outcome.rss_mb.values(), default=math.nan), "MB")
    heading(
        f"database connections of the app in pg_stat_activity (the bench's own left out),"
        f" LISTEN ones included: {outcome.connections_all[1]} of them with"
        f" {outcome.streams} streams, {outcome.connections_room[1]} with {ROOM};"
        f" both workers had used the database before"
    )
    heading(f"with {outcome.streams} streams: {outcome.spread_all}")
    heading(f"with {ROOM} streams: {outcome.spread_room}")
    figure("live_pg_connections_500", outcome.connections_all[0], "count", 0)
    figure("live_pg_connections_12", outcome.connections_room[0], "count", 0)
    return outcome.missed + outcome.late


def forget_sessions(env: dict[str, str], keys: list[str]) -> None:
    try:
        shell_json(env, with_constants(FORGET_SESSIONS_CODE, KEYS=keys), timeout=120)
    except BenchError as exc:
        log(f"warning: could not delete the bench's sessions: {exc}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pool",
        type=int,
        default=POOL_SIZE,
        help="DB_POOL_MIN and DB_POOL_MAX of each server process (0: the settings' defaults)",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    try:
        with only_run():
            failures = measure_live(args)
    except BenchError as exc:
        log(f"bench failed: {exc}")
        return 1
    except TimeoutError:
        log(f"bench failed: the client side took longer than {CLIENT_TIMEOUT_S:.0f} s.")
        return 1
    except (psycopg.Error, httpx.HTTPError, OSError) as exc:
        log(f"bench failed: {exc.__class__.__name__}: {exc}")
        return 1
    except KeyboardInterrupt:
        log("bench interrupted.")
        return 130
    log(f"Done in {time.monotonic() - started:.0f} s.")
    if failures:
        log(f"bench failed: {failures} versions missed or late.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
