"""Debrief served by uvicorn in a subprocess, for what pytest-django's live server cannot
do: stream. The live debrief's Server-Sent Events come from an async view that needs the
ASGI application (debrief/asgi.py), so these servers run it as production does.

The subprocess uses the test database (its name is known only once pytest-django has set
it up), so the tests that use it need ``transactional_db``: rows must be committed to be
seen from another process, and the server must be gone before the tables are flushed.
"""

import os
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
UVICORN = ROOT / ".venv" / "bin" / "uvicorn"
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The test database as a DATABASE_URL (call after pytest-django has set it up)."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}"


def session_cookie(person) -> dict[str, str]:
    """A cookie that signs ``person`` in on any server of the test database."""
    client = Client()
    client.force_login(person)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


@dataclass
class AsgiServer:
    url: str
    process: subprocess.Popen
    log_path: Path

    @property
    def log(self) -> str:
        """What the server printed so far (for failure messages)."""
        return self.log_path.read_text(errors="replace")


@contextmanager
def asgi_server():
    """Start ``uvicorn debrief.asgi:application`` on a free port against the test database;
    yield it once /livez answers; terminate it (by its PID) at the end."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests lift Django's async guard for their own process only: the
        # server must keep it, or it would hide a database call from the event loop.
        if key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DATABASE_URL=database_url(),
        DEBRIEF_ENV="development",
        REDIS_URL=settings.REDIS_URL,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        PYTHONUNBUFFERED="1",
    )
    descriptor, log_name = tempfile.mkstemp(prefix=f"uvicorn-{port}-", suffix=".log")
    log_path = Path(log_name)
    with os.fdopen(descriptor, "wb") as log_file:  # the server keeps its own copy
        process = subprocess.Popen(
            [
                str(UVICORN),
                "debrief.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                # As in production: the app, not the server, decides which proxies to believe.
                "--no-proxy-headers",
                # Open streams never end by themselves: give them a second, not forever.
                "--timeout-graceful-shutdown",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = AsgiServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_live(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT_S)
        log_path.unlink(missing_ok=True)


def _wait_until_live(server: AsgiServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {server.process.returncode}:\n{server.log}")
        try:
            if httpx.get(f"{server.url}/livez", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"uvicorn did not answer /livez in {START_TIMEOUT_S:.0f} s:\n{server.log}")
