"""The loops import format: its JSON Schema is valid, says what the models say, and the
README's example follows it."""

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from loops.models import (
    NO_SIGNAL,
    Archetype,
    Candidate,
    CloseLevel,
    FlagColour,
    FlagIntent,
    FocusCompetency,
    Function,
    JobFamily,
    Loop,
    Person,
    Role,
    RoundType,
    Vote,
    WeakSpot,
)
from loops.services.import_checks import SCHEMA
from loops.services.importing import validate


def test_the_schema_is_valid_json_schema_2020_12():
    Draft202012Validator.check_schema(SCHEMA)


def _at(*path):
    node = SCHEMA["$defs"]
    for part in path:
        node = node[part] if part != "*" else node["items"]
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]] if set(node) == {"$ref"} else node
    return node


def _choices(node) -> list:
    return [value for value in node["enum"] if value not in ("", None)]


def test_the_schema_names_the_choices_the_models_define():
    assert _choices(_at("role", "properties", "job_family")) == JobFamily.values
    assert _choices(_at("role", "properties", "archetype")) == Archetype.values
    assert _choices(_at("loop", "properties", "state")) == Loop.State.values
    assert _choices(_at("slot", "properties", "closeness")) == CloseLevel.values
    assert _choices(_at("slot", "properties", "round_type")) == RoundType.values
    assert _choices(_at("function")) == Function.values
    assert _choices(_at("vote")) == Vote.values
    assert _choices(_at("note", "properties", "initial_vote")) == Vote.values
    ratings = _at("note", "properties", "ratings")["additionalProperties"]
    assert _choices(ratings) == [*Vote.values, NO_SIGNAL]
    flag = _at("note", "properties", "flags", "*")["properties"]
    assert _choices(flag["colour"]) == FlagColour.values
    assert _choices(flag["intent"]) == FlagIntent.values


@pytest.mark.parametrize(
    ("where", "model", "field"),
    [
        (("role", "properties", "title"), Role, "title"),
        (("role", "properties", "focus", "*", "properties", "name"), FocusCompetency, "name"),
        (("role", "properties", "focus", "*", "properties", "because"), FocusCompetency, "because"),
        (("role", "properties", "weak_spots", "*", "properties", "name"), WeakSpot, "name"),
        (("candidate", "properties", "name"), Candidate, "name"),
        (("candidate", "properties", "email"), Candidate, "email"),
        (("interviewer", "properties", "name"), Person, "name"),
        (("interviewer", "properties", "email"), Person, "email"),
        (("interviewer", "properties", "title"), Person, "title"),
    ],
)
def test_the_schema_lengths_are_those_of_the_database_columns(where, model, field):
    assert _at(*where)["maxLength"] == model._meta.get_field(field).max_length


@pytest.mark.django_db
def test_the_readme_example_is_a_valid_file_and_points_to_the_schema():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Importing loops") :]
    section = section[: section.index("\n## ", 1)]
    assert "loops/schemas/loops-import.schema.json" in section
    example = re.search(r"```json\n(.*?)```", section, re.S).group(1)
    assert validate(json.loads(example)) == []
