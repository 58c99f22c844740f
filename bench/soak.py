"""The load and fault run: simulated people at work while the services fail one by one.

`make soak` runs it with 200 people for 120 s of load; `make bench` runs the short
version (`--duration 30`, about two minutes in all). Loopback only, with
services of its own in a temporary folder, all stopped at the end (by process group,
also on failure):

* PostgreSQL: a cluster made with initdb (run as the postgres user when run as root;
  trust auth, 127.0.0.1 on a free port, fsync off: a restart keeps the data, an OS
  crash might not);
* Redis: a server on a free port that keeps nothing on disk, so restarting it empties
  the broker's queue and the cache;
* SMTP: aiosmtpd in this process, keeping the Message-ID of every message;
* the app as in production: uvicorn with 2 workers (DEBUG off), a Celery worker and one
  beat process, with REMINDER_SEND_TIME_LIMIT at 10 s (so that a reminder's claim counts
  as stuck after 20 s, not 2 minutes).

Steps:

1. Setup: migrate, collectstatic, and a seed through the ORM. One person in ten is a
   hiring manager with a role (two focus competencies, closeness rows); debriefs started
   and moved to their reassessment step, 5 voters each (one per 1,200 person-seconds of
   load: 20 in the full run, 5 in the short one); the other people are interviewers,
   each with interviews that ended 35 minutes ago (initial vote recorded, note not
   started) in interviewing loops; and "quiet" interviewers who never sign in, whose
   448 reminders (initial vote, full note, note before the debrief, the hiring
   manager's digest) fall due in four batches during the run. The organisation's
   deadlines are set short (5 minutes, 1 hour, 15 minutes before the debrief).
2. Sign-in through the real form (GET /accounts/login/, POST with the CSRF token). A
   sign-in costs nearly a second of CPU (PBKDF2, 1.5 million iterations), so runs under
   120 s sign 20 people in through the form and give the others a session made in the
   database; from 120 s on everyone signs in (`--form-sign-ins` says how many).
3. Load: one httpx client (and cookie jar) per person until the time is up, 5-15 s
   between one step and the next (`--think`). Shorter pauses saturate two cores: the
   journeys cost about 40 ms of the server's CPU a request, and 200 people pausing
   0.5-2 s would ask for over 100 requests a second, where the machine serves about 25.
   Hiring managers open a loop for a new candidate, add 3-5 slots (each followed by the
   coverage panel's refresh, as htmx does), read a pre-read, and reveal their debriefs'
   second votes once everyone has voted. Interviewers open a note, autosave it 3-7
   times with growing text (the request note.js sends, retried as it retries), submit
   it and read the loop's notes; when their debrief's turn comes they leave the draft
   to cast a second vote (htmx), and some change it. Every step's latency and status is
   kept, and every acknowledged write (a 2xx answer, or the redirect a form answers with
   when it succeeded).
4. Faults, one after another under load, each once the one before has recovered (the
   load goes on until then): SIGKILL a uvicorn worker (uvicorn starts another), SIGKILL
   the Celery worker and its pool (a new one is started, as a supervisor would),
   restart Redis, restart PostgreSQL (fast shutdown, then start). Just before each of
   the last three, a batch of reminders falls due and the script sends the planner's
   task (an extra beat tick), so that the fault hits reminders being sent. For each
   fault: when it started; when the service was back (the new process ready, the
   server accepting connections); and recovery_s, from then until a probe on a fresh
   connection gets 200 from both /healthz and a signed-in page (and, for the Celery
   worker and Redis, the worker answers a ping). A fault's window runs from its start
   to 2 s after its recovery; a request overlapping a window is counted against that
   fault, any other error is a load error.
5. Settle, load stopped: beat sends the planner's task every minute and the sweep's
   every 5 minutes, too rarely for this run and not configurable, so the script sends
   each once, the message beat would send: the planner at once, the sweep once a claim
   left by a fault counts as stuck. The sweep sends again the reminders whose message a
   fault lost.
6. Integrity, in the database and the inbox: every acknowledged draft is stored (the
   last acknowledged text, or a later one this client sent) on the slot's one note;
   every acknowledged submission, second vote and reveal is there, once; each of the
   448 reminders has its row and its Message-ID arrived exactly once (never: lost;
   twice: doubled), and no other reminder is owed; every acknowledged new candidate
   and slot exists, once. One doubling is the design's, and counted apart
   (`fault_doubled_in_kill_window`): the SIGKILL of the Celery worker can fall after the
   SMTP server took a reminder and before its row was marked sent, and the sweep then
   sends it again with the same Message-ID (at most one per killed pool process).

Figures go to stdout as `name: value unit`, progress to stderr. The exit status is 1 when
an error happened outside the fault windows, an item was lost or doubled (or more than one
per pool process in the kill's window), or a
recovery took longer than 10 s.

    python bench/soak.py                  # 200 people, 120 s of load
    python bench/soak.py --duration 30    # the short version
    python bench/soak.py --keep           # and keep the services' logs
    python bench/soak.py --busy           # with every core kept busy by other processes
"""

import argparse
import asyncio
import atexit
import calendar
import contextlib
import math
import os
import pwd
import random
import re
import resource
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg

# httpcore imports sniffio, when it can, on every lock it takes; marking it absent
# answers the import at once (see live.py).
sys.modules.setdefault("sniffio", None)

from run import (  # noqa: E402
    ROOT,
    SESSION_CODE,
    VENV_BIN,
    BenchError,
    Inbox,
    ProcessGroup,
    free_port,
    manage,
    only_run,
    production_env,
    run,
    shell_json,
    wait_until,
    with_constants,
)
from run import figure as run_figure  # noqa: E402
from run import log as say  # noqa: E402

sys.path.insert(0, str(ROOT))  # the app's own vocabulary, as the seeds and pages use it
from loops.vocabulary import Tie, Vote  # noqa: E402

PG_ROOT = Path("/usr/lib/postgresql")  # Debian's layout: a folder per major version
PASSWORD = "soak-password-for-everyone"
MANAGER_SHARE = 10  # one person in ten is a hiring manager
# Debriefs at their reassessment step: one per PEOPLE_SECONDS_PER_DEBRIEF of people x seconds
# of load (20 for 200 people over 120 s), at least 4.
PEOPLE_SECONDS_PER_DEBRIEF = 1200
MIN_DEBRIEFS = 4
VOTERS_PER_DEBRIEF = 5
SLOTS_PER_LOOP = 6
QUIET_PEOPLE = 40
QUIET_SLOTS_PER_LOOP = 5
# Loops of quiet interviewers per reminder batch; each loop is of one kind in turn
# (initial vote, full note, before the debrief with the manager's digest).
BATCH_LOOPS = {"f2": 24, "f3": 24, "f4": 24, "late": 12}
KINDS = ("initial", "full", "debrief")
SHORT_FORM_SIGN_INS = 20
SIGN_IN_CONCURRENCY = 4

THINK_S = (5.0, 15.0)  # between one step and the next; see --think
REQUEST_TIMEOUT_S = 30.0
KEEPALIVE_S = 3.0  # well under uvicorn's 5 s, so a connection is never reused as it closes
SEND_TIME_LIMIT_S = 10
GRACE_S = 2.0  # a fault's window ends this long after its recovery
GAP_S = 3.0  # at least this long between one recovery and the next fault
PROBE_INTERVAL_S = 0.25
# A reminder's email is out once the SMTP server has taken it, and its row is marked sent
# by the next statement; a SIGKILL between the two cannot be handled, so the sweep sends
# it again (same Message-ID). A copy that arrived this shortly before the Celery worker's
# SIGKILL, with the second after it, is that case; a send takes tens of milliseconds.
KILL_WINDOW_S = 1.0
WORKER_PROCESSES = 2  # the Celery worker's pool: at most one such copy for each
PROBE_TIMEOUT_S = 5.0
PROBES_SHOWN = 40  # in the log, for each fault
RECOVERY_TIMEOUT_S = 60.0
RECOVERY_LIMIT_S = 10.0
MAX_OVERRUN_S = 90.0  # the load runs on at most this long for faults still recovering
SERVER_TIMEOUT_S = 60.0
WORKER_TIMEOUT_S = 60.0
QUIET_FOR_S = 4.0
SETTLE_TIMEOUT_S = 60.0

NOTE_WORDS = (
    "clarified the constraints first",
    "picked an approach that fits the time",
    "wrote tests for the edge cases",
    "talked through the trade-offs",
    "owned the outage story end to end",
    "was quiet at first then opened up",
    "reasoned about complexity aloud",
    "asked about the payments ledger",
)
VOTES = Vote.values
ROUNDS = ("coding", "system_design", "behavioural", "functional", "leadership", "values")
STEPS = (
    "sign_in",
    "candidate_form",
    "candidate_create",
    "loop_page",
    "slot_add",
    "coverage",
    "preread",
    "note_page",
    "autosave",
    "note_submit",
    "loop_notes",
    "my_interviews",
    "debrief_page",
    "second_vote",
    "reveal",
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
VOTED = re.compile(r"<strong>(\d+) of (\d+) have voted\.</strong>")
LOOP_URL = re.compile(r"^/loops/(\d+)/$")
NOTES_URL = re.compile(r"^/loops/\d+/notes/$")
UVICORN_READY = "Application startup complete."
BEAT_TICK = re.compile(
    r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+: INFO/\S+\] Scheduler: Sending due task plan-reminders"
)

