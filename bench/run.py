"""The measurements behind the README; `make bench` runs this.

Two parts, each under a `#` heading on stdout, one figure a line as `name: value unit`
(progress and diagnostics go to stderr):

* start-up: clone the committed HEAD into a temporary folder and `make run` there as a
  new user would (embedded SQLite, filesystem broker, no service variables), timing the
  clone to the first answer of the sign-in page; then stop it and time a second start.
* web: the production server (uvicorn, 2 workers, DEBUG off) on PostgreSQL with the demo
  data, signed in as the demo hiring manager; 10 closed-loop clients hit the people
  directory, a role page and /livez in turn. wrk generates the load when it can be had,
  a Python client otherwise.

    python bench/run.py                # both parts
    python bench/run.py --skip-clone   # the web part only
    python bench/run.py --only startup # the start-up part only
"""

import argparse
import asyncio
import contextlib
import fcntl
import math
import os
import re
import secrets
import shutil
import signal
import socket
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


# --- web --------------------------------------------------------------------------------


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


def sign_in(base: str) -> str:
    """Sign in as the demo hiring manager; the session cookie's value."""
    login = f"{base}/accounts/login/"
    with httpx.Client(trust_env=False, timeout=10) as client:
        page = client.get(login)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status_code != 200 or not token:
            raise BenchError(f"the sign-in page answered {page.status_code} without a CSRF token.")
        answer = client.post(
            login,
            data={
                "username": DEMO_EMAIL,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": login},
        )
        session = client.cookies.get("sessionid")
        if answer.status_code != 302 or not session:
            raise BenchError(f"signing in as {DEMO_EMAIL} failed (HTTP {answer.status_code}).")
        return session


def demo_facts(database_url: str) -> tuple[int, int]:
    """The id of the benchmarked role and the number of people in the directory."""
    with psycopg.connect(database_url, connect_timeout=10) as conn:
        row = conn.execute("SELECT id FROM loops_role WHERE title = %s", (ROLE_TITLE,)).fetchone()
        people = conn.execute("SELECT count(*) FROM loops_person").fetchone()[0]
    if row is None:
        raise BenchError(f"the demo role {ROLE_TITLE!r} is not in the database.")
    return row[0], people


def check_page(url: str, cookie: str, expected: str) -> int:
    """Fail unless the page answers 200 with the expected text; its size in bytes."""
    answer = httpx.get(url, headers={"Cookie": cookie}, trust_env=False, timeout=10)
    if answer.status_code != 200 or expected not in answer.text:
        raise BenchError(f"{url} answered {answer.status_code} without {expected!r}.")
    return len(answer.content)


def warm_up(url: str, cookie: str) -> int:
    """WARM_UP_REQUESTS requests one after another; how many did not answer 200."""
    errors = 0
    with httpx.Client(headers={"Cookie": cookie}, trust_env=False, timeout=10) as client:
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


def load_with_wrk(wrk: str, script: Path, url: str, cookie: str, args) -> Result:
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
            "-H",
            f"Cookie: {cookie}",
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


async def _load_with_httpx(url: str, cookie: str, clients: int, duration: float) -> Result:
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
        headers={"Cookie": cookie}, limits=limits, trust_env=False, timeout=10
    ) as client:
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(*(client_loop(client, deadline) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[math.ceil(0.95 * len(latencies)) - 1] if latencies else math.nan
    return Result(requests=len(latencies), seconds=elapsed, p95_ms=p95 * 1000, errors=errors)


def load_with_httpx(url: str, cookie: str, args) -> Result:
    return asyncio.run(_load_with_httpx(url, cookie, args.clients, args.duration))


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
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        log_path=log_path,
    )


def measure_web(args) -> int:
    """Run the web part; how many requests did not answer 200."""
    missing = [name for name in SERVICE_VARIABLES if not os.environ.get(name)]
    if missing:
        raise BenchError(f"the web part needs {', '.join(missing)} (make bench sets them).")
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
        for command in (
            ["migrate", "--noinput", "-v", "0"],
            ["load_demo"],
            ["collectstatic", "--noinput", "-v", "0"],
        ):
            run(
                [str(VENV_BIN / "python"), "manage.py", *command],
                cwd=ROOT,
                env=env,
                timeout=300,
                what=f"manage.py {command[0]}",
            )

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log(f"Starting the production server on port {port}...")
        server = start_server(env, port, tmp / "server.log")
        cleanup.callback(server.stop)
        server.wait_for_200(f"{base}/livez", SERVER_TIMEOUT)

        cookie = f"sessionid={sign_in(base)}"
        role_id, people = demo_facts(database_url)
        pages = {
            "directory": (f"{base}/people/", "Maya Chen"),
            "role": (f"{base}/roles/{role_id}/", "Distributed systems"),
            "trivial": (f"{base}/livez", "ok"),
        }
        sizes = {name: check_page(url, cookie, text) for name, (url, text) in pages.items()}

        wrk = find_wrk()
        if wrk:
            script = tmp / "bench.lua"
            script.write_text(WRK_SCRIPT)
            generator = f"wrk -t{args.threads} -c{args.clients} -d{args.duration}s"
        else:
            log("warning: wrk is not available; the Python client takes its place.")
            generator = f"httpx, {args.clients} asyncio clients, {args.duration} s"

        heading(f"web: PostgreSQL, uvicorn --workers 2, DEBUG off; load from {generator}")
        heading(f"directory: {people} people, /people/ is {sizes['directory'] / 1024:.0f} KB")
        heading(f"role: {ROLE_TITLE!r}, /roles/{role_id}/ is {sizes['role'] / 1024:.0f} KB")

        results: dict[str, Result] = {}
        errors = 0
        for name, (url, _) in pages.items():
            log(f"{name}: {WARM_UP_REQUESTS} warm-up requests, then {args.duration} s of load...")
            errors += warm_up(url, cookie)
            if wrk:
                results[name] = load_with_wrk(wrk, script, url, cookie, args)
            else:
                results[name] = load_with_httpx(url, cookie, args)
            errors += results[name].errors

        for name, result in results.items():
            figure(f"{name}_p95_ms", result.p95_ms, "ms")
        for name, result in results.items():
            figure(f"{name}_rps", result.rps, "req/s")
        for name in ("directory", "role"):
            figure(f"{name}_rps_ratio", results[name].rps / results["trivial"].rps, "x", 2)
        figure("bench_errors", errors, "count", 0)
        log("Stopping the server and dropping the database...")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-clone", action="store_true", help="leave out the start-up part")
    parser.add_argument("--only", choices=("startup", "web"), help="run just one part")
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per page")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    args = parser.parse_args()

    # Stopping the benchmark (Ctrl-C, SIGTERM) still runs the clean-ups.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    errors = 0
    try:
        with only_run():
            if args.only in (None, "startup") and not args.skip_clone:
                measure_startup()
            if args.only in (None, "web"):
                errors = measure_web(args)
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
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
