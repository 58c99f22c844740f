"""The measurements in docs/measurements.md; `make bench` runs this.

Four parts, each under a `#` heading on stdout, one figure a line as `name: value unit`
(progress and diagnostics go to stderr):

* start-up: clone the committed HEAD into a temporary folder and `make run` there as a
  new user would (embedded SQLite, filesystem broker, no service variables), timing the
  clone to the first answer of the sign-in page; then stop it and time a second start.
* web: the production server (uvicorn, 2 workers, DEBUG off) on PostgreSQL with the demo
  data, signed in as the demo hiring manager; 10 closed-loop clients hit the people
  directory, a role page and /livez in turn. wrk generates the load when it can be had,
  a Python client otherwise.
* loops: the same server on the demo enlarged to 2,000 people and 20,000 slots from the
  last 30 days in 3,000 loops. Under the same load, the coverage panel of a 6-slot loop
  (whose heavily loaded interviewers make it look for lighter people across the
  directory) beside /livez; in-process, the 30-day load query with its plan, and a
  suggested loop for an empty loop of the same role.
* reminders: the demo enlarged to 100,000 slots over two years with their notes, in
  steady state (the reminders owed already made); in-process, the planner's due query
  with its plan. Then 1,000 interviews whose initial vote fell due: one planner pass
  makes and queues their reminders, two Celery workers send them to a local aiosmtpd,
  and every Message-ID that arrives is counted (doubled, lost).

    python bench/run.py                # all four parts
    python bench/run.py --skip-clone   # the web, loops and reminders parts
    python bench/run.py --only startup # the start-up part only (or web, loops, reminders)
"""

import argparse
import asyncio
import contextlib
import fcntl
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"

BENCH_DATABASE = "debrief_bench"
DEMO_EMAIL = "maya.chen@northwind.example"
DEMO_PASSWORD = "debrief-demo"
ROLE_TITLE = "Senior Backend Engineer, Payments"
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
# What a new user's shell would not have: the services, and anything that steers
# Debrief, make or a virtualenv.
NEW_USER_UNSET = (
    *SERVICE_VARIABLES,
    "TEST_DATABASE_URL",
    "TEST_REDIS_URL",
    "TEST_BROKER_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "PORT",
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
    "VIRTUAL_ENV",
)

STARTUP_TIMEOUT = 600  # the first start builds the virtualenv
RESTART_TIMEOUT = 120
SERVER_TIMEOUT = 60
WARM_UP_REQUESTS = 200

WRK_SCRIPT = """\
-- Counts answers other than 200; reports p95 latency and throughput on one line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("not_ok")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p95_us=%.1f not_ok=%d socket_errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(95), total,
    e.connect + e.read + e.write + e.timeout))
end
"""