# Run in `manage.py shell`: the organisation's deadlines, the people, roles, loops,
# notes and debriefs, and a session for everyone who may skip the sign-in form.
SEED_CODE = """\
import json
import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from loops.debrief.actions import move_step, start_debrief
from loops.models import (
    Candidate, CloseLevel, Closeness, FocusCompetency, Loop, Note, OrgSettings, Person, Role,
    RoundType, Slot, Step, Vote,
)

rng = random.Random(20261125)
now = timezone.now()
votes = list(Vote.values)
rounds = list(RoundType.values)
levels = list(CloseLevel.values)

org = OrgSettings.load()
org.initial_vote_due_minutes = 5
org.full_note_due_hours = 1
org.reminder_before_debrief_minutes = 15
org.manager_digest_before_debrief_minutes = 15
org.save()
password = make_password(PASSWORD)


def people(prefix, label, count, **fields):
    return Person.objects.bulk_create(
        Person(email=f"{prefix}.{i:03d}@soak.example", name=f"{label} {i:03d}", **fields)
        for i in range(count)
    )


def new_loops(specs):
    candidates = Candidate.objects.bulk_create(
        Candidate(role=role, name=name) for role, name in specs
    )
    return Loop.objects.bulk_create(
        Loop(candidate=c, role=c.role, state=Loop.State.INTERVIEWING) for c in candidates
    )


def new_slots(loops, groups, ends=None):
    return Slot.objects.bulk_create(
        Slot(
            loop=loop, interviewer=person, order=order, closeness=rng.choice(levels),
            round_type=rng.choice(rounds),
            starts_at=None if ends is None else ends - timedelta(minutes=45 + order),
            ends_at=None if ends is None else ends - timedelta(minutes=order),
        )
        for loop, group in zip(loops, groups)
        for order, person in enumerate(group)
    )


with transaction.atomic():
    managers = people(
        "manager", "Soak Manager", MANAGERS, title="Hiring manager", is_hiring_team=True,
        password=password,
    )
    interviewers = people(
        "interviewer", "Soak Interviewer", INTERVIEWERS, title="Engineer", password=password
    )
    quiet = people("quiet", "Quiet Interviewer", QUIET, title="Engineer", password="!")
    prober = Person.objects.create(email="prober@soak.example", name="Soak Prober", password="!")
    roles = Role.objects.bulk_create(
        Role(title=f"Soak Role {i:02d}", team="Soak", job_family="backend", hiring_manager=m)
        for i, m in enumerate(managers)
    )
    FocusCompetency.objects.bulk_create(
        FocusCompetency(role=role, name=name, because="the role owns it", order=order)
        for role in roles
        for order, name in enumerate(("Distributed systems", "Ownership"))
    )
    focus = {}
    for item in FocusCompetency.objects.filter(role__in=roles).order_by("order"):
        focus.setdefault(item.role_id, []).append(item.pk)
    Closeness.objects.bulk_create(
        Closeness(role=role, person=person, level=rng.choice(levels))
        for role in roles
        for person in rng.sample(interviewers, min(30, len(interviewers)))
    )

    # Interviews that ended 35 minutes ago: the initial vote is in, the note is due
    # in 25 minutes, so no reminder falls due for them during the run.
    specs, groups = [], []
    for _ in range(NOTES_EACH):
        order = interviewers[:]
        rng.shuffle(order)
        for start in range(0, len(order), SLOTS_PER_LOOP):
            specs.append((roles[len(groups) % len(roles)], f"Soak Candidate J{len(groups):04d}"))
            groups.append(order[start:start + SLOTS_PER_LOOP])
    journey_loops = new_loops(specs)
    journey_slots = new_slots(journey_loops, groups, ends=now - timedelta(minutes=35))
    Slot.focus.through.objects.bulk_create(
        Slot.focus.through(slot_id=slot.pk, focuscompetency_id=pk)
        for slot in journey_slots
        for pk in focus[slot.loop.role_id]
    )
    Note.objects.bulk_create(
        Note(slot=slot, initial_vote=rng.choice(votes),
             initial_vote_at=slot.ends_at + timedelta(minutes=2))
        for slot in journey_slots
    )

    # Debriefs to be: interviews three hours ago, every note submitted.
    specs, rooms, owners = [], [], []
    for i in range(DEBRIEFS):
        manager, role = managers[i % len(managers)], roles[i % len(roles)]
        specs.append((role, f"Soak Candidate D{i:03d}"))
        rooms.append(rng.sample(interviewers, VOTERS))
        owners.append(manager)
    debrief_loops = new_loops(specs)
    ended = now - timedelta(hours=3)
    Note.objects.bulk_create(
        Note(slot=slot, initial_vote=rng.choice(votes),
             initial_vote_at=ended + timedelta(minutes=5), text="Clear signal on the basics.",
             version=1, submitted_at=ended + timedelta(hours=1))
        for slot in new_slots(debrief_loops, rooms, ends=ended)
    )

    # The quiet interviewers' loops, without times until their batch is to fall due.
    batches = {}
    specs, kinds = [], []
    for batch, count in BATCHES.items():
        for k in range(count):
            specs.append((roles[len(specs) % len(roles)], f"Soak Candidate R-{batch}-{k:02d}"))
            kinds.append((batch, KINDS[k % len(KINDS)]))
    quiet_loops = new_loops(specs)
    groups = [rng.sample(quiet, QUIET_SLOTS_PER_LOOP) for _ in quiet_loops]
    quiet_slots = new_slots(quiet_loops, groups)
    for batch in BATCHES:
        batches[batch] = {kind: [] for kind in KINDS} | {"debrief_loops": []}
    by_loop = {loop.pk: kind for loop, kind in zip(quiet_loops, kinds)}
    voted = []
    for slot in quiet_slots:
        batch, kind = by_loop[slot.loop_id]
        batches[batch][kind].append(slot.pk)
        if kind != "initial":
            voted.append(slot)
    for loop, (batch, kind) in zip(quiet_loops, kinds):
        if kind == "debrief":
            batches[batch]["debrief_loops"].append(loop.pk)
    Note.objects.bulk_create(
        Note(slot=slot, initial_vote=rng.choice(votes), initial_vote_at=now) for slot in voted
    )

debriefs = {}
for loop, manager, group in zip(debrief_loops, owners, rooms):
    debrief = start_debrief(loop, by=manager)
    move_step(debrief, Step.REASSESSMENT, by=manager)
    debriefs.setdefault(manager.email, []).append(
        {"loop": loop.pk, "voters": [person.email for person in group]}
    )


notes = {}
for slot in journey_slots:
    notes.setdefault(slot.interviewer.email, []).append([slot.pk, slot.loop_id])
role_loops = {}
for loop in journey_loops:
    role_loops.setdefault(loop.role_id, []).append(loop.pk)
print("BENCH_JSON " + json.dumps({
    "managers": [
        {
            "email": manager.email,
            "role": role.pk,
            "focus": focus[role.pk],
            "loops": role_loops.get(role.pk, [])[:6],
            "debriefs": debriefs.get(manager.email, []),
        }
        for manager, role in zip(managers, roles)
    ],
    "interviewers": [{"email": p.email, "notes": notes.get(p.email, [])} for p in interviewers],
    "directory": [p.email for p in [*interviewers, *quiet]],
    "batches": batches,
    "sessions": {p.email: session_for(p) for p in [*managers, *interviewers, prober]},
    "prober": prober.email,
}))
"""

# Run in `manage.py shell`: reminders owed now that have no row (the planner missed them).
OWED_CODE = """\
import json

from django.utils import timezone

from loops.services.reminding import due_slots, offsets, owed_reminders

now = timezone.now()
org = offsets()
owed = owed_reminders(due_slots(now, org), org, now)
print("BENCH_JSON " + json.dumps({"owed": [[r.slot_id, r.loop_id, r.kind] for r in owed]}))
"""


STARTED = time.monotonic()


def log(message: str) -> None:
    """A progress line on stderr, with the time since the run started."""
    say(f"[{time.monotonic() - STARTED:5.0f} s] {message}")


def cpu_now() -> tuple[float, float, float]:
    """(wall, this process's CPU, the machine's busy CPU) in seconds."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    busy = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return time.monotonic(), usage.ru_utime + usage.ru_stime, busy


def cpu_by_process() -> dict[int, tuple[str, float]]:
    """Every process's command line and CPU seconds so far."""
    found = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        found[int(entry.name)] = (cmdline, (int(fields[11]) + int(fields[12])) / tick)
    return found


def cpu_shares(before: dict, after: dict) -> str:
    """CPU seconds used between two readings, by kind of process."""
    kinds = Counter()
    for pid, (cmdline, seconds) in after.items():
        used = seconds - before.get(pid, (cmdline, 0.0))[1]
        if pid == os.getpid():
            kind = "load generator"
        elif cmdline.endswith(" soak-busy "):
            kind = "busy processes"
        elif "uvicorn" in cmdline or "multiprocessing.spawn" in cmdline:
            kind = "uvicorn"
        elif cmdline.startswith("postgres"):
            kind = "PostgreSQL"
        elif "celery" in cmdline:
            kind = "Celery"
        elif "redis-server" in cmdline:
            kind = "Redis"
        else:
            kind = "other processes"
        kinds[kind] += used
    return ", ".join(f"{kind} {seconds:.1f} s" for kind, seconds in kinds.most_common())


