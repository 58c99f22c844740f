"""The standing cast: a hiring manager with a role, its recruiter, an interviewer,
an outsider with no part in it, and staff."""

import pytest
from django.core.cache import cache

from tests.factories import FocusCompetencyFactory, PersonFactory, RoleFactory, WeakSpotFactory


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