class BenchError(Exception):
    """A step failed; the message says which and why."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def heading(text: str) -> None:
    print(f"# {text}", flush=True)


def figure(name: str, value: float, unit: str, digits: int = 1) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) != 0


_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def answers_200(url: str) -> bool:
    try:
        with _direct.open(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def run(args: list[str], *, timeout: float, what: str, **kwargs) -> str:
    """Run a command to completion; its output, or a BenchError that shows it."""
    try:
        done = subprocess.run(
            args,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{what} took longer than {timeout:.0f} s.") from exc
    if done.returncode != 0:
        raise BenchError(f"{what} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


class ProcessGroup:
    """A command started in its own session, so that stopping it stops all it started."""

    def __init__(self, name: str, args: list[str], *, cwd: Path, env: dict, log_path: Path):
        self.name = name
        self.log_path = log_path
        with open(log_path, "wb") as output:
            self.proc = subprocess.Popen(
                args,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _alive(self) -> bool:
        self.proc.poll()  # reap the leader, or the group never looks empty
        try:
            os.killpg(self.proc.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def stop(self) -> None:
        for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            if not self._alive():
                return
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            if wait_until(lambda: not self._alive(), grace):
                return
        log(f"warning: some processes of {self.name} outlived SIGKILL (group {self.proc.pid}).")

    def wait_for_200(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"{self.name} exited (code {self.proc.returncode}) before {url} answered."
                    f" Its output ends:\n{self.tail()}"
                )
            if answers_200(url):
                return
            time.sleep(0.1)
        raise BenchError(
            f"{url} did not answer 200 within {timeout:.0f} s of starting {self.name}."
            f" Its output ends:\n{self.tail()}"
        )


@contextlib.contextmanager
def only_run():
    """Hold a lock for the whole run: two runs at once would share the database and the CPUs."""
    path = Path(tempfile.gettempdir()) / "debrief-bench.lock"
    with open(path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BenchError(f"another bench run holds {path}; wait for it to end.") from None
        yield


# --- start-up ---------------------------------------------------------------------------


def new_user_env() -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in NEW_USER_UNSET and not name.startswith("DEBRIEF_")
    }
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start_make_run(clone: Path, port: int, log_path: Path) -> ProcessGroup:
    return ProcessGroup(
        "make run",
        ["make", "run", f"PORT={port}"],
        cwd=clone,
        env=new_user_env(),
        log_path=log_path,
    )


def wait_for_free_port(port: int) -> None:
    if not wait_until(lambda: port_is_free(port), 30):
        raise BenchError(f"port {port} still answers after stopping make run.")


def measure_startup() -> None:
    try:
        head = run(["git", "rev-parse", "--verify", "HEAD"], cwd=ROOT, timeout=30, what="git")
    except BenchError as exc:
        raise BenchError("the repository has no commit; the start-up part clones HEAD.") from exc
    heading(f"start-up: clone of HEAD {head.strip()[:12]}, then make run (warm package cache)")
    port = free_port()
    login_url = f"http://127.0.0.1:{port}/accounts/login/"
    with tempfile.TemporaryDirectory(prefix="debrief-bench-", ignore_cleanup_errors=True) as tmp:
        clone = Path(tmp) / "clone"
        log(f"Cloning into {clone} and running make run on port {port}...")
        started = time.monotonic()
        run(["git", "clone", "-q", str(ROOT), str(clone)], timeout=120, what="git clone")
        first = start_make_run(clone, port, Path(tmp) / "first-start.log")
        try:
            first.wait_for_200(login_url, STARTUP_TIMEOUT)
            figure("clone_to_first_page_s", time.monotonic() - started, "s")
        finally:
            first.stop()
        wait_for_free_port(port)

        log("Starting make run again in the same clone...")
        started = time.monotonic()
        second = start_make_run(clone, port, Path(tmp) / "second-start.log")
        try:
            second.wait_for_200(login_url, RESTART_TIMEOUT)
            figure("second_start_s", time.monotonic() - started, "s")
        finally:
            second.stop()
        wait_for_free_port(port)


# --- the production site (web and loops) -------------------------------------------------


@dataclass
class Result:
    requests: int
    seconds: float
    p95_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _drop_sql(name: str) -> sql.Composed:
    return sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))


def recreate_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(_drop_sql(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(admin_url: str, name: str) -> None:
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(_drop_sql(name))
    except psycopg.Error as exc:
        log(f"warning: could not drop the database {name}: {exc}")


def production_env(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "DEBUG"}
    env.update(
        DEBRIEF_ENV="production",
        DEBRIEF_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        CACHE_KEY_PREFIX="debrief-bench",  # stays clear of whatever else uses this Redis
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *command: str, timeout: float = 300) -> str:
    """Run a manage.py command in the production environment; its standard output."""
    return run(
        [str(VENV_BIN / "python"), "manage.py", *command],
        cwd=ROOT,
        env=env,
        timeout=timeout,
        what=f"manage.py {command[0]}",
    )


def shell_json(env: dict[str, str], code: str, timeout: float = 300) -> dict:
    """Run Python in `manage.py shell`; the JSON it prints on its `BENCH_JSON ` line."""
    output = manage(env, "shell", "--no-imports", "-c", code, timeout=timeout)
    for line in reversed(output.splitlines()):
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise BenchError(f"manage.py shell printed no BENCH_JSON line:\n{output}")


def sign_in(base: str, email: str = DEMO_EMAIL) -> str:
    """Sign in (as the demo hiring manager unless told otherwise); the session cookie's value."""
    login = f"{base}/accounts/login/"
    with httpx.Client(trust_env=False, timeout=10) as client:
        page = client.get(login)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status_code != 200 or not token:
            raise BenchError(f"the sign-in page answered {page.status_code} without a CSRF token.")
        answer = client.post(
            login,
            data={
                "username": email,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": login},
        )
        session = client.cookies.get("sessionid")
        if answer.status_code != 302 or not session:
            raise BenchError(f"signing in as {email} failed (HTTP {answer.status_code}).")
        return session


def demo_facts(database_url: str) -> tuple[int, int]:
    """The id of the benchmarked role and the number of people in the directory."""
    with psycopg.connect(database_url, connect_timeout=10) as conn:
        row = conn.execute("SELECT id FROM loops_role WHERE title = %s", (ROLE_TITLE,)).fetchone()
        people = conn.execute("SELECT count(*) FROM loops_person").fetchone()[0]
    if row is None:
        raise BenchError(f"the demo role {ROLE_TITLE!r} is not in the database.")
    return row[0], people


def check_page(url: str, headers: dict[str, str], expected: str) -> int:
    """Fail unless the page answers 200 with the expected text; its size in bytes."""
    answer = httpx.get(url, headers=headers, trust_env=False, timeout=10)
    if answer.status_code != 200 or expected not in answer.text:
        raise BenchError(f"{url} answered {answer.status_code} without {expected!r}.")
    return len(answer.content)


def warm_up(url: str, headers: dict[str, str]) -> int:
    """WARM_UP_REQUESTS requests one after another; how many did not answer 200."""
    errors = 0
    with httpx.Client(headers=headers, trust_env=False, timeout=10) as client:
        for _ in range(WARM_UP_REQUESTS):
            try:
                errors += client.get(url).status_code != 200
            except httpx.HTTPError:
                errors += 1
    return errors


def find_wrk() -> str | None:
    """wrk's path, installing it with apt-get when missing and running as root."""
    found = shutil.which("wrk") or shutil.which("wrk", path="/usr/bin")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    log("Installing wrk...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    try:
        run(install, env=env, timeout=300, what="apt-get install wrk")
    except BenchError:
        try:
            run(["apt-get", "update", "-qq"], env=env, timeout=300, what="apt-get update")
            run(install, env=env, timeout=300, what="apt-get install wrk")
        except BenchError as exc:
            log(f"warning: could not install wrk: {exc}")
    return shutil.which("wrk")


def load_with_wrk(wrk: str, script: Path, url: str, headers: dict[str, str], args) -> Result:
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    output = run(
        [
            wrk,
            f"-t{args.threads}",
            f"-c{args.clients}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            *header_args,
            url,
        ],
        timeout=args.duration + 60,
        what=f"wrk on {url}",
    )
    match = re.search(
        r"BENCH requests=(\d+) duration_us=(\d+) p95_us=([\d.]+) not_ok=(\d+) socket_errors=(\d+)",
        output,
    )
    if not match:
        raise BenchError(f"wrk printed no summary for {url}:\n{output}")
    requests, duration_us, p95_us, not_ok, socket_errors = match.groups()
    return Result(
        requests=int(requests),
        seconds=int(duration_us) / 1e6,
        p95_ms=float(p95_us) / 1000,
        errors=int(not_ok) + int(socket_errors),
    )


async def _load_with_httpx(
    url: str, headers: dict[str, str], clients: int, duration: float
) -> Result:
    latencies: list[float] = []
    errors = 0

    async def client_loop(client: httpx.AsyncClient, deadline: float) -> None:
        nonlocal errors
        while (started := time.perf_counter()) < deadline:
            try:
                ok = (await client.get(url)).status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - started)
            errors += not ok

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        headers=headers, limits=limits, trust_env=False, timeout=10
    ) as client:
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(*(client_loop(client, deadline) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[math.ceil(0.95 * len(latencies)) - 1] if latencies else math.nan
    return Result(requests=len(latencies), seconds=elapsed, p95_ms=p95 * 1000, errors=errors)


def load_with_httpx(url: str, headers: dict[str, str], args) -> Result:
    return asyncio.run(_load_with_httpx(url, headers, args.clients, args.duration))


class LoadGenerator:
    """Closed-loop load on one URL at a time: wrk when it can be had, a Python client otherwise."""

    def __init__(self, args, tmp: Path):
        self.args = args
        self.wrk = find_wrk()
        self.script = tmp / "bench.lua"
        if self.wrk:
            self.script.write_text(WRK_SCRIPT)
            self.description = f"wrk -t{args.threads} -c{args.clients} -d{args.duration}s"
        else:
            log("warning: wrk is not available; the Python client takes its place.")
            self.description = f"httpx, {args.clients} asyncio clients, {args.duration} s"

    def measure(self, name: str, url: str, headers: dict[str, str]) -> Result:
        """Warm up, then load; the errors counted include the warm-up's."""
        log(f"{name}: {WARM_UP_REQUESTS} warm-up requests, then {self.args.duration} s of load...")
        warm_up_errors = warm_up(url, headers)
        if self.wrk:
            result = load_with_wrk(self.wrk, self.script, url, headers, self.args)
        else:
            result = load_with_httpx(url, headers, self.args)
        result.errors += warm_up_errors
        return result


def start_server(env: dict[str, str], port: int, log_path: Path) -> ProcessGroup:
    return ProcessGroup(
        "uvicorn",
        [
            str(VENV_BIN / "uvicorn"),
            "debrief.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--no-proxy-headers",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        log_path=log_path,
    )


@dataclass
class Site:
    """The bench database with the demo loaded, in the production environment."""

    cleanup: contextlib.ExitStack
    tmp: Path
    database_url: str
    env: dict[str, str]
    server: ProcessGroup | None = None  # the production server, once serve() started it

    def serve(self) -> tuple[str, dict[str, str]]:
        """Start the production server, signed in as the demo hiring manager.

        The server's base URL and the headers that carry the session; it stops with the site.
        """
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log(f"Starting the production server on port {port}...")
        server = start_server(self.env, port, self.tmp / "server.log")
        self.cleanup.callback(server.stop)
        self.server = server
        server.wait_for_200(f"{base}/livez", SERVER_TIMEOUT)
        return base, {"Cookie": f"sessionid={sign_in(base)}"}


@contextlib.contextmanager
def demo_site():
    """A fresh bench database with the demo, migrated and with static files; dropped after."""
    missing = [name for name in SERVICE_VARIABLES if not os.environ.get(name)]
    if missing:
        raise BenchError(
            f"the web and loops parts need {', '.join(missing)} (make bench sets them)."
        )
    database_url = with_database(os.environ["DATABASE_URL"], BENCH_DATABASE)
    admin_url = with_database(os.environ["DATABASE_URL"], "postgres")

    with contextlib.ExitStack() as cleanup:
        tmp = Path(
            cleanup.enter_context(
                tempfile.TemporaryDirectory(prefix="debrief-bench-", ignore_cleanup_errors=True)
            )
        )
        log(f"Creating the database {BENCH_DATABASE} and loading the demo...")
        recreate_database(admin_url, BENCH_DATABASE)
        cleanup.callback(drop_database, admin_url, BENCH_DATABASE)
        env = production_env(database_url, tmp / "var")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        yield Site(cleanup, tmp, database_url, env)
        log("Stopping the server and dropping the database...")


# --- web --------------------------------------------------------------------------------


def measure_web(args) -> int:
    """Run the web part; how many requests did not answer 200."""
    with demo_site() as site:
        base, headers = site.serve()
        role_id, people = demo_facts(site.database_url)
        pages = {
            "directory": (f"{base}/people/", "Maya Chen"),
            "role": (f"{base}/roles/{role_id}/", "Distributed systems"),
            "trivial": (f"{base}/livez", "ok"),
        }
        sizes = {name: check_page(url, headers, text) for name, (url, text) in pages.items()}
        load = LoadGenerator(args, site.tmp)

        heading(f"web: PostgreSQL, uvicorn --workers 2, DEBUG off; load from {load.description}")
        heading(f"directory: {people} people, /people/ is {sizes['directory'] / 1024:.0f} KB")
        heading(f"role: {ROLE_TITLE!r}, /roles/{role_id}/ is {sizes['role'] / 1024:.0f} KB")

        results = {name: load.measure(name, url, headers) for name, (url, _) in pages.items()}
        errors = sum(result.errors for result in results.values())

        for name, result in results.items():
            figure(f"{name}_p95_ms", result.p95_ms, "ms")
        for name, result in results.items():
            figure(f"{name}_rps", result.rps, "req/s")
        for name in ("directory", "role"):
            figure(f"{name}_rps_ratio", results[name].rps / results["trivial"].rps, "x", 2)
        figure("bench_errors", errors, "count", 0)
    return errors


# --- loops ------------------------------------------------------------------------------

LOOPS_PEOPLE = 2_000
LOOPS_SLOTS = 20_000
LOOPS_LOOPS = 3_000
LOAD_QUERY_RUNS = 50
SUGGEST_RUNS = 20

# The benchmarked loop: demo people close to the role, and the 30-day load each is topped
# up to (the loop's own upcoming slot and the demo's loops included; someone the demo
# already loads more keeps their load). At least the first three are above the load
# threshold (4 in the demo), so the coverage panel looks for lighter people across the
# directory.
LOOP_INTERVIEWERS = {
    "Tom Becker": 10,
    "Aisha Bello": 8,
    "Grace Kim": 7,
    "Liam O'Brien": 3,
    "Sara Nilsson": 2,
    "Priya Raman": 4,
}

# Run in `manage.py shell`: enlarge the demo to a company with a month of interviewing,
# in bulk and in one transaction, then refresh the planner's statistics.
ENLARGE_CODE = """\
import itertools
import json
import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from loops.services.builder import next_interview_day
from loops.demo.seed import email_for
from loops.models import (
    Candidate, CloseLevel, Closeness, Function, Loop, OrgSettings, Person, Role, RoundType, Slot,
)

rng = random.Random(20261125)
now = timezone.now()
BATCH = 2000
FUNCTION_WEIGHTS = {
    "engineering": 40, "product": 10, "design": 6, "data": 10, "sales": 12, "marketing": 6,
    "customer_success": 6, "operations": 3, "people": 4, "finance": 2, "leadership": 1,
}
functions = [value for value in FUNCTION_WEIGHTS if value in Function.values]
weights = [FUNCTION_WEIGHTS[value] for value in functions]
states = [Loop.State.SCHEDULED, Loop.State.INTERVIEWING, Loop.State.DEBRIEF, Loop.State.DECIDED]
rounds = list(RoundType.values)

with transaction.atomic():
    Person.objects.bulk_create(
        (
            Person(
                name=f"Bench Person {i:04d}",
                email=f"bench.person.{i:04d}@bench.example",
                function=rng.choices(functions, weights)[0],
                title="Bench colleague",
                is_senior_leader=rng.random() < 0.03,
                password="!",
            )
            for i in range(PEOPLE - Person.objects.count())
        ),
        batch_size=BATCH,
    )
    roles = list(Role.objects.all())
    bench_people = Person.objects.filter(email__endswith="@bench.example")
    bench_people = list(bench_people.values_list("pk", flat=True))
    Closeness.objects.bulk_create(
        (
            Closeness(
                role=role,
                person_id=pk,
                level=rng.choices(list(CloseLevel.values), [25, 35, 40])[0],
            )
            for role in roles
            for pk in bench_people
            if rng.random() < 0.12
        ),
        batch_size=BATCH,
    )
    closeness = {
        (r, p): level for r, p, level in Closeness.objects.values_list("role", "person", "level")
    }

    role = Role.objects.get(title=ROLE_TITLE)
    emails = [email_for(name) for name in INTERVIEWERS]
    by_name = {p.name: p for p in Person.objects.filter(email__in=emails)}
    recent = Slot.objects.counting_for_load(now - timedelta(days=30))
    fixed = {}  # slots to add, besides the benchmarked loop's own
    for name, target in INTERVIEWERS.items():
        held = recent.filter(interviewer=by_name[name]).count()
        fixed[by_name[name].pk] = max(0, target - 1 - held)
    existing_slots = Slot.objects.count()
    pool = [pk for pk in Person.objects.values_list("pk", flat=True) if pk not in fixed]
    # Some people interview far more than others.
    cumulative = list(itertools.accumulate(rng.lognormvariate(0, 1) for _ in pool))

    candidates = Candidate.objects.bulk_create(
        (
            Candidate(role=roles[i % len(roles)], name=f"Bench Candidate {i:04d}",
                      email=f"candidate.{i:04d}@bench.example")
            for i in range(LOOPS - Loop.objects.count())
        ),
        batch_size=BATCH,
    )
    loops = Loop.objects.bulk_create(
        (
            Loop(candidate=c, role_id=c.role_id,
                 state=Loop.State.CANCELLED if rng.random() < 0.08 else rng.choice(states))
            for c in candidates
        ),
        batch_size=BATCH,
    )

    spare = SLOTS - existing_slots - len(INTERVIEWERS) - sum(fixed.values())
    # Each loop's first slot: from 29 days to 12 hours ago.
    starts = {loop.pk: now - timedelta(hours=rng.uniform(12, 29 * 24)) for loop in loops}
    slots = []

    def slot(loop, person, order):
        begins = starts[loop.pk] + timedelta(hours=order)
        return Slot(
            loop=loop, interviewer_id=person, order=order, round_type=rng.choice(rounds),
            closeness=closeness.get((loop.role_id, person), "less"),
            starts_at=begins, ends_at=begins + timedelta(minutes=45),
        )

    members = {}
    for index, loop in enumerate(loops):
        size = spare // len(loops) + (index < spare % len(loops))
        chosen = []
        while len(chosen) < size:
            pk = rng.choices(pool, cum_weights=cumulative)[0]
            if pk not in chosen:
                chosen.append(pk)
        members[loop.pk] = chosen
        slots.extend(slot(loop, pk, order) for order, pk in enumerate(chosen))
    live = [loop for loop in loops if loop.state != Loop.State.CANCELLED]
    for pk, count in fixed.items():
        for loop in rng.sample(live, count):
            slots.append(slot(loop, pk, len(members[loop.pk])))
            members[loop.pk].append(pk)
    Slot.objects.bulk_create(slots, batch_size=BATCH)

    def new_loop(name):
        candidate = Candidate.objects.create(role=role, name=name)
        return Loop.objects.create(candidate=candidate, role=role)

    loop = new_loop("Bench Candidate, the benchmarked loop")
    focus = list(role.focus_competencies.all())
    weak = list(role.weak_spots.all())
    first = next_interview_day(now)
    plan = [
        ("Tom Becker", "system_design", focus[:2], []),
        ("Aisha Bello", "coding", focus[:1] + focus[2:3], []),
        ("Grace Kim", "behavioural", focus[1:2], []),
        ("Liam O'Brien", "functional", focus[2:3], weak[1:2]),
        ("Sara Nilsson", "behavioural", [], []),
        ("Priya Raman", "leadership", [], []),
    ]
    for order, (name, round_type, probes, spots) in enumerate(plan):
        person = by_name[name]
        begins = first + timedelta(hours=order)
        made = Slot.objects.create(
            loop=loop, interviewer=person, order=order, round_type=round_type,
            closeness=closeness.get((role.pk, person.pk), "less"),
            starts_at=begins, ends_at=begins + timedelta(minutes=45),
        )
        made.focus.set(probes)
        made.weak_spots.set(spots)
    draft = new_loop("Bench Candidate, a loop to suggest")

with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print("BENCH_JSON " + json.dumps({
    "loop": loop.pk,
    "draft": draft.pk,
    "people": Person.objects.count(),
    "loops": Loop.objects.count(),
    "slots": Slot.objects.count(),
    "recent_slots": Slot.objects.filter(starts_at__gte=now - timedelta(days=30)).count(),
    "threshold": OrgSettings.load().load_threshold,
}))
"""

# Run in `manage.py shell`: the load query and the suggestion, timed in-process.
MEASURE_CODE = """\
import json
import statistics
import time

from django.db import connection
from django.utils import timezone

from loops.services.builder import suggestion_for
from loops.rules.load import load_since
from loops.models import Loop, Slot


def median_ms(call, runs):
    call()  # warm the connection and the caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


loop = Loop.objects.select_related("role").get(pk=LOOP)
draft = Loop.objects.select_related("role").get(pk=DRAFT)
slots = list(loop.slots.select_related("interviewer"))
ids = [slot.interviewer_id for slot in slots]
now = timezone.now()

executed = []


def capture(execute, sql, params, many, context):
    executed.append((sql, params))
    return execute(sql, params, many, context)


with connection.execute_wrapper(capture):
    load = Slot.objects.load_by_person(ids, load_since(now))
sql, params = executed[-1]
with connection.cursor() as cursor:
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
    plan = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [Slot._meta.db_table])
    slot_indexes = sorted(row[0] for row in cursor.fetchall())

picks = suggestion_for(draft, now)
print("BENCH_JSON " + json.dumps({
    "load": {slot.interviewer.name: load.get(slot.interviewer_id, 0) for slot in slots},
    "queries": len(executed),
    "sql": sql,
    "params": [str(value) for value in params],
    "plan": plan,
    "slot_indexes": slot_indexes,
    "load_query_ms": median_ms(
        lambda: Slot.objects.load_by_person(ids, load_since(now)), RUNS_LOAD
    ),
    "suggest_loop_ms": median_ms(lambda: suggestion_for(draft, now), RUNS_SUGGEST),
    "picks": [pick.person.name for pick in picks],
}))
"""


# Run in `manage.py shell` before a seed that signs people in without the form:
# session_for(person) makes a signed-in session and gives its key.
SESSION_CODE = """\
import importlib

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

SessionStore = importlib.import_module(settings.SESSION_ENGINE).SessionStore


def session_for(person):
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    return session.session_key


"""


def with_constants(code: str, **constants) -> str:
    return "".join(f"{name} = {value!r}\n" for name, value in constants.items()) + code


def measure_loops(args) -> int:
    """Run the loops part; how many requests did not answer 200."""
    with demo_site() as site:
        log(
            f"Enlarging the demo to {LOOPS_PEOPLE:,} people and {LOOPS_SLOTS:,} slots"
            f" in {LOOPS_LOOPS:,} loops..."
        )
        facts = shell_json(
            site.env,
            with_constants(
                ENLARGE_CODE,
                PEOPLE=LOOPS_PEOPLE,
                SLOTS=LOOPS_SLOTS,
                LOOPS=LOOPS_LOOPS,
                ROLE_TITLE=ROLE_TITLE,
                INTERVIEWERS=LOOP_INTERVIEWERS,
            ),
        )
        log("Timing the load query and the suggestion in-process...")
        timed = shell_json(
            site.env,
            with_constants(
                MEASURE_CODE,
                LOOP=facts["loop"],
                DRAFT=facts["draft"],
                RUNS_LOAD=LOAD_QUERY_RUNS,
                RUNS_SUGGEST=SUGGEST_RUNS,
            ),
        )

        if timed["queries"] != 1:
            log(f"warning: the load query ran {timed['queries']} queries; explaining the last.")
        base, headers = site.serve()
        coverage_url = f"{base}/loops/{facts['loop']}/coverage/"
        htmx = {**headers, "HX-Request": "true"}
        coverage_bytes = check_page(coverage_url, htmx, "Interviewer load")
        check_page(f"{base}/livez", headers, "ok")
        load = LoadGenerator(args, site.tmp)

        threshold = facts["threshold"]
        loaded = sum(count > threshold for count in timed["load"].values())
        heading(f"loops: PostgreSQL, uvicorn --workers 2, DEBUG off; load from {load.description}")
        heading(
            f"data: {facts['people']:,} people, {facts['loops']:,} loops,"
            f" {facts['slots']:,} slots ({facts['recent_slots']:,} from the last 30 days on)"
        )
        heading(
            f"loop {facts['loop']}: {len(timed['load'])} slots of {ROLE_TITLE!r},"
            f" {loaded} interviewers above the load threshold of {threshold}: "
            + ", ".join(f"{name} {count}" for name, count in timed["load"].items())
        )
        heading(
            f"coverage: /loops/{facts['loop']}/coverage/ with HX-Request,"
            f" {coverage_bytes / 1024:.1f} KB"
        )
        coverage = load.measure("coverage_partial", coverage_url, htmx)
        trivial = load.measure("loops_trivial", f"{base}/livez", headers)
        errors = coverage.errors + trivial.errors

        figure("coverage_partial_p95_ms", coverage.p95_ms, "ms")
        figure("loops_trivial_p95_ms", trivial.p95_ms, "ms")
        figure("coverage_partial_rps", coverage.rps, "req/s")
        figure("loops_trivial_rps", trivial.rps, "req/s")
        figure("coverage_rps_ratio", coverage.rps / trivial.rps, "x", 2)

        heading(
            f"load query: Slot.objects.load_by_person for the loop's {len(timed['load'])}"
            f" interviewers, median of {LOAD_QUERY_RUNS} runs; its plan:"
        )
        for line in timed["plan"]:
            heading(f"  {line}")
        used = [name for name in timed["slot_indexes"] if name in "\n".join(timed["plan"])]
        heading(f"indexes of the slot table in the plan: {', '.join(used) or 'none'}")
        figure("load_query_ms", timed["load_query_ms"], "ms", 2)
        figure("load_query_uses_index", bool(used), "bool", 0)

        heading(
            f"suggestion: loops.services.builder.suggestion_for on an empty loop of {ROLE_TITLE!r},"
            f" median of {SUGGEST_RUNS} runs; picks: {', '.join(timed['picks'])}"
        )
        figure("suggest_loop_ms", timed["suggest_loop_ms"], "ms")
        figure("suggest_loop_picks", len(timed["picks"]), "count", 0)
        figure("loops_bench_errors", errors, "count", 0)
    return errors


# --- reminders --------------------------------------------------------------------------

REMINDER_PEOPLE = 2_000
REMINDER_LOOPS = 20_000
REMINDER_SLOTS_PER_LOOP = 5  # 100,000 slots
DUE_QUERY_RUNS = 50
DELIVERY_REMINDERS = 1_000
DELIVERY_WORKERS = 2
DELIVERY_CONCURRENCY = 4
DELIVERY_TIMEOUT = 300
WORKER_TIMEOUT = 60
# A Redis database of its own for the delivery's broker, so that no other worker on the
# test broker (a test run beside the bench) takes its messages.
BENCH_BROKER_DB = 9

# Run in `manage.py shell`: two years of interviewing (100,000 slots), notes for nearly
# all, two years of reminders sent, and the reminders the planner would already have
# made, as in steady state. No
# interview ends within 3 hours of now or near its full-note deadline, and no debrief
# comes within the planner's reach but those set here, so that nothing new falls due
# while the bench runs.
REMINDERS_DATA_CODE = """\
import json
import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from loops.models import Candidate, Loop, Note, Person, Reminder, Role, RoundType, Slot
from loops.services.reminding import due_slots, offsets, owed_reminders

rng = random.Random(20261126)
now = timezone.now()
BATCH = 5000
HOUR = timedelta(hours=1)
rounds = list(RoundType.values)

with transaction.atomic():
    Person.objects.bulk_create(
        (
            Person(name=f"Bench Person {i:04d}", email=f"bench.person.{i:04d}@bench.example",
                   title="Bench colleague", password="!")
            for i in range(PEOPLE)
        ),
        batch_size=BATCH,
    )
    people = list(
        Person.objects.filter(email__endswith="@bench.example").values_list("pk", flat=True)
    )
    roles = list(Role.objects.all())
    candidates = Candidate.objects.bulk_create(
        (Candidate(role=roles[i % len(roles)], name=f"Bench Candidate {i:05d}")
         for i in range(LOOPS)),
        batch_size=BATCH,
    )
    # When each loop's last interview ended: from two years ago to three hours ago, but
    # never 16 to 28 hours ago (so no full note falls due while the bench runs).
    agos = []
    for _ in candidates:
        ago = timedelta(hours=rng.uniform(3, 2 * 365 * 24))
        while 16 * HOUR < ago < 28 * HOUR:
            ago = timedelta(hours=rng.uniform(3, 2 * 365 * 24))
        agos.append(ago)
    soon = 0
    loops = []
    for candidate, ago in zip(candidates, agos):
        if ago < 14 * 24 * HOUR:
            state = rng.choice([Loop.State.INTERVIEWING, Loop.State.DEBRIEF])
        else:
            state = Loop.State.CANCELLED if rng.random() < 0.08 else Loop.State.DECIDED
        if ago < 16 * HOUR and soon < 10:
            soon += 1  # its debrief is within the hour: reminders and a digest are owed
            debrief_at = now + timedelta(minutes=rng.uniform(20, 55))
        elif ago < 4 * 24 * HOUR:
            debrief_at = now + timedelta(days=3)
        else:
            debrief_at = now - ago + timedelta(days=1)
        loops.append(Loop(candidate=candidate, role_id=candidate.role_id, state=state,
                          debrief_at=debrief_at))
    loops = Loop.objects.bulk_create(loops, batch_size=BATCH)
    slots = []
    for loop, ago in zip(loops, agos):
        chosen = rng.sample(people, SLOTS_PER_LOOP)
        for order, person in enumerate(chosen):
            ends = now - ago - (SLOTS_PER_LOOP - 1 - order) * HOUR
            slots.append(Slot(
                loop=loop, interviewer_id=person, order=order, closeness="less",
                round_type=rng.choice(rounds), starts_at=ends - 3 * HOUR / 4, ends_at=ends,
            ))
    slots = Slot.objects.bulk_create(slots, batch_size=BATCH)
    # Nearly every note is in: a day after the interview, 97 in 100; before, half.
    notes = []
    for slot in slots:
        late = now - slot.ends_at < 24 * HOUR
        chance = rng.random()
        if chance < (0.5 if late else 0.97):
            notes.append(Note(
                slot=slot, initial_vote="yes", initial_vote_at=slot.ends_at + HOUR / 4,
                submitted_at=slot.ends_at + 2 * HOUR, text="Bench note.",
            ))
        elif chance < (0.75 if late else 0.985):
            notes.append(
                Note(slot=slot, initial_vote="no", initial_vote_at=slot.ends_at + HOUR / 4)
            )
    Note.objects.bulk_create(notes, batch_size=BATCH)
    org = offsets()
    # Two years of reminders already sent: votes often late, notes sometimes.
    sent = []
    for slot in slots:
        if now - slot.ends_at > org.lookback:
            chance = rng.random()
            kinds = ["initial_vote", "full_note"] if chance < 0.08 else ["initial_vote"]
            for kind in kinds if chance < 0.25 else []:
                due_at = slot.ends_at + (HOUR if kind == "initial_vote" else 24 * HOUR)
                sent.append(Reminder(
                    kind=kind, loop_id=slot.loop_id, slot=slot,
                    recipient_id=slot.interviewer_id, due_at=due_at, status="sent",
                    sent_at=due_at, attempts=1,
                ))
    Reminder.objects.bulk_create(sent, batch_size=BATCH)
    owing = list(due_slots(now, org))
    steady = owed_reminders(owing, org, now)
    for reminder in steady:
        reminder.status, reminder.sent_at, reminder.attempts = "sent", now, 1
    Reminder.objects.bulk_create(steady, batch_size=BATCH)

with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print("BENCH_JSON " + json.dumps({
    "slots": Slot.objects.count(),
    "loops": Loop.objects.count(),
    "window": Slot.objects.filter(ends_at__gte=now - org.lookback, ends_at__lte=now).count(),
    "owing": len(owing),
    "reminders": Reminder.objects.count(),
}))
"""

# Run in `manage.py shell`: the planner's due query, timed in-process, with its plan.
DUE_QUERY_CODE = """\
import json
import statistics
import time

from django.db import connection
from django.utils import timezone

from loops.models import Loop, Slot
from loops.services.reminding import due_slots, offsets

now = timezone.now()
org = offsets()


def rows():
    return len(list(due_slots(now, org)))


count = rows()  # warm the connection and the caches
times = []
for _ in range(RUNS):
    started = time.perf_counter()
    rows()
    times.append(time.perf_counter() - started)
sql, params = due_slots(now, org).query.sql_with_params()
with connection.cursor() as cursor:
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
    plan = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename IN (%s, %s)",
        [Slot._meta.db_table, Loop._meta.db_table],
    )
    indexes = sorted(row[0] for row in cursor.fetchall())
print("BENCH_JSON " + json.dumps({
    "rows": count,
    "due_query_ms": statistics.median(times) * 1000,
    "plan": plan,
    "indexes": indexes,
}))
"""

# Run in `manage.py shell`: COUNT interviews that ended two hours ago with no initial vote,
# then one planner pass, which makes a reminder for each and queues them for the workers.
DELIVERY_CODE = """\
import json
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from debrief.celery import app
from loops.models import Candidate, Loop, Person, Reminder, Role, Slot
from loops.services.reminding import plan_reminders

app.control.purge()
now = timezone.now()
role = Role.objects.get(title=ROLE_TITLE)
people = list(
    Person.objects.filter(email__endswith="@bench.example").values_list("pk", flat=True)
)
ends = now - timedelta(hours=2)
with transaction.atomic():
    candidates = Candidate.objects.bulk_create(
        Candidate(role=role, name=f"Delivery Candidate {i:04d}") for i in range(COUNT // 5)
    )
    loops = Loop.objects.bulk_create(
        Loop(candidate=c, role=role, state=Loop.State.INTERVIEWING) for c in candidates
    )
    Slot.objects.bulk_create(
        Slot(loop=loop, interviewer_id=people[(5 * i + j) % len(people)], order=j,
             closeness="less", round_type="coding", starts_at=ends - timedelta(minutes=45),
             ends_at=ends)
        for i, loop in enumerate(loops)
        for j in range(5)
    )
started = time.time()
planned = plan_reminders(timezone.now())
queued = time.time() - started
message_ids = [r.message_id for r in Reminder.objects.filter(loop__in=loops)]
print("BENCH_JSON " + json.dumps({
    "planned": planned, "started": started, "queued_s": queued, "message_ids": message_ids,
}))
"""


class Inbox:
    """An aiosmtpd handler that keeps the Message-ID and arrival time of every message."""

    def __init__(self):
        from email.parser import BytesHeaderParser

        self.parser = BytesHeaderParser()
        self.received: list[tuple[str, float]] = []

    async def handle_DATA(self, server, session, envelope):
        headers = self.parser.parsebytes(envelope.content)
        self.received.append((str(headers["Message-ID"]), time.time()))
        return "250 Message accepted for delivery"


def broker_of_its_own(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise BenchError(f"the reminders part needs a Redis broker, not {url!r}.")
    return urlunsplit(parts._replace(path=f"/{BENCH_BROKER_DB}"))


def start_worker(env: dict[str, str], index: int, log_path: Path) -> ProcessGroup:
    return ProcessGroup(
        f"celery worker {index}",
        [
            str(VENV_BIN / "celery"),
            "-A",
            "debrief",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(DELIVERY_CONCURRENCY),
            "--hostname",
            f"bench-reminders-{index}@%h",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        log_path=log_path,
    )


def wait_ready(worker: ProcessGroup) -> None:
    deadline = time.monotonic() + WORKER_TIMEOUT
    while " ready." not in worker.tail(200):
        if worker.proc.poll() is not None or time.monotonic() > deadline:
            raise BenchError(f"{worker.name} did not start. Its output ends:\n{worker.tail()}")
        time.sleep(0.1)


def deliver(site: Site) -> dict:
    """1,000 reminders planned at once and sent by two workers to a local SMTP server."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    site.cleanup.callback(smtp.stop)
    env = {
        **site.env,
        "CELERY_BROKER_URL": broker_of_its_own(site.env["CELERY_BROKER_URL"]),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_USE_TLS": "false",
        "DB_POOL_MIN": "1",
    }
    workers = []
    for index in range(1, DELIVERY_WORKERS + 1):
        worker = start_worker(env, index, site.tmp / f"worker-{index}.log")
        site.cleanup.callback(worker.stop)
        workers.append(worker)
    for worker in workers:
        wait_ready(worker)

    log(f"Planning {DELIVERY_REMINDERS:,} reminders for {DELIVERY_WORKERS} workers...")
    planned = shell_json(
        env,
        with_constants(DELIVERY_CODE, COUNT=DELIVERY_REMINDERS, ROLE_TITLE=ROLE_TITLE),
    )
    expected = set(planned["message_ids"])

    def delivered() -> set[str]:
        return {mid for mid, _ in list(inbox.received)} & expected

    if not wait_until(lambda: delivered() == expected, DELIVERY_TIMEOUT, 0.05):
        log(
            f"warning: {len(expected - delivered())} reminders had not arrived after"
            f" {DELIVERY_TIMEOUT} s. Worker 1's output ends:\n{workers[0].tail()}"
        )
    time.sleep(2)  # a copy sent late would arrive now
    arrivals = [(mid, at) for mid, at in list(inbox.received) if mid in expected]
    counts: dict[str, int] = {}
    for mid, _ in arrivals:
        counts[mid] = counts.get(mid, 0) + 1
    last = max((at for _, at in arrivals), default=planned["started"])
    return {
        "planned": planned["planned"],
        "queued_s": planned["queued_s"],
        "reminders": len(expected),
        "seconds": last - planned["started"],
        "doubled": sum(n - 1 for n in counts.values()),
        "lost": len(expected - set(counts)),
    }


def measure_reminders(args) -> int:
    """Run the reminders part; how many reminders were lost or doubled."""
    with demo_site() as site:
        log(
            f"Adding {REMINDER_LOOPS * REMINDER_SLOTS_PER_LOOP:,} slots over two years in"
            f" {REMINDER_LOOPS:,} loops, with their notes..."
        )
        facts = shell_json(
            site.env,
            with_constants(
                REMINDERS_DATA_CODE,
                PEOPLE=REMINDER_PEOPLE,
                LOOPS=REMINDER_LOOPS,
                SLOTS_PER_LOOP=REMINDER_SLOTS_PER_LOOP,
            ),
            timeout=900,
        )
        log("Timing the due-reminder query in-process...")
        timed = shell_json(site.env, with_constants(DUE_QUERY_CODE, RUNS=DUE_QUERY_RUNS))
        delivery = deliver(site)

        heading(
            f"reminders: PostgreSQL, {facts['slots']:,} slots in {facts['loops']:,} loops over"
            f" two years; {facts['window']:,} ended within the planner's lookback,"
            f" {facts['owing']:,} of them (or with a debrief within reach) owing a note,"
            f" {facts['reminders']:,} reminders already made"
        )
        heading(
            f"due query: loops.services.reminding.due_slots ({timed['rows']} rows), median of"
            f" {DUE_QUERY_RUNS} runs; its plan:"
        )
        for line in timed["plan"]:
            heading(f"  {line}")
        plan = "\n".join(timed["plan"])
        used = [name for name in timed["indexes"] if name in plan]
        heading(f"indexes of the slot and loop tables in the plan: {', '.join(used) or 'none'}")
        figure("due_query_ms", timed["due_query_ms"], "ms", 2)
        figure("due_query_uses_index", "slot_ends_idx" in used, "bool", 0)

        heading(
            f"delivery: {delivery['reminders']:,} reminders from one planner pass"
            f" ({delivery['queued_s'] * 1000:.0f} ms to make and queue them), sent by"
            f" {DELIVERY_WORKERS} workers (prefork, {DELIVERY_CONCURRENCY} processes each)"
            f" to a local aiosmtpd; timed from the pass to the last arrival"
        )
        if delivery["planned"] != delivery["reminders"]:
            log(
                f"warning: the pass made {delivery['planned']} reminders,"
                f" {delivery['reminders']} of them for the delivery's interviews."
            )
        figure("reminders_per_s", delivery["reminders"] / delivery["seconds"], "reminders/s")
        figure("reminders_doubled", delivery["doubled"], "count", 0)
        figure("reminders_lost", delivery["lost"], "count", 0)
    return delivery["doubled"] + delivery["lost"]


# --- autosave ---------------------------------------------------------------------------

WRITERS = 20

MAKE_WRITERS = """
import json
from datetime import timedelta
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from loops.models import Loop, Person, Slot
loop = Loop.objects.get(candidate__name="Sam Okonkwo")
ended = timezone.now() - timedelta(hours=1)
password = make_password(PASSWORD)
writers = []
for index in range(WRITERS):
    person = Person.objects.create(
        email=f"writer{index}@bench.example", name=f"Writer {index}", password=password
    )
    slot = Slot.objects.create(
        loop=loop, interviewer=person, closeness="weekly", round_type="behavioural",
        starts_at=ended - timedelta(minutes=45), ends_at=ended, order=100 + index,
    )
    writers.append([person.email, slot.pk])
print("BENCH_JSON " + json.dumps({"writers": writers}))
"""


async def _autosave_writer(client, base, slot, start, deadline, latencies, outcome):
    """One interviewer typing: each save builds on the version the last one returned."""
    page = await client.get(f"{base}/slots/{slot}/note/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    url = f"{base}/slots/{slot}/note/autosave/"
    headers = {"Accept": "application/json", "X-CSRFToken": token, "Referer": url}
    version, words = 0, []
    await start.wait()
    while time.monotonic() < deadline[0]:
        words.append(f"word{len(words)}")
        data = {"version": str(version), "text": " ".join(words)}
        began = time.perf_counter()
        answer = await client.post(url, data=data, headers=headers)
        latencies.append((time.perf_counter() - began) * 1000)
        if answer.status_code == 200:
            version = answer.json()["version"]
        else:
            outcome[answer.status_code] = outcome.get(answer.status_code, 0) + 1


async def _autosave_load(base, writers, duration):
    """Sign everyone in first (hashing passwords is slow on purpose), then start the clock."""
    latencies: list[float] = []
    outcome: dict[int, int] = {}
    sessions = [sign_in(base, email) for email, _ in writers]
    start, deadline = asyncio.Event(), [0.0]
    async with contextlib.AsyncExitStack() as stack:
        clients = []
        for session in sessions:
            client = await stack.enter_async_context(httpx.AsyncClient(trust_env=False, timeout=10))
            client.cookies.set("sessionid", session)
            clients.append(client)
        tasks = [
            asyncio.create_task(
                _autosave_writer(client, base, slot, start, deadline, latencies, outcome)
            )
            for client, (_, slot) in zip(clients, writers, strict=True)
        ]
        await asyncio.sleep(1)  # every writer has opened its note
        deadline[0] = time.monotonic() + duration
        start.set()
        await asyncio.gather(*tasks)
    return latencies, outcome


def measure_autosave(args) -> int:
    """Autosave round trips with WRITERS interviewers typing at once; failed saves."""
    heading(
        f"autosave: PostgreSQL, uvicorn --workers 2, DEBUG off; {WRITERS} interviewers "
        f"saving as fast as the server answers for {args.duration} s"
    )
    with demo_site() as site:
        code = with_constants(MAKE_WRITERS, WRITERS=WRITERS, PASSWORD=DEMO_PASSWORD)
        writers = shell_json(site.env, code)["writers"]
        base, _ = site.serve()
        latencies, outcome = asyncio.run(_autosave_load(base, writers, args.duration))
    latencies.sort()
    p95 = latencies[max(0, math.ceil(len(latencies) * 0.95) - 1)]
    figure("autosave_p95_ms", p95, "ms")
    figure("autosave_median_ms", statistics.median(latencies), "ms")
    figure("autosave_per_s", len(latencies) / args.duration, "saves/s")
    failed = sum(outcome.values())
    figure("autosave_failed", failed, "count", digits=0)
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-clone", action="store_true", help="leave out the start-up part")
    parser.add_argument(
        "--only",
        choices=("startup", "web", "loops", "reminders", "autosave"),
        help="run just one part",
    )
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per page")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    args = parser.parse_args()

    # Stopping the benchmark (Ctrl-C, SIGTERM) still runs the clean-ups.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    errors = 0
    reminder_errors = 0
    try:
        with only_run():
            if args.only in (None, "startup") and not args.skip_clone:
                measure_startup()
            if args.only in (None, "web"):
                errors += measure_web(args)
            if args.only in (None, "loops"):
                errors += measure_loops(args)
            if args.only in (None, "reminders"):
                reminder_errors += measure_reminders(args)
            if args.only in (None, "autosave"):
                errors += measure_autosave(args)
    except BenchError as exc:
        log(f"bench failed: {exc}")
        return 1
    except (psycopg.Error, httpx.HTTPError, OSError) as exc:
        log(f"bench failed: {exc.__class__.__name__}: {exc}")
        return 1
    except KeyboardInterrupt:
        log("bench interrupted.")
        return 130
    log(f"Done in {time.monotonic() - started:.0f} s.")
    if errors:
        log(f"bench failed: {errors} requests did not answer 200.")
    if reminder_errors:
        log(f"bench failed: {reminder_errors} reminders were lost or sent twice.")
    return 1 if errors or reminder_errors else 0


if __name__ == "__main__":
    sys.exit(main())