def p_ms(values: list[float], share: float) -> float:
    """The nearest-rank percentile of seconds, in milliseconds."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000


# --- the private services --------------------------------------------------------------


class Postgres:
    """A cluster of its own, run in the foreground as the postgres user."""

    def __init__(self, tmp: Path, port: int, started: list):
        try:
            versions = sorted((p.name for p in PG_ROOT.iterdir() if p.name.isdigit()), key=int)
        except OSError:
            versions = []
        if not versions:
            raise BenchError(f"no PostgreSQL under {PG_ROOT}.")
        self.bin = PG_ROOT / versions[-1] / "bin"
        self.home = tmp / "postgres"
        self.data = self.home / "data"
        self.sockets = self.home / "sockets"
        self.port = port
        self.started = started
        self.group: ProcessGroup | None = None
        self.generation = 0
        self.url = f"postgres://postgres@127.0.0.1:{port}/debrief"
        self.admin_url = f"postgres://postgres@127.0.0.1:{port}/postgres"

    @staticmethod
    def as_postgres(*args: str) -> list[str]:
        """PostgreSQL refuses to run as root: as root, run it as the postgres user;
        otherwise as whoever runs this script."""
        return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)

    def init(self) -> None:
        self.sockets.mkdir(parents=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.home, self.sockets):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        run(
            self.as_postgres(
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ),
            cwd=self.home,
            timeout=120,
            what="initdb",
        )

    def start(self) -> None:
        self.generation += 1
        self.group = ProcessGroup(
            f"postgres ({self.generation})",
            self.as_postgres(
                str(self.bin / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={self.sockets}",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=200",
            ),
            cwd=self.home,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"},
            log_path=self.home.parent / f"postgres-{self.generation}.log",
        )
        self.started.append(self.group)
        if not wait_until(self.accepts, 60, 0.05):
            raise BenchError(f"PostgreSQL did not start. Its log ends:\n{self.group.tail()}")

    def accepts(self) -> bool:
        try:
            with psycopg.connect(self.admin_url, connect_timeout=2):
                return True
        except psycopg.Error:
            return False

    def stop(self, mode: str = "fast") -> None:
        if self.group is None:
            return
        with contextlib.suppress(BenchError):
            run(
                self.as_postgres(
                    str(self.bin / "pg_ctl"), "-D", str(self.data), "stop", "-m", mode, "-w"
                ),
                cwd=self.home,
                timeout=60,
                what="pg_ctl stop",
            )
        self.group.stop()


class Redis:
    """A Redis server of its own that keeps nothing on disk."""

    def __init__(self, tmp: Path, port: int, started: list):
        self.home = tmp / "redis"
        self.home.mkdir()
        self.port = port
        self.started = started
        self.group: ProcessGroup | None = None
        self.generation = 0

    def start(self) -> None:
        self.generation += 1
        self.group = ProcessGroup(
            f"redis ({self.generation})",
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.home),
            ],
            cwd=self.home,
            env=dict(os.environ),
            log_path=self.home.parent / f"redis-{self.generation}.log",
        )
        self.started.append(self.group)
        if not wait_until(self.accepts, 30, 0.05):
            raise BenchError(f"Redis did not start. Its log ends:\n{self.group.tail()}")

    def accepts(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.group is not None:
            self.group.stop()


def celery_app(broker: str):
    from celery import Celery

    app = Celery("soak-control", broker=broker)
    app.conf.broker_connection_timeout = 2
    app.conf.broker_connection_retry_on_startup = False
    app.conf.broker_transport_options = {"max_retries": 1, "socket_timeout": 2}
    return app


def send_task(broker: str, name: str, expires: float) -> bool:
    """Send one of beat's tasks by name, as beat does; whether the broker took it."""
    app = celery_app(broker)
    try:
        app.send_task(name, expires=expires, retry=True, retry_policy={"max_retries": 3})
        return True
    except Exception as exc:
        log(f"warning: could not send {name}: {exc.__class__.__name__}: {exc}")
        return False
    finally:
        app.close()


def celery_ping(broker: str, hostname: str) -> bool:
    app = celery_app(broker)
    try:
        replies = app.control.ping(destination=[hostname], timeout=1.0)
        return any(hostname in reply for reply in replies)
    except Exception:
        return False
    finally:
        app.close()


def log_moment(stamp: str) -> float:
    """A Celery log line's time (the run sets TIME_ZONE=UTC) in seconds since the epoch."""
    return calendar.timegm(time.strptime(stamp, "%Y-%m-%d %H:%M:%S"))


def proc_children(parent: int) -> set[int]:
    """Live child processes of ``parent`` (zombies and the resource tracker left out)."""
    children = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent and fields[0] != "Z" and b"resource_tracker" not in cmdline:
            children.add(int(entry.name))
    return children


class Site:
    """Every process of the run, each stopped at the end by its process group."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.started: list[ProcessGroup] = []
        self.redis = Redis(tmp, free_port(), self.started)
        self.postgres = Postgres(tmp, free_port(), self.started)
        self.inbox = Inbox()
        self.smtp = None
        self.env: dict[str, str] = {}
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server: ProcessGroup | None = None
        self.worker: ProcessGroup | None = None
        self.worker_name = ""
        self.workers_started = 0
        self.beat: ProcessGroup | None = None
        self.servers_started = 0

    @property
    def broker(self) -> str:
        return f"redis://127.0.0.1:{self.redis.port}/1"

    def start_services(self) -> None:
        from aiosmtpd.controller import Controller

        self.tmp.chmod(0o755)  # the postgres user (when run as root) must reach its folder
        log(f"Starting Redis on port {self.redis.port} and PostgreSQL on {self.postgres.port}...")
        self.redis.start()
        self.postgres.init()
        self.postgres.start()
        with psycopg.connect(self.postgres.admin_url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE debrief")
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=free_port())
        self.smtp.start()
        env = production_env(self.postgres.url, self.tmp / "var")
        env.update(
            REDIS_URL=f"redis://127.0.0.1:{self.redis.port}/0",
            CELERY_BROKER_URL=self.broker,
            CACHE_KEY_PREFIX="debrief-soak",
            TIME_ZONE="UTC",  # the times in Celery's logs, which the run reads
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp.port),
            EMAIL_USE_TLS="false",
            EMAIL_TIMEOUT="5",
            REMINDER_SEND_TIME_LIMIT=str(SEND_TIME_LIMIT_S),
            SITE_URL=self.base,
            LOG_LEVEL="INFO",
        )
        self.env = env

    def start_server(self) -> None:
        self.servers_started += 1
        self.server = ProcessGroup(
            f"uvicorn ({self.servers_started})",
            [
                str(VENV_BIN / "uvicorn"),
                "debrief.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                "2",
                "--no-access-log",
                "--log-level",
                "info",
                "--timeout-graceful-shutdown",
                "5",
            ],
            cwd=ROOT,
            env=self.env,
            log_path=self.tmp / f"server-{self.servers_started}.log",
        )
        self.started.append(self.server)

    def server_ready(self) -> None:
        self.server.wait_for_200(f"{self.base}/livez", SERVER_TIMEOUT_S)
        if not wait_until(lambda: len(self.web_workers()) == 2, SERVER_TIMEOUT_S):
            raise BenchError("uvicorn did not start its 2 workers.")

    def web_workers(self) -> set[int]:
        return proc_children(self.server.proc.pid)

    def start_worker(self) -> None:
        self.workers_started += 1
        self.worker_name = f"soak-worker-{self.workers_started}@soak"
        self.worker = ProcessGroup(
            f"celery worker ({self.workers_started})",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "debrief",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(WORKER_PROCESSES),
                "--hostname",
                self.worker_name,
            ],
            cwd=ROOT,
            env=self.env,
            log_path=self.tmp / f"worker-{self.workers_started}.log",
        )
        self.started.append(self.worker)

    def worker_ready(self) -> None:
        worker = self.worker
        if (
            not wait_until(
                lambda: " ready." in worker.tail(400) or worker.proc.poll() is not None,
                WORKER_TIMEOUT_S,
            )
            or worker.proc.poll() is not None
        ):
            raise BenchError(f"{worker.name} did not start. Its output ends:\n{worker.tail()}")

    def start_beat(self) -> None:
        self.beat = ProcessGroup(
            "celery beat",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "debrief",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.tmp / "celerybeat-schedule"),
            ],
            cwd=ROOT,
            env=self.env,
            log_path=self.tmp / "beat.log",
        )
        self.started.append(self.beat)

    def planner_ticks(self) -> list[float]:
        """When beat sent the planner's task (seconds since the epoch), from its log."""
        try:
            text = self.beat.log_path.read_text(errors="replace")
        except OSError:
            return []
        return [log_moment(stamp) for stamp in BEAT_TICK.findall(text)]

    def stop_all(self) -> None:
        """Stop everything started, newest first; safe to call twice."""
        for group in reversed(self.started):
            if not group.name.startswith(("postgres", "redis")):
                group.stop()  # the app's processes first, then what they use
        if self.smtp is not None:
            with contextlib.suppress(Exception):
                self.smtp.stop()
            self.smtp = None
        self.redis.stop()
        self.postgres.stop()
        for group in self.started:
            group.stop()


class Busy:
    """Processes that keep every core busy, as other work on a shared machine would: one
    spinning Python process per core, at normal priority. Each also ends by itself once
    the run that started it is gone."""

    SPIN = "import os, sys; parent = int(sys.argv[1])\nwhile os.getppid() == parent: pass"

    def __init__(self):
        self.procs: list[subprocess.Popen] = []

    def start(self) -> None:
        for _ in range(os.cpu_count() or 1):
            self.procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", self.SPIN, str(os.getpid()), "soak-busy"],
                    stdin=subprocess.DEVNULL,
                )
            )

    def stop(self) -> None:
        """End each by its PID; safe to call twice."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        self.procs = []


# --- the simulated people ---------------------------------------------------------------


@dataclass
class Sample:
    step: str
    started: float
    ended: float
    status: int | None
    error: str | None  # what went wrong, for an error
    tolerated: str | None = None  # why an answer other than the usual one is fine


@dataclass
class Draft:
    """What one client sent as a note's text, in order, and the last acknowledged."""

    texts: list[str] = field(default_factory=list)
    acked: int = -1
    submitted: bool = False


