"""The live debrief across server processes: a change made through one process reaches
the streams another process serves, a reconnecting browser is not sent what it has, the
listener comes back after its database connection drops, pages answer right after the
database dropped every connection, and no stream carries a second vote before the reveal.

The servers are uvicorn subprocesses (tests/asgi_server.py) on the test database; the
streams are read with httpx's async client, each on its own thread, while the test
itself stays synchronous for the ORM.
"""

import asyncio
import re
import threading
import time
from dataclasses import dataclass

import httpx
import pytest
from django.db import connection
from django.utils import timezone

from loops.debrief import actions
from loops.models import Debrief, Loop, Note, Step
from tests.asgi_server import asgi_server, session_cookie
from tests.factories import (
    FocusCompetencyFactory,
    LoopFactory,
    PersonFactory,
    RoleFactory,
    SlotFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]

DELIVERY_TIMEOUT_S = 5.0


@pytest.fixture(scope="module")
def servers(django_db_setup):
    """Two server processes on the same test database, as behind a load balancer."""
    with asgi_server() as a, asgi_server() as b:
        yield a, b


@dataclass
class Cast:
    loop: Loop
    hiring_manager: object
    interviewers: list

    @property
    def debrief(self) -> Debrief:
        return Debrief.objects.get(loop=self.loop)

    @property
    def version(self) -> int:
        return self.debrief.version


def _debrief_in_progress() -> Cast:
    """A started debrief: the hiring manager and three interviewers with submitted notes."""
    manager = PersonFactory(name="Maya Manager", is_hiring_team=True)
    role = RoleFactory(title="Senior Backend Engineer", hiring_manager=manager)
    FocusCompetencyFactory(role=role, name="Reliability", because="outages stop checkout")
    loop = LoopFactory(
        candidate__role=role, candidate__name="Casey Candidate", state="interviewing"
    )
    now = timezone.now()
    interviewers = []
    for name, closeness, vote in [
        ("Ines Ito", "daily", "strong_yes"),
        ("Omar Okafor", "weekly", "yes"),
        ("Pia Park", "less", "no"),
    ]:
        person = PersonFactory(name=name)
        slot = SlotFactory(loop=loop, interviewer=person, closeness=closeness)
        Note.objects.create(
            slot=slot,
            initial_vote=vote,
            initial_vote_at=now,
            submitted_at=now,
            text="Walked through the ledger design, the failure modes and the on-call story.",
        )
        interviewers.append(person)
    actions.start_debrief(loop, by=manager)
    return Cast(loop, manager, interviewers)


@dataclass
class Message:
    id: int
    data: str


class Stream:
    """The debrief's event stream as a browser reads it, on a thread of its own."""

    def __init__(self, url: str, cookies: dict, headers: dict | None = None):
        self.url, self.cookies, self.headers = url, cookies, headers or {}
        self.messages: list[Message] = []
        self.status: int | None = None
        self.error: BaseException | None = None
        self._opened = threading.Event()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        assert self._opened.wait(10), f"the stream did not open: {self.error!r}"
        assert self.status == 200, f"the stream answered {self.status}"
        return self

    def __exit__(self, *exc):
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._task.cancel)
            self._thread.join(5)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._task = self._loop.create_task(self._read())
        try:
            self._loop.run_until_complete(self._task)
        except asyncio.CancelledError:
            pass
        except BaseException as error:  # reported by the test, which waits for messages
            self.error = error
        finally:
            self._opened.set()
            self._loop.close()

    async def _read(self) -> None:
        timeout = httpx.Timeout(10.0, read=None)
        async with (
            httpx.AsyncClient(cookies=self.cookies, timeout=timeout) as client,
            client.stream("GET", self.url, headers=self.headers) as response,
        ):
            self.status = response.status_code
            self._opened.set()
            event_id, data = None, []
            async for line in response.aiter_lines():
                if line.startswith("id:"):
                    event_id = int(line[3:].strip())
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
                elif not line and data:
                    with self._lock:
                        self.messages.append(Message(event_id, "\n".join(data)))
                    data = []

    @property
    def received(self) -> list[Message]:
        with self._lock:
            return list(self.messages)

    def wait_for(self, condition, timeout: float = DELIVERY_TIMEOUT_S) -> Message:
        """The first message received that meets ``condition``, waiting up to ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.received:
                if condition(message):
                    return message
            if self.error is not None:
                raise AssertionError(f"the stream failed: {self.error!r}")
            if time.monotonic() > deadline:
                ids = [message.id for message in self.received]
                raise AssertionError(f"no such message in {timeout} s; received ids {ids}")
            time.sleep(0.02)

    def wait_for_version(self, version: int, timeout: float = DELIVERY_TIMEOUT_S) -> Message:
        return self.wait_for(lambda message: message.id >= version, timeout)


def stream_url(server, loop) -> str:
    return f"{server.url}/loops/{loop.pk}/debrief/stream/"


class Browser:
    """Someone signed in on one server, posting the debrief's forms with their CSRF token."""

    def __init__(self, server, person, loop):
        self.loop = loop
        self.client = httpx.Client(base_url=server.url, cookies=session_cookie(person))
        page = self.client.get(f"/loops/{loop.pk}/debrief/")
        assert page.status_code == 200
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]

    def post(self, action: str, data: dict) -> httpx.Response:
        response = self.client.post(
            f"/loops/{self.loop.pk}/debrief/{action}/",
            data={"csrfmiddlewaretoken": self.csrf, **data},
        )
        assert response.status_code == 302, response.text[:500]
        return response

    def close(self):
        self.client.close()


