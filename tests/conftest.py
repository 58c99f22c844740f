"""The standing cast: a hiring manager with a role, its recruiter, an interviewer,
an outsider with no part in it, and staff."""

import pytest
from django.core.cache import cache

from tests.factories import FocusCompetencyFactory, PersonFactory, RoleFactory, WeakSpotFactory


def pytest_collection_modifyitems(items):
    """The journeys in tests/browser/ are marked, so `-m "not browser"` leaves them out."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _fast_passwords_and_clean_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@pytest.fixture
def hiring_manager(db):
    return PersonFactory(name="Maya Manager", email="maya@example.com", is_hiring_team=True)


@pytest.fixture
def recruiter(db):
    return PersonFactory(name="Rita Recruiter", email="rita@example.com", is_hiring_team=True)


@pytest.fixture
def interviewer(db):
    return PersonFactory(name="Ivan Interviewer", email="ivan@example.com")


@pytest.fixture
def outsider(db):
    """Someone on the hiring team, but with no part in the cast's role."""
    return PersonFactory(name="Olga Outsider", email="olga@example.com", is_hiring_team=True)


@pytest.fixture
def staff(db):
    return PersonFactory(name="Sam Staff", email="sam@example.com", is_staff=True)


@pytest.fixture
def role(hiring_manager, recruiter):
    role = RoleFactory(
        title="Senior Backend Engineer", hiring_manager=hiring_manager, recruiters=[recruiter]
    )
    FocusCompetencyFactory(role=role, name="Distributed systems", because="the ledger is global")
    FocusCompetencyFactory(role=role, name="Reliability", because="outages stop checkout")
    WeakSpotFactory(role=role, name="Working with sales")
    return role


@pytest.fixture
def client_for(client):
    """A test client signed in as the given person."""

    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


@pytest.fixture
def htmx():
    """Headers an htmx 4 request carries."""
    return {"HX-Request": "true", "HX-Request-Type": "partial"}


@pytest.fixture
def loop(role):
    from tests.factories import LoopFactory

    return LoopFactory(candidate__role=role, candidate__name="Casey Candidate")


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread of this process) on the test Redis broker.

    Tasks it runs see committed rows only, hence the transactional database.
    """
    from celery.contrib.testing.worker import start_worker

    from debrief.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture
def wait_for():
    """Poll a condition for up to ``timeout`` seconds; the last value it returned."""
    import time

    def wait(condition, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.05)

    return wait