@dataclass
class Ballot:
    sent: list[str] = field(default_factory=list)
    acked: int = -1


@dataclass
class Seat:
    loop: int
    at: float  # when the voter turns to it (monotonic)


@dataclass
class Room:
    """A debrief its hiring manager facilitates."""

    loop: int
    ready_at: float  # after every voter's turn
    next_check: float = 0.0
    revealed: bool = False


@dataclass
class Fault:
    name: str
    batch: str | None
    started: float = math.nan
    back: float = math.nan
    recovered: float | None = None
    what: str = ""

    @property
    def window_end(self) -> float:
        end = self.recovered if self.recovered is not None else self.back
        return (end if not math.isnan(end) else self.started) + GRACE_S

    @property
    def recovery_s(self) -> float:
        if self.recovered is None:
            return math.inf
        return max(0.0, self.recovered - self.back)


class Load:
    """The shared state of the run: samples, acknowledged writes, the clock."""

    def __init__(self, site: Site, seed: dict, duration: float, think: tuple[float, float]):
        self.site = site
        self.seed = seed
        self.duration = duration
        self.think = think
        self.samples: list[Sample] = []
        self.drafts: dict[int, Draft] = {}
        self.ballots: dict[tuple[int, str], Ballot] = {}
        self.reveals: set[int] = set()
        self.candidates: list[str] = []
        self.slot_adds: list[tuple[int, str]] = []
        self.tolerated: Counter = Counter()
        self.stopping = False
        self.stop = asyncio.Event()
        self.started = math.nan  # the load's start (monotonic)
        self.ended = math.nan
        self.cpu: list[tuple[float, float, float]] = []  # at the load's start and end
        self.processes: list[dict] = []  # the same, per process
        self.wall_offset = time.time() - time.monotonic()
        self.ssl = ssl.create_default_context()  # one for all, not one per client

    def client(self, **limits) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.site.base,
            timeout=REQUEST_TIMEOUT_S,
            trust_env=False,
            verify=self.ssl,
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_S, **limits),
        )

    def at(self, moment: float) -> str:
        """A moment (monotonic) as seconds from the load's start."""
        return f"{moment - self.started:+.1f} s" if not math.isnan(self.started) else "-"

    def at_wall(self, stamp: float) -> str:
        """A moment (seconds since the epoch) as seconds from the load's start."""
        return self.at(stamp - self.wall_offset)


class Stopped(Exception):
    """The load is over: the journey ends at its next pause."""


class Person:
    """One simulated person: a client with its own cookies, walking a journey."""

    def __init__(self, load: Load, email: str):
        self.load = load
        self.email = email
        self.rng = random.Random(email)
        self.client = load.client(max_connections=2)

    async def close(self) -> None:
        await self.client.aclose()

    async def think(self) -> None:
        """Pause between steps; once the load stops, end the journey instead."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.load.stop.wait(), self.rng.uniform(*self.load.think))
        if self.load.stopping:
            raise Stopped

    async def pause(self, seconds: float) -> None:
        """Wait before trying again; once the load stops, end the journey instead."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.load.stop.wait(), seconds)
        if self.load.stopping:
            raise Stopped

    async def request(
        self,
        step: str,
        method: str,
        url: str,
        *,
        ok: Callable[[httpx.Response], bool] = lambda r: r.status_code == 200,
        tolerate: Callable[[httpx.Response], str | None] = lambda r: None,
        **kwargs,
    ) -> tuple[httpx.Response | None, str]:
        """Send one request and record it; the answer and "ok", "tolerated" or "error"."""
        started = time.monotonic()
        try:
            response = await self.client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self.load.samples.append(
                Sample(step, started, time.monotonic(), None, exc.__class__.__name__)
            )
            return None, "error"
        ended = time.monotonic()
        status = response.status_code
        if ok(response):
            self.load.samples.append(Sample(step, started, ended, status, None))
            return response, "ok"
        if why := tolerate(response):
            self.load.samples.append(Sample(step, started, ended, status, None, why))
            self.load.tolerated[why] += 1
            return response, "tolerated"
        location = response.headers.get("location", "")
        if status in (301, 302) and "/accounts/login/" in location:
            error = f"HTTP {status} to the sign-in page"
        else:
            error = f"HTTP {status}"
        self.load.samples.append(Sample(step, started, ended, status, error))
        return response, "error"

    async def sign_in(self) -> bool:
        page, outcome = await self.request("sign_in", "GET", "/accounts/login/")
        token = CSRF.search(page.text) if outcome == "ok" else None
        if token is None:
            return False
        _, outcome = await self.request(
            "sign_in",
            "POST",
            "/accounts/login/",
            data={
                "username": self.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": f"{self.load.site.base}/accounts/login/"},
            ok=lambda r: r.status_code == 302 and "sessionid" in r.cookies,
        )
        return outcome == "ok"

    async def journey(self) -> None:
        raise NotImplementedError

    async def live(self) -> None:
        await asyncio.sleep(self.rng.uniform(0, sum(self.load.think) / 2))  # staggered
        try:
            await self.journey()
        except Stopped:
            pass
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log(f"warning: {self.email}'s journey stopped: {exc.__class__.__name__}: {exc}")


class Manager(Person):
    def __init__(self, load: Load, spec: dict, index: int):
        super().__init__(load, spec["email"])
        self.index = index
        self.role = spec["role"]
        self.focus = [str(pk) for pk in spec["focus"]]
        self.loops = spec["loops"]
        self.rooms: list[Room] = []
        self.built = 0

    async def journey(self) -> None:
        while not self.load.stopping:
            await self.facilitate()
            await self.build_loop()
            if self.load.stopping:
                break
            await self.facilitate()
            if self.loops:
                await self.think()
                await self.request(
                    "preread", "GET", f"/loops/{self.rng.choice(self.loops)}/preread/"
                )
            await self.think()

    async def build_loop(self) -> None:
        url = f"/roles/{self.role}/candidates/new/"
        page, outcome = await self.request("candidate_form", "GET", url)
        token = CSRF.search(page.text) if outcome == "ok" else None
        if token is None:
            return
        self.built += 1
        name = f"Soak Candidate M{self.index:03d}-{self.built:03d}"
        await self.think()
        # Not sent again after an error: a new candidate is not idempotent.
        answer, outcome = await self.request(
            "candidate_create",
            "POST",
            url,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "name": name,
                "email": f"m{self.index}.{self.built}@candidates.example",
                "links": "",
                "recruiter_screen": "passed",
                "technical_screen": "",
            },
            ok=lambda r: r.status_code == 302 and LOOP_URL.match(r.headers.get("location", "")),
        )
        if outcome != "ok":
            return
        self.load.candidates.append(name)
        loop = int(LOOP_URL.match(answer.headers["location"]).group(1))
        page, outcome = await self.request("loop_page", "GET", f"/loops/{loop}/")
        token = CSRF.search(page.text) if outcome == "ok" else None
        if token is None:
            return
        headers = {"HX-Request": "true", "X-CSRFToken": token.group(1)}
        day = (datetime.now(UTC) + timedelta(days=2)).replace(hour=9, minute=0)
        people = self.rng.sample(self.load.seed["directory"], self.rng.randint(3, 5))
        for order, email in enumerate(people):
            await self.facilitate()
            if self.load.stopping:
                return
            await self.think()
            starts = day + timedelta(hours=order)
            _, outcome = await self.request(
                "slot_add",
                "POST",
                f"/loops/{loop}/slots/",
                headers=headers,
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "slot-interviewer": email,
                    "slot-closeness": "",
                    "slot-round_type": self.rng.choice(ROUNDS),
                    "slot-focus": self.rng.sample(self.focus, self.rng.randint(1, 2)),
                    "slot-starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                    "slot-ends_at": (starts + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"),
                },
            )
            if outcome == "ok":
                self.load.slot_adds.append((loop, email))
                # The page's coverage panel follows the slots (hx-trigger loop-changed).
                await self.request(
                    "coverage", "GET", f"/loops/{loop}/coverage/", headers={"HX-Request": "true"}
                )

    async def facilitate(self) -> None:
        """Reveal the second votes of each debrief once everyone has voted (or, some time
        after the voters' turns, whoever has)."""
        for room in self.rooms:
            now = time.monotonic()
            if room.revealed or now < max(room.ready_at, room.next_check) or self.load.stopping:
                continue
            room.next_check = now + 5  # the page shows who has voted: no need to reload often
            url = f"/loops/{room.loop}/debrief/"
            page, outcome = await self.request("debrief_page", "GET", url)
            if outcome != "ok":
                continue
            if "data-revealed" in page.text:
                room.revealed = True
                continue
            counted = VOTED.search(page.text)
            token = CSRF.search(page.text)
            if not counted or not token:
                continue
            voted, voters = int(counted.group(1)), int(counted.group(2))
            late = time.monotonic() > room.ready_at + 10
            if not voted or (voted < voters and not late):
                continue
            await self.think()
            _, outcome = await self.request(
                "reveal",
                "POST",
                f"{url}reveal/",
                headers={"HX-Request": "true", "X-CSRFToken": token.group(1)},
                data={"csrfmiddlewaretoken": token.group(1)},
                ok=lambda r: r.status_code == 204,
            )
            if outcome == "ok":
                room.revealed = True
                self.load.reveals.add(room.loop)


