"""A benchmark's own database: made on DATABASE_URL's server, migrated, dropped after."""

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def _reset(admin: str, name: str, *, create: bool) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def own_database(name: str, **env: str):
    """Inside: Django set up on a fresh, migrated database ``name`` (with ``env`` added to
    the environment first); afterwards the database is dropped, whatever happened."""
    base = urlsplit(os.environ["DATABASE_URL"])
    admin = urlunsplit(base._replace(path="/postgres"))
    _reset(admin, name, create=True)
    os.environ.update(
        DATABASE_URL=urlunsplit(base._replace(path=f"/{name}")),
        DJANGO_SETTINGS_MODULE="debrief.settings",
        **env,
    )
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield
    finally:
        from django.db import connections

        connections.close_all()
        _reset(admin, name, create=False)
