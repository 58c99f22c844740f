from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from debrief.env import env_bool, env_choice, env_int, env_list


def test_booleans_read_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False


def test_a_malformed_boolean_stops_start_up_naming_the_variable(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        env_bool("FLAG", False)


def test_a_malformed_number_stops_start_up(monkeypatch):
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="COUNT must be a whole number"):
        env_int("COUNT", 1)


def test_unset_values_fall_back_to_their_defaults(monkeypatch):
    monkeypatch.delenv("UNSET_THING", raising=False)
    assert env_int("UNSET_THING", 7) == 7
    assert env_list("UNSET_THING", ["a"]) == ["a"]
    assert env_choice("UNSET_THING", "development", ("development", "production")) == "development"


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_production_refuses_to_start_without_a_real_secret_key():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DEBRIEF_ENV": "production", "DJANGO_SETTINGS_MODULE": "debrief.settings"},
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