class Interviewer(Person):
    def __init__(self, load: Load, spec: dict):
        super().__init__(load, spec["email"])
        self.notes = [tuple(pair) for pair in spec["notes"]]
        self.seats: list[Seat] = []

    def seat_due(self) -> bool:
        return bool(self.seats) and time.monotonic() >= self.seats[0].at

    async def journey(self) -> None:
        self.seats.sort(key=lambda seat: seat.at)
        while not self.load.stopping:
            if self.seat_due():
                seat = self.seats.pop(0)
                if not await self.second_vote(seat):
                    seat.at = time.monotonic() + 5
                    self.seats.append(seat)
                    self.seats.sort(key=lambda s: s.at)
            elif self.notes:
                slot, loop = self.notes[0]
                if await self.write_note(slot, loop):
                    self.notes.pop(0)
                    if self.rng.random() < 0.5 and not self.load.stopping:
                        await self.think()
                        await self.request("my_interviews", "GET", "/my/interviews/")
            else:
                await self.request("my_interviews", "GET", "/my/interviews/")
            await self.think()

    async def note_page(self, slot: int) -> tuple[str, int] | bool | None:
        """The note's CSRF token and version; True when it is submitted; None on error."""
        page, outcome = await self.request("note_page", "GET", f"/slots/{slot}/note/")
        if outcome != "ok":
            return None
        if 'id="note-form"' not in page.text:
            return True
        token, version = CSRF.search(page.text), VERSION.search(page.text)
        if not token or not version:
            return None
        return token.group(1), int(version.group(1))

    async def write_note(self, slot: int, loop: int) -> bool:
        """Open the note, type and autosave, submit; whether the note is done."""
        opened = await self.note_page(slot)
        if opened is True or opened is None:
            return bool(opened)
        token, version = opened
        draft = self.load.drafts.setdefault(slot, Draft())
        for _ in range(self.rng.randint(3, 7)):
            await self.think()
            if self.load.stopping or self.seat_due():
                return False  # the draft is saved: back to it later
            words = self.rng.choice(NOTE_WORDS)
            previous = draft.texts[-1] if draft.texts else f"Note by {self.email} on slot {slot}:"
            draft.texts.append(f"{previous} {words} ({len(draft.texts) + 1}).")
            version = await self.autosave(slot, token, version, draft)
            if version is None:
                return False
        await self.think()
        return await self.submit(slot, loop, token, draft)

    async def autosave(self, slot: int, token: str, version: int, draft: Draft) -> int | None:
        """Save the latest text as note.js does (retrying after a network error or a 5xx);
        the version to build on next, or None to leave the note for now."""
        index = len(draft.texts) - 1
        data = {
            "csrfmiddlewaretoken": token,
            "version": str(version),
            "rating-dimension:correctness": "yes",
            "rating-dimension:ownership": self.rng.choice(VOTES),
            "flag-colour": "yellow",
            "flag-text": "Quiet at first",
            "flag-intent": "completeness",
            "story-title": "The payments outage",
            "story-setup": "A ledger that drifted",
            "story-actions": "Rebuilt the reconciliation",
            "story-outcome": "No drift since",
            "story-conclusion": "Owns outcomes",
            "text": draft.texts[index],
        }
        headers = {"Accept": "application/json", "X-CSRFToken": token}
        unanswered = False  # an earlier try may have been saved without its answer

        def conflict(response: httpx.Response) -> str | None:
            if unanswered and response.status_code == 409 and "another tab" in response.text:
                return "autosave conflict after a try that got no answer"
            return None

        delay = 2.0
        while True:
            answer, outcome = await self.request(
                "autosave",
                "POST",
                f"/slots/{slot}/note/autosave/",
                data=data,
                headers=headers,
                tolerate=conflict,
            )
            if outcome == "ok":
                draft.acked = index
                return int(answer.json()["version"])
            if outcome == "tolerated":
                # That try was saved: carry on from the version the server holds.
                opened = await self.note_page(slot)
                return opened[1] if isinstance(opened, tuple) else None
            if answer is not None and answer.status_code < 500:
                return None  # refused: the browser would say why and keep the copy
            if self.load.stopping:
                return None
            unanswered = True
            await self.pause(delay)
            delay = min(delay * 2, 8.0)

    async def submit(self, slot: int, loop: int, token: str, draft: Draft) -> bool:
        unanswered = False

        def refused_after_retry(response: httpx.Response) -> str | None:
            location = response.headers.get("location", "")
            if unanswered and response.status_code == 302 and location.endswith("/note/"):
                return "submission refused after a try that got no answer"
            return None

        for _ in range(4):
            answer, outcome = await self.request(
                "note_submit",
                "POST",
                f"/slots/{slot}/note/submit/",
                data={"csrfmiddlewaretoken": token},
                ok=lambda r: (
                    r.status_code == 302 and NOTES_URL.match(r.headers.get("location", ""))
                ),
                tolerate=refused_after_retry,
            )
            if outcome == "ok":
                draft.submitted = True
                await self.think()
                await self.request("loop_notes", "GET", f"/loops/{loop}/notes/")
                return True
            if outcome == "tolerated":
                return True  # the page will say whether it is submitted
            if answer is not None and answer.status_code < 500:
                return False
            if self.load.stopping:
                return False
            unanswered = True
            await self.pause(2.0)
        return False

    async def second_vote(self, seat: Seat) -> bool:
        """Cast a second vote, and maybe change it; False to come back to it later."""
        url = f"/loops/{seat.loop}/debrief/"
        page, outcome = await self.request("debrief_page", "GET", url)
        if outcome != "ok":
            return False
        token = CSRF.search(page.text)
        if 'id="my-vote"' not in page.text or token is None:
            return True  # revealed already
        headers = {"HX-Request": "true", "X-CSRFToken": token.group(1)}
        ballot = self.load.ballots.setdefault((seat.loop, self.email), Ballot())

        def closed(response: httpx.Response) -> str | None:
            if response.status_code == 422 and "are revealed" in response.text:
                return "second vote after the reveal"
            return None

        for change in range(1 + (self.rng.random() < 0.5)):
            if change:
                await self.think()  # a second thought
            else:
                await self.pause(self.rng.uniform(0.5, 2.0))  # they came to vote
            vote = self.rng.choice(VOTES)
            ballot.sent.append(vote)
            data = {
                "csrfmiddlewaretoken": token.group(1),
                "vote": vote,
                "why_moved": "The discussion of the outage story" if vote != "yes" else "",
            }
            if vote == Vote.STRONG_NO:
                data["tie_choice"] = Tie.NONE
            for _ in range(3):  # casting the same vote again is harmless
                answer, outcome = await self.request(
                    "second_vote",
                    "POST",
                    f"{url}vote/",
                    data=data,
                    headers=headers,
                    tolerate=closed,
                )
                if outcome == "ok":
                    ballot.acked = len(ballot.sent) - 1
                    break
                if outcome == "tolerated":
                    return True
                if (answer is not None and answer.status_code < 500) or self.load.stopping:
                    return True
                await self.pause(2.0)
        return True


class Prober:
    """Fresh connections (no keep-alive) to /healthz and a signed-in page."""

    def __init__(self, load: Load, session: str):
        self.load = load
        self.client = load.client(max_keepalive_connections=0)
        self.client.cookies.set("sessionid", session)
        self.seen: list[str] = []  # what each probe met, since the last fault

    async def web_ok(self) -> str | None:
        """None when both answer 200; otherwise what went wrong."""
        for url in ("/healthz", "/my/interviews/"):
            started = time.monotonic()
            try:
                answer = await self.client.get(url, timeout=PROBE_TIMEOUT_S)
            except httpx.HTTPError as exc:
                took = time.monotonic() - started
                self.seen.append(
                    f"{self.load.at(started)} {url} {exc.__class__.__name__} {took:.1f} s"
                )
                return f"{url}: {exc.__class__.__name__} after {took:.1f} s"
            took = time.monotonic() - started
            self.seen.append(f"{self.load.at(started)} {url} {answer.status_code} {took:.1f} s")
            if answer.status_code != 200:
                return f"{url}: HTTP {answer.status_code} {answer.text[:80]!r}"
        return None

    async def until_ok(self, worker: str | None) -> tuple[float | None, Counter]:
        """When the web answers (and ``worker`` answers a ping), or None if not in time;
        and what the probes that failed met."""
        self.seen = []
        failures: Counter = Counter()
        deadline = time.monotonic() + RECOVERY_TIMEOUT_S
        while time.monotonic() < deadline:
            problem = await self.web_ok()
            pinged = problem is None and worker is not None
            if pinged and not await asyncio.to_thread(celery_ping, self.load.site.broker, worker):
                problem = f"no ping answer from {worker}"
            if problem is None:
                return time.monotonic(), failures
            failures[problem] += 1
            await asyncio.sleep(PROBE_INTERVAL_S)
        return None, failures


# --- the faults -------------------------------------------------------------------------


def kill_web_worker(site: Site, fault: Fault) -> None:
    before = site.web_workers()
    if not before:
        raise BenchError("uvicorn has no worker to kill.")
    victim = min(before)
    fault.started = time.monotonic()
    ready = site.server.tail(10_000).count(UVICORN_READY)
    os.kill(victim, signal.SIGKILL)
    if wait_until(lambda: bool(site.web_workers() - before), 30, 0.05):
        spawned = time.monotonic()
        new = min(site.web_workers() - before)
        # Back once the new worker has started its application.
        wait_until(lambda: site.server.tail(10_000).count(UVICORN_READY) > ready, 60, 0.05)
        fault.back = time.monotonic()
        fault.what = (
            f"SIGKILL uvicorn worker {victim}; uvicorn started worker {new}"
            f" {spawned - fault.started:.1f} s later, serving after {fault.back - spawned:.1f} s"
        )
        return
    # Older uvicorns do not replace a dead worker: restart the server as a supervisor would.
    log("uvicorn did not replace its dead worker within 30 s: restarting the server.")
    site.server.stop()
    site.start_server()
    site.server_ready()
    fault.back = time.monotonic()
    fault.what = f"SIGKILL uvicorn worker {victim}; not replaced, so the server was restarted"