def _listener_pids() -> set[int]:
    """The live listeners' PostgreSQL backends on the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE application_name = 'debrief-live' AND datname = current_database()"
        )
        return {row[0] for row in cursor.fetchall()}


def _wait_for_listeners(condition, timeout: float = 10.0) -> set[int]:
    deadline = time.monotonic() + timeout
    while True:
        pids = _listener_pids()
        if condition(pids) or time.monotonic() > deadline:
            return pids
        time.sleep(0.05)


def test_a_step_moved_through_one_process_reaches_a_stream_on_another(servers):
    a, b = servers
    cast = _debrief_in_progress()
    with Stream(stream_url(b, cast.loop), session_cookie(cast.interviewers[0])) as stream:
        first = stream.wait_for_version(1)
        assert first.id == cast.version
        assert 'data-step="information_quality"' in first.data

        manager = Browser(a, cast.hiring_manager, cast.loop)
        manager.post("step", {"step": Step.AMBIGUITY})
        manager.close()

        moved = stream.wait_for(lambda message: message.id > first.id)
        assert moved.id == cast.version
        assert 'data-step="ambiguity"' in moved.data
        assert '<h2 id="step-heading" aria-live="polite">Ambiguity</h2>' in moved.data


def test_a_reconnecting_stream_gets_only_what_it_does_not_have(servers):
    _, b = servers
    cast = _debrief_in_progress()
    shown = cast.version
    headers = {"Last-Event-ID": str(shown)}
    with Stream(stream_url(b, cast.loop), session_cookie(cast.interviewers[1]), headers) as stream:
        # The browser already shows this version: the stream stays quiet until there is
        # something new. A stream sends in order, so had it sent the version the browser
        # has, that would arrive before the new one: the first message must be the new one.
        actions.move_step(cast.debrief, Step.AMBIGUITY, by=cast.hiring_manager)
        message = stream.wait_for_version(shown + 1)
        assert message.id == shown + 1
        assert [m.id for m in stream.received] == [shown + 1]
        assert 'data-step="ambiguity"' in message.data


def test_streams_keep_receiving_after_the_listener_loses_its_connection(servers):
    _, b = servers
    cast = _debrief_in_progress()
    with Stream(stream_url(b, cast.loop), session_cookie(cast.interviewers[2])) as stream:
        stream.wait_for_version(cast.version)
        before = _wait_for_listeners(bool)
        assert before, "no live listener is connected"

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = 'debrief-live' AND datname = current_database()"
            )
        # Right away, while the listener is down or reconnecting: its NOTIFY may be lost.
        actions.move_step(cast.debrief, Step.AMBIGUITY, by=cast.hiring_manager)
        moved = stream.wait_for_version(cast.version, timeout=10)
        assert 'data-step="ambiguity"' in moved.data

        after = _wait_for_listeners(lambda pids: pids and not pids & before)
        assert after and not after & before, "the listener did not reconnect"

        # And notifications flow again through the new connection.
        actions.move_step(cast.debrief, Step.ROLE_CLARIFICATION, by=cast.hiring_manager)
        clarified = stream.wait_for_version(cast.version)
        assert 'data-step="role_clarification"' in clarified.data


def test_pages_answer_right_after_the_database_dropped_every_connection(servers):
    """As after a PostgreSQL restart: the pooled connections are dead, and the first
    request after it must not be handed one."""
    a, _ = servers
    person = PersonFactory()
    with httpx.Client(base_url=a.url, cookies=session_cookie(person)) as browser:
        for _ in range(3):  # the pool now holds connections
            assert browser.get("/my/interviews/").status_code == 200

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        answers = [browser.get("/my/interviews/").status_code for _ in range(3)]

    assert answers == [200, 200, 200], a.log


def test_no_stream_carries_a_second_vote_before_the_reveal(servers):
    a, b = servers
    cast = _debrief_in_progress()
    ines, _, pia = cast.interviewers
    why = "Moved after the on-call story: zqx-4271"
    url = stream_url(b, cast.loop)
    with (
        Stream(url, session_cookie(ines)) as colleague,
        Stream(url, session_cookie(cast.hiring_manager)) as facilitator,
    ):
        manager = Browser(a, cast.hiring_manager, cast.loop)
        manager.post("step", {"step": Step.REASSESSMENT})
        voter = Browser(a, pia, cast.loop)
        voter.post("vote", {"vote": "strong_no", "tie_choice": "none", "why_moved": why})
        voted = cast.version

        colleague.wait_for_version(voted)
        seen = facilitator.wait_for_version(voted)
        assert "1 of 3 have voted." in seen.data
        assert re.search(r"Pia Park: voted\b", seen.data)
        for message in colleague.received + facilitator.received:
            assert why not in message.data
            assert "Strong no" not in message.data
            assert 'class="shift"' not in message.data

        # The reveal shows it to everyone at once.
        manager.post("reveal", {})
        revealed = cast.version
        for stream in (colleague, facilitator):
            message = stream.wait_for_version(revealed)
            assert '<table class="shift">' in message.data
            assert why in message.data
            assert "Strong no" in message.data
        manager.close()
        voter.close()