def kill_celery_worker(site: Site, fault: Fault) -> None:
    old = site.worker
    fault.started = time.monotonic()
    os.killpg(old.proc.pid, signal.SIGKILL)
    old.stop()  # reaps them
    site.start_worker()
    spawned = time.monotonic()
    site.worker_ready()  # back once the new worker says it is ready
    fault.back = time.monotonic()
    fault.what = (
        f"SIGKILL celery worker {old.proc.pid} and its pool; started {site.worker_name},"
        f" ready {fault.back - spawned:.1f} s later"
    )


def restart_redis(site: Site, fault: Fault) -> None:
    fault.started = time.monotonic()
    site.redis.stop()
    site.redis.start()
    fault.back = time.monotonic()
    fault.what = f"stopped Redis (SIGTERM), started it again on port {site.redis.port}"


def restart_postgres(site: Site, fault: Fault) -> None:
    fault.started = time.monotonic()
    site.postgres.stop("fast")
    site.postgres.start()
    fault.back = time.monotonic()
    fault.what = "pg_ctl stop -m fast, then started again"


FAULTS = (
    ("uvicorn_worker", None, kill_web_worker, False),
    ("celery_worker", "f2", kill_celery_worker, True),
    ("redis", "f3", restart_redis, True),
    ("postgres", "f4", restart_postgres, False),
)


# --- the run ----------------------------------------------------------------------------


def schedule_reminders(site: Site, batch: dict, due: datetime) -> None:
    """Set the times of a batch's quiet interviews (and debriefs) so that its reminders
    fall due at ``due``: the initial vote 5 minutes after the interview, the full note an
    hour after, the note before the debrief and the manager's digest 15 minutes before it."""
    before_due = {"initial": 5, "full": 60, "debrief": 20}  # minutes from the end to `due`
    with psycopg.connect(site.postgres.url, connect_timeout=5) as conn:
        for kind, minutes in before_due.items():
            ends = due - timedelta(minutes=minutes)
            conn.execute(
                "UPDATE loops_slot SET starts_at = %s, ends_at = %s WHERE id = ANY(%s)",
                (ends - timedelta(minutes=45), ends, batch[kind]),
            )
        conn.execute(
            "UPDATE loops_loop SET debrief_at = %s WHERE id = ANY(%s)",
            (due + timedelta(minutes=15), batch["debrief_loops"]),
        )


async def sign_in_everyone(load: Load, people: list[Person], through_form: int) -> None:
    """The first ``through_form`` people sign in through the form, the rest take the
    session the seed made for them."""
    sessions = load.seed["sessions"]
    gate = asyncio.Semaphore(SIGN_IN_CONCURRENCY)
    failed = []

    async def one(person: Person) -> None:
        async with gate:
            if not await person.sign_in():
                failed.append(person.email)

    ordered = people[:]
    random.Random(7).shuffle(ordered)
    form = ordered[:through_form]
    for person in ordered[through_form:]:
        person.client.cookies.set("sessionid", sessions[person.email])
    started = time.monotonic()
    await asyncio.gather(*(one(person) for person in form))
    log(
        f"{len(form)} people signed in through the form in {time.monotonic() - started:.1f} s"
        f" ({len(people) - len(form)} with a session from the seed)."
    )
    if failed:
        log(
            f"warning: {len(failed)} sign-ins failed, e.g. {failed[0]};"
            " they use the seed's session."
        )
        for email in failed:
            person = next(p for p in people if p.email == email)
            person.client.cookies.set("sessionid", sessions[email])


async def drive_faults(load: Load, prober: Prober, faults: list[Fault]) -> None:
    site = load.site
    last_end = load.started
    for index, (fault, (_, _, inject, ping)) in enumerate(zip(faults, FAULTS, strict=True), 1):
        planned = load.started + index * load.duration / 5
        await asyncio.sleep(max(0.0, max(planned, last_end + GAP_S) - time.monotonic()))
        if fault.batch:
            due = datetime.now(UTC) - timedelta(seconds=1)
            batch = load.seed["batches"][fault.batch]
            await asyncio.to_thread(schedule_reminders, site, batch, due)
            await asyncio.to_thread(send_task, site.broker, "loops.tasks.plan_reminders_task", 55)
            await asyncio.sleep(1.5)  # its sends under way
        log(f"[{load.at(time.monotonic())}] fault {fault.name}...")
        try:
            await asyncio.to_thread(inject, site, fault)
        except BenchError as exc:
            fault.what = f"failed: {exc}"
            log(f"fault {fault.name} failed: {exc}")
            fault.back = time.monotonic()
        try:
            fault.recovered, failures = await prober.until_ok(site.worker_name if ping else None)
        except asyncio.CancelledError:
            log(
                f"[{load.at(time.monotonic())}] {fault.name}: not served again when the load"
                " ended; probes (sent at, page, answer, time taken): "
                + "; ".join(prober.seen[:PROBES_SHOWN])
            )
            raise
        if failures:
            fault.what += "; failed probes: " + ", ".join(
                f"{n} x {problem}" for problem, n in failures.most_common(4)
            )
        last_end = fault.window_end
        recovered = load.at(fault.recovered) if fault.recovered else "never"
        log(
            f"[{load.at(time.monotonic())}] {fault.name}: {fault.what}; down"
            f" {fault.back - fault.started:.1f} s, probes answered at {recovered}"
            f" (recovery {fault.recovery_s:.2f} s)"
        )
        log(
            "    probes (sent at, page, answer, time taken): "
            + "; ".join(prober.seen[:PROBES_SHOWN])
        )


async def run_load(load: Load, args) -> list[Fault]:
    seed = load.seed
    managers = [Manager(load, spec, i) for i, spec in enumerate(seed["managers"])]
    interviewers = [Interviewer(load, spec) for spec in seed["interviewers"]]
    people: list[Person] = [*managers, *interviewers]
    prober = Prober(load, seed["sessions"][seed["prober"]])
    faults = [Fault(name, batch) for name, batch, _, _ in FAULTS]
    try:
        through_form = args.form_sign_ins
        if through_form is None:
            through_form = len(people) if args.duration >= 120 else SHORT_FORM_SIGN_INS
        log(f"Signing in {len(people)} people...")
        await sign_in_everyone(load, people, min(through_form, len(people)))
        if problem := await prober.web_ok():
            raise BenchError(f"the site does not answer its probes before the load: {problem}")

        load.started = time.monotonic() + 1
        start_wall = datetime.now(UTC) + timedelta(seconds=1)
        # The last batch falls due near the end; each other one just before its fault.
        late = start_wall + timedelta(seconds=0.9 * load.duration)
        schedule_reminders(load.site, seed["batches"]["late"], late)
        by_email = {person.email: person for person in interviewers}
        rng = random.Random(11)
        for manager, spec in zip(managers, seed["managers"], strict=True):
            for room in spec["debriefs"]:
                turns = [
                    load.started + rng.uniform(0.05, 0.4) * load.duration for _ in room["voters"]
                ]
                for email, at in zip(room["voters"], turns, strict=True):
                    by_email[email].seats.append(Seat(room["loop"], at))
                manager.rooms.append(Room(room["loop"], max(turns) + 2))
        await asyncio.sleep(max(0.0, load.started - time.monotonic()))
        log(
            f"Load: {len(people)} people for {load.duration:.0f} s, with the faults, from"
            f" {time.strftime('%H:%M:%S')} (the logs' clock)..."
        )
        load.cpu.append(cpu_now())
        load.processes.append(cpu_by_process())
        tasks = [asyncio.create_task(person.live()) for person in people]
        driver = asyncio.create_task(drive_faults(load, prober, faults))
        end = load.started + load.duration
        await asyncio.sleep(max(0.0, end - time.monotonic()))
        if not driver.done():
            log("The faults are not over: the load goes on until they are.")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(driver), MAX_OVERRUN_S)
        if not driver.done():
            driver.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await driver
        load.stopping = True
        load.stop.set()
        load.ended = time.monotonic()
        load.cpu.append(cpu_now())
        load.processes.append(cpu_by_process())
        log(f"Load stopped at {load.at(load.ended)}; letting the last requests finish...")
        _, pending = await asyncio.wait(tasks, timeout=REQUEST_TIMEOUT_S + 10)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    finally:
        await asyncio.gather(*(person.close() for person in people), return_exceptions=True)
        await prober.client.aclose()
    return faults


def reminder_states(site: Site) -> tuple:
    with psycopg.connect(site.postgres.url, connect_timeout=5) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM loops_reminder GROUP BY status ORDER BY status"
        ).fetchall()
    return tuple(rows)


def wait_quiet(site: Site, what: str) -> None:
    """Until neither the reminders' states nor the inbox have moved for QUIET_FOR_S."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        try:
            states = reminder_states(site)
        except psycopg.Error:
            states = ("unreadable",)
        now = (len(site.inbox.received), states)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= QUIET_FOR_S:
            log(f"Quiet after {what}: {len(site.inbox.received)} emails, reminders {dict(states)}.")
            return
        time.sleep(0.5)
    log(f"warning: still busy {SETTLE_TIMEOUT_S:.0f} s after {what}: {last}")


def settle(site: Site, load: Load, faults: list[Fault]) -> None:
    """Let the reminders that fell due go out, the load stopped.

    Beat sends the planner's task every minute and the sweep's every 5 minutes (not
    configurable), so instead of waiting for them the script sends each once, the
    message beat would send: the planner for the reminders that fell due since its last
    run, then, once a claim left by a fault is old enough to count as stuck, the sweep
    for the reminders whose message a fault lost.
    """
    log("Sending the planner's task once, as beat does every minute...")
    send_task(site.broker, "loops.tasks.plan_reminders_task", 55)
    time.sleep(1)
    wait_quiet(site, "the planner")
    last = max([fault.window_end for fault in faults] + [load.ended])
    time.sleep(max(0.0, last + 2 * SEND_TIME_LIMIT_S + 1 - time.monotonic()))
    log("Sending the sweep's task once, as beat does every 5 minutes...")
    send_task(site.broker, "loops.tasks.sweep_reminders_task", 290)
    time.sleep(1)
    wait_quiet(site, "the sweep")
    time.sleep(1)  # a late copy would arrive now


# --- the integrity check ----------------------------------------------------------------


def check_integrity(site: Site, load: Load, worker_killed: float | None) -> dict:
    """What was lost and doubled; ``worker_killed`` is when the Celery worker got its
    SIGKILL (monotonic), for the one doubling the design accepts (see KILL_WINDOW_S)."""
    lost: Counter = Counter()
    doubled: Counter = Counter()
    in_kill_window: list[str] = []
    details: list[str] = []
    seed = load.seed
    with psycopg.connect(site.postgres.url) as conn:
        drafts = {slot: draft for slot, draft in load.drafts.items() if draft.acked >= 0}
        rows = conn.execute(
            "SELECT slot_id, count(*), max(text), bool_or(submitted_at IS NOT NULL)"
            " FROM loops_note WHERE slot_id = ANY(%s) GROUP BY slot_id",
            (list(load.drafts),),
        ).fetchall()
        stored = {slot: (count, text, submitted) for slot, count, text, submitted in rows}
        for slot, draft in load.drafts.items():
            count, text, submitted = stored.get(slot, (0, None, False))
            if count > 1:
                doubled["notes"] += count - 1
                details.append(f"slot {slot} has {count} notes")
            if draft.acked >= 0 and text not in draft.texts[draft.acked :]:
                lost["drafts"] += 1
                details.append(
                    f"slot {slot}: the acknowledged draft #{draft.acked + 1} is not stored"
                    f" (stored: {text!r:.80})"
                )
            if draft.submitted and not submitted:
                lost["submissions"] += 1
                details.append(f"slot {slot}: its acknowledged submission is not stored")

        rows = conn.execute(
            "SELECT d.loop_id, p.email, v.vote FROM loops_secondvote v"
            " JOIN loops_debrief d ON d.id = v.debrief_id"
            " JOIN loops_person p ON p.id = v.voter_id"
        ).fetchall()
        votes: dict[tuple[int, str], list[str]] = {}
        for loop, email, vote in rows:
            votes.setdefault((loop, email), []).append(vote)
        ballots = {key: b for key, b in load.ballots.items() if b.acked >= 0}
        for key, ballot in ballots.items():
            found = votes.get(key, [])
            if len(found) > 1:
                doubled["second_votes"] += len(found) - 1
            if not found or found[0] not in ballot.sent[ballot.acked :]:
                lost["second_votes"] += 1
                details.append(f"debrief of loop {key[0]}, {key[1]}: acknowledged vote not stored")
        revealed = {
            loop
            for (loop,) in conn.execute(
                "SELECT loop_id FROM loops_debrief WHERE revealed_at IS NOT NULL"
            ).fetchall()
        }
        lost["reveals"] += len(load.reveals - revealed)

        counts = dict(
            conn.execute(
                "SELECT name, count(*) FROM loops_candidate WHERE name = ANY(%s) GROUP BY name",
                (load.candidates,),
            ).fetchall()
        )
        for name in load.candidates:
            n = counts.get(name, 0)
            lost["candidates"] += n == 0
            doubled["candidates"] += max(0, n - 1)
        added = Counter(
            conn.execute(
                "SELECT s.loop_id, p.email FROM loops_slot s"
                " JOIN loops_person p ON p.id = s.interviewer_id WHERE s.loop_id = ANY(%s)",
                (sorted({loop for loop, _ in load.slot_adds}),),
            ).fetchall()
        )
        for key in load.slot_adds:
            lost["slots"] += added[key] == 0

        reminders = conn.execute(
            "SELECT id, kind, slot_id, loop_id, status, attempts, last_error, created_at,"
            " claimed_at, sent_at FROM loops_reminder"
        ).fetchall()

    owed = shell_json(site.env, OWED_CODE)["owed"]
    killed_wall = None if worker_killed is None else worker_killed + load.wall_offset
    arrivals: dict[str, list[float]] = {}
    for mid, at in list(site.inbox.received):
        arrivals.setdefault(mid, []).append(at)
    received = Counter({mid: len(times) for mid, times in arrivals.items()})
    by_key = {}
    for pk, kind, slot, loop, status, attempts, error, *times in reminders:
        by_key.setdefault((slot, loop if slot is None else None, kind), []).append(
            (pk, status, attempts, error, times)
        )

    def story(pk: int, times: list) -> str:
        """When the row was made, last claimed and marked sent, and each copy arrived."""
        made, claimed, sent = (load.at_wall(t.timestamp()) if t else "-" for t in times)
        copies = ", ".join(load.at_wall(t) for t in arrivals.get(f"<reminder-{pk}@debrief>", []))
        return (
            f"made {made}, last claimed {claimed}, marked sent {sent}; arrived {copies or 'never'}"
        )

    kind_of = {"initial": "initial_vote", "full": "full_note", "debrief": "before_debrief"}
    expected = set()
    for batch in seed["batches"].values():
        for short, kind in kind_of.items():
            expected |= {(slot, None, kind) for slot in batch[short]}
        expected |= {(None, loop, "manager_digest") for loop in batch["debrief_loops"]}
    missing = expected - set(by_key)
    owed_keys = {(slot, loop if slot is None else None, kind) for slot, loop, kind in owed} - set(
        by_key
    )
    lost["reminders_never_made"] += len(missing | owed_keys)
    for key in sorted(missing | owed_keys, key=str)[:5]:
        details.append(f"reminder {key} fell due but has no row")
    known = set()
    statuses: Counter = Counter()
    not_marked = 0
    for key, rows in by_key.items():
        if len(rows) > 1:
            doubled["reminder_rows"] += len(rows) - 1
        for pk, status, attempts, error, times in rows:
            mid = f"<reminder-{pk}@debrief>"
            known.add(mid)
            statuses[status] += 1
            arrived = received.get(mid, 0)
            if arrived > 1:
                copies = sorted(arrivals[mid])
                line = (
                    f"reminder {pk} ({key[2]}) arrived {arrived} times: {status} after"
                    f" {attempts} claims, last error {error!r}; {story(pk, times)}"
                )
                if (
                    killed_wall is not None
                    and arrived == 2
                    and (killed_wall - KILL_WINDOW_S <= copies[0] <= killed_wall < copies[1])
                ):
                    in_kill_window.append(line)
                else:
                    doubled["reminders"] += arrived - 1
                    details.append(line)
            if status == "skipped" and key not in expected:
                continue  # no longer wanted when it was to go out (none expected here)
            if arrived == 0:
                lost["reminders"] += 1
                details.append(
                    f"reminder {pk} ({key[2]}) never arrived: {status} after {attempts}"
                    f" claims, last error {error!r}; {story(pk, times)}"
                )
            elif status != "sent":
                not_marked += 1
    stray = sum(n for mid, n in received.items() if mid not in known)
    doubled["unknown_emails"] += stray
    return {
        "lost": lost,
        "doubled": doubled,
        "in_kill_window": in_kill_window,
        "details": details,
        "reminders_due": len(expected),
        "reminder_rows": sum(statuses.values()),
        "statuses": statuses,
        "emails": sum(received.values()),
        "not_marked": not_marked,
        "drafts": len(drafts),
        "submissions": sum(d.submitted for d in load.drafts.values()),
        "ballots": len(ballots),
        "reveals": len(load.reveals),
    }


# --- the report -------------------------------------------------------------------------


def report(load: Load, faults: list[Fault], checked: dict, prefix: str = "") -> int:
    """Print the figures (each name after ``prefix``); 1 when a limit was broken."""

    def figure(name: str, *args) -> None:
        run_figure(prefix + name, *args)

    samples = load.samples
    in_window = {}
    for sample in samples:
        for fault in reversed(faults):
            if sample.started <= fault.window_end and sample.ended >= fault.started:
                in_window[id(sample)] = fault.name
                break
    errors = [s for s in samples if s.error]
    load_errors = [s for s in errors if id(s) not in in_window]
    during = [s for s in samples if s.started >= load.started]

    figure("soak_people", len(load.seed["managers"]) + len(load.seed["interviewers"]), "people", 0)
    figure("soak_duration_s", load.ended - load.started, "s")
    figure(
        "requests_served",
        sum(s.status is not None and s.status < 500 for s in samples),
        "requests",
        0,
    )
    for step in STEPS:
        chosen = samples if step == "sign_in" else during
        times = [s.ended - s.started for s in chosen if s.step == step and not s.error]
        if times:
            figure(f"p50_ms_{step}", p_ms(times, 0.5), "ms")
            figure(f"p95_ms_{step}", p_ms(times, 0.95), "ms")
    figure("load_errors", len(load_errors), "errors", 0)
    for fault in faults:
        figure(
            f"fault_{fault.name}_user_errors",
            sum(in_window.get(id(s)) == fault.name for s in errors),
            "errors",
            0,
        )
        figure(f"recovery_s_{fault.name}", fault.recovery_s, "s", 2)
        figure(f"down_s_{fault.name}", fault.back - fault.started, "s", 2)
    lost = sum(checked["lost"].values())
    doubled = sum(checked["doubled"].values())
    figure("fault_lost_items", lost, "items", 0)
    figure("fault_doubled_items", doubled, "items", 0)
    figure("fault_doubled_in_kill_window", len(checked["in_kill_window"]), "items", 0)
    worst = max(fault.recovery_s for fault in faults)
    figure("recovery_s_max", worst, "s", 2)
    figure("acknowledged_drafts", checked["drafts"], "notes", 0)
    figure("acknowledged_second_votes", checked["ballots"], "votes", 0)
    figure("reminders_due", checked["reminders_due"], "reminders", 0)
    figure("reminder_emails_received", checked["emails"], "emails", 0)

    log("")
    log("What each fault did to users (errors in its window, by kind):")
    for fault in faults:
        mine = [s for s in errors if in_window.get(id(s)) == fault.name]
        kinds, steps = Counter(s.error for s in mine), Counter(s.step for s in mine)
        after_back = sum(s.ended > fault.back for s in mine)
        after_recovery = sum(
            fault.recovered is not None and s.started > fault.recovered for s in mine
        )
        log(
            f"  {fault.name}: {fault.what}. Started {load.at(fault.started)}, back"
            f" {load.at(fault.back)}, probes 200 at"
            f" {load.at(fault.recovered) if fault.recovered else 'never'}."
        )
        log(
            f"    errors: {dict(kinds) or 'none'}; by step: {dict(steps) or '-'};"
            f" answered after the service was back: {after_back}, sent after the"
            f" recovery: {after_recovery}"
        )
    if load_errors:
        log(f"Errors outside the fault windows ({len(load_errors)}):")
        for s in load_errors[:20]:
            log(f"  {load.at(s.started)} {s.step}: {s.error}")
    if load.tolerated:
        log(f"Answers handled as expected: {dict(load.tolerated)}")
    (wall0, own0, busy0), (wall1, own1, busy1) = load.cpu
    cores = os.cpu_count() or 1
    log(
        f"CPU during the load: the machine {100 * (busy1 - busy0) / (wall1 - wall0) / cores:.0f} %"
        f" busy on {cores} cores, this load generator {own1 - own0:.1f} s of CPU"
        f" over {wall1 - wall0:.0f} s ({len(during)} requests,"
        f" {len(during) / (wall1 - wall0):.1f} a second)."
    )
    log(f"CPU by process: {cpu_shares(*load.processes)}.")
    log(
        f"Acknowledged: {checked['drafts']} notes' drafts, {checked['submissions']} submissions,"
        f" {checked['ballots']} second votes, {checked['reveals']} reveals,"
        f" {len(load.candidates)} new candidates, {len(load.slot_adds)} slots."
    )
    log(
        f"Reminders: {checked['reminders_due']} designed to fall due, {checked['reminder_rows']}"
        f" rows {dict(checked['statuses'])}, {checked['emails']} emails received,"
        f" {checked['not_marked']} received but not marked sent."
    )
    ticks = load.site.planner_ticks()
    redis = next(fault for fault in faults if fault.name == "redis")
    log(
        f"Beat sent the planner at {', '.join(load.at_wall(at) for at in ticks) or 'no time'}"
        f" ({sum(at - load.wall_offset > redis.back for at in ticks)} after Redis came back)."
    )
    if lost or doubled:
        log(f"Lost: {dict(+checked['lost'])}; doubled: {dict(+checked['doubled'])}")
        for line in checked["details"][:20]:
            log(f"  {line}")
    if checked["in_kill_window"]:
        log(
            "Sent twice because the Celery worker was killed after the SMTP server had taken"
            " the message and before its row was marked sent (the same Message-ID both times,"
            " for the receiving side to drop; not counted as doubled):"
        )
        for line in checked["in_kill_window"]:
            log(f"  {line}")
    failed = []
    if load_errors:
        failed.append(f"{len(load_errors)} errors outside the fault windows")
    if lost or doubled:
        failed.append(f"{lost} items lost and {doubled} doubled")
    if len(checked["in_kill_window"]) > WORKER_PROCESSES:
        failed.append(
            f"{len(checked['in_kill_window'])} reminders sent twice around the kill of"
            f" {WORKER_PROCESSES} pool processes"
        )
    if worst > RECOVERY_LIMIT_S:
        failed.append(f"a recovery took {worst:.1f} s (over {RECOVERY_LIMIT_S:.0f} s)")
    if failed:
        log("soak failed: " + "; ".join(failed) + ".")
        return 1
    return 0


def think_range(text: str) -> tuple[float, float]:
    try:
        low, high = (float(part) for part in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError("say LOW-HIGH, e.g. 2-8") from None
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError("LOW must be at least 0 and at most HIGH")
    return low, high


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=120, help="seconds of load")
    parser.add_argument("--people", type=int, default=200, help="simulated people")
    parser.add_argument(
        "--form-sign-ins",
        type=int,
        default=None,
        help=f"people who sign in through the form (default: everyone from 120 s of"
        f" load on, {SHORT_FORM_SIGN_INS} below)",
    )
    parser.add_argument(
        "--think",
        type=think_range,
        default=THINK_S,
        help=f"seconds between a person's steps, LOW-HIGH (default {THINK_S[0]:g}-{THINK_S[1]:g})",
    )
    parser.add_argument(
        "--busy",
        action="store_true",
        help="keep every core busy with other processes for the whole run, as on a shared machine",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args()
    if args.people < 2 * MANAGER_SHARE or args.duration < 20:
        parser.error("at least 20 people and 20 s of load.")

    # Celery takes CELERY_BROKER_URL from the environment before any broker it is given:
    # left set (as for the test suite), this script's pings and extra beat ticks would go
    # to that broker, not to the run's own Redis. The run's processes get theirs in Site.
    os.environ.pop("CELERY_BROKER_URL", None)
    # Stopping the run (Ctrl-C, SIGTERM) still runs the clean-ups.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    site: Site | None = None
    busy = Busy()
    atexit.register(busy.stop)
    status = 1  # until the report says otherwise
    tmp = Path(tempfile.mkdtemp(prefix="debrief-soak-"))
    try:
        with only_run():
            if args.busy:
                busy.start()
                log(f"Keeping the {len(busy.procs)} cores busy with other processes.")
            site = Site(tmp)
            atexit.register(site.stop_all)
            site.start_services()
            log("Migrating and collecting static files...")
            with ThreadPoolExecutor(1) as aside:
                static = aside.submit(manage, site.env, "collectstatic", "--noinput", "-v", "0")
                manage(site.env, "migrate", "--noinput", "-v", "0")
                static.result()
            log(f"Starting uvicorn on port {site.port}, a Celery worker and beat...")
            site.start_server()
            site.start_worker()
            site.start_beat()
            managers = max(1, args.people // MANAGER_SHARE)
            interviewers = args.people - managers
            log(f"Seeding {managers} hiring managers and {interviewers} interviewers...")
            seed = shell_json(
                site.env,
                with_constants(
                    SESSION_CODE + SEED_CODE,
                    MANAGERS=managers,
                    INTERVIEWERS=interviewers,
                    QUIET=QUIET_PEOPLE,
                    NOTES_EACH=max(3, math.ceil(args.duration / 30) + 2),
                    SLOTS_PER_LOOP=SLOTS_PER_LOOP,
                    QUIET_SLOTS_PER_LOOP=QUIET_SLOTS_PER_LOOP,
                    DEBRIEFS=max(
                        MIN_DEBRIEFS,
                        round(args.people * args.duration / PEOPLE_SECONDS_PER_DEBRIEF),
                    ),
                    VOTERS=VOTERS_PER_DEBRIEF,
                    BATCHES=BATCH_LOOPS,
                    KINDS=KINDS,
                    PASSWORD=PASSWORD,
                ),
            )
            site.server_ready()
            site.worker_ready()
            load = Load(site, seed, args.duration, args.think)
            faults = asyncio.run(run_load(load, args))
            settle(site, load, faults)
            log("Checking the database and the inbox...")
            killed = next(f.started for f in faults if f.name == "celery_worker")
            checked = check_integrity(site, load, None if math.isnan(killed) else killed)
            status = report(load, faults, checked, prefix="busy_" if args.busy else "")
    except BenchError as exc:
        log(f"soak failed: {exc}")
        status = 1
    except (psycopg.Error, httpx.HTTPError, OSError, subprocess.SubprocessError) as exc:
        log(f"soak failed: {exc.__class__.__name__}: {exc}")
        status = 1
    except KeyboardInterrupt:
        log("soak interrupted.")
        status = 130
    finally:
        busy.stop()
        if site is not None:
            log("Stopping every process the run started...")
            site.stop_all()
            atexit.unregister(site.stop_all)
        if args.keep:
            log(f"Everything the run made is in {tmp}.")
        else:
            found = list(tmp.glob("*.log"))
            if status != 0 and found:  # keep the services' logs, for the evidence
                logs = Path(tempfile.mkdtemp(prefix="debrief-soak-logs-"))
                for path in found:
                    shutil.copy2(path, logs)
                log(f"The services' logs are in {logs}.")
            shutil.rmtree(tmp, ignore_errors=True)
    log(f"Done in {time.monotonic() - started:.0f} s.")
    return status


if __name__ == "__main__":
    sys.exit(main())
