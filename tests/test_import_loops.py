"""Importing loops from JSON: files written by hand or by other systems, well or badly.

A file is checked against its JSON Schema, then for what a schema cannot say; a bad one is
refused whole, with the path of every error and what was expected, and never with a
traceback.
"""

import copy
import io
import json
import re
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from loops.models import (
    Candidate,
    FocusCompetency,
    Loop,
    Note,
    Person,
    Role,
    Slot,
    WeakSpot,
)
from loops.rules.preread import preread
from loops.services.agenda import preread_facts
from loops.services.import_checks import shown
from loops.services.importing import ImportRefused, import_loops, parse

pytestmark = pytest.mark.django_db

ROLE = {
    "title": "Platform Engineer",
    "job_family": "backend",
    "focus": [{"name": "APIs", "because": "it owns the public API"}],
    "weak_spots": [{"name": "Pricing", "judged_by": "sales"}],
}


def slot(email="una@example.com", **fields):
    return {
        "interviewer": {"name": "Una Ito", "email": email, "function": "sales"},
        "closeness": "weekly",
        "round_type": "functional",
        "focus": ["APIs"],
        "weak_spots": ["Pricing"],
        "starts_at": "2026-03-09T09:00:00Z",
        "ends_at": "2026-03-09T09:45:00Z",
        "note": {
            "initial_vote": "yes",
            "submitted_at": "2026-03-09T12:00:00Z",
            "ratings": {"APIs": "yes", "correctness": "no_signal"},
            "signals": ["Talked through trade-offs"],
            "flags": [{"colour": "yellow", "text": "Quiet at first", "intent": "completeness"}],
            "stories": [{"title": "The outage", "setup": "s", "actions": "a", "outcome": "o"}],
            "text": "Clear about the API's versioning.",
        },
        **fields,
    }


def loop(**fields):
    return {
        "role": copy.deepcopy(ROLE),
        "candidate": {"name": "Ira Imported", "email": "ira@example.net"},
        "state": "debrief",
        "debrief_at": "2026-03-10T15:00:00Z",
        "slots": [slot(), slot("tom@example.com")],
        **fields,
    }


def file(*loops):
    return {"loops": list(loops) or [loop()]}


def refused(data) -> list[str]:
    with pytest.raises(ImportRefused) as refusal:
        import_loops(data)
    return refusal.value.errors


# --- the audit's findings ------------------------------------------------------------------


def test_a_title_reused_with_other_focus_competencies_is_refused_naming_both_paths():
    other = loop()
    other["role"]["focus"] = [{"name": "Scale", "because": "traffic doubles yearly"}]
    other["slots"] = [slot(focus=["Scale"], note=None)]
    errors = refused(file(loop(), other))
    assert errors == [
        "loops[1].role.focus: should be the focus competencies of the role “Platform Engineer” "
        "at loops[0].role (APIs): a title names one role, so list the same ones or use another "
        "title"
    ]
    assert not Loop.objects.exists()


def test_a_title_already_in_debrief_must_come_with_its_focus_competencies():
    import_loops(file())
    other = loop()
    other["role"]["focus"].append({"name": "Scale", "because": "traffic doubles yearly"})
    assert refused(file(other)) == [
        "loops[0].role.focus: should be the focus competencies of the role “Platform Engineer” "
        "already in Debrief (APIs): a title names one role, so list the same ones or use "
        "another title"
    ]


def test_a_title_reused_with_the_same_focus_competencies_imports_into_one_role():
    first, second = import_loops(file(loop(), loop()))
    assert first.role == second.role
    assert Role.objects.count() == 1


@pytest.mark.parametrize("rating", [["yes"], {"value": "yes"}])
def test_a_rating_given_as_a_list_or_an_object_is_refused(rating):
    data = file()
    data["loops"][0]["slots"][0]["note"]["ratings"]["APIs"] = rating
    assert refused(data) == [
        "loops[0].slots[0].note.ratings.APIs: should be one of strong_no, no, yes, strong_yes, "
        "no_signal"
    ]


def test_senior_leader_must_be_true_or_false_not_text():
    data = file()
    data["loops"][0]["slots"][0]["interviewer"]["senior_leader"] = "no"
    assert refused(data) == [
        "loops[0].slots[0].interviewer.senior_leader: should be true or false or null"
    ]
    assert not Person.objects.filter(email="una@example.com").exists()


def test_a_slot_without_times_still_shows_its_missing_note_in_the_preread():
    untimed = slot("nora@example.com", note=None)
    del untimed["starts_at"], untimed["ends_at"]
    data = file(loop(slots=[slot(), untimed]))
    data["loops"][0]["slots"][0]["interviewer"]["name"] = "Una Ito"
    untimed["interviewer"]["name"] = "Nora Quiet"
    (imported,) = import_loops(data)
    items = preread(preread_facts(imported, datetime.fromisoformat("2026-03-10T14:00:00Z")))
    missing = [(item.kind, item.people, item.message) for item in items if item.kind == "missing"]
    assert missing == [("missing", ("Nora Quiet",), "Nora Quiet's note is missing.")]


def test_a_slot_focus_given_as_text_is_refused_once_not_letter_by_letter():
    data = file()
    data["loops"][0]["slots"][0]["focus"] = "APIs"
    assert refused(data) == ["loops[0].slots[0].focus: should be a list or null"]


# --- what else a hand-written file gets wrong ------------------------------------------------


def test_every_error_of_every_loop_comes_out_at_once():
    data = file(loop(), loop())
    first, second = data["loops"]
    first["slots"][0]["closeness"] = "hourly"
    first["slots"][0]["note"]["ratings"]["Astrology"] = "yes"
    second["slots"][1]["interviewer"]["email"] = "una@example.com"
    second["slots"][0]["ends_at"] = "2026-03-09T08:00:00Z"
    second["candidate"]["nickname"] = "Ira"
    assert refused(data) == [
        "loops[0].slots[0].closeness: should be one of daily, weekly, less (not “hourly”)",
        "loops[1].candidate.nickname: not part of the format here (the fields are name, email)",
        "loops[0].slots[0].note.ratings.Astrology: not a focus competency or dimension",
        "loops[1].slots[0].ends_at: should come after starts_at",
        "loops[1].slots[1].interviewer.email: should differ from "
        "loops[1].slots[0].interviewer.email (one person holds one slot per loop; both are "
        "una@example.com)",
    ]


PLAIN = "text without NUL characters or unpaired surrogates"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"title": "A\x00B"}, f"loops[0].role.title: should be {PLAIN}"),
        ({"title": "\ud800"}, f"loops[0].role.title: should be {PLAIN}"),
        (
            {"title": "x" * 201},
            "loops[0].role.title: should be at most 200 characters (it has 201)",
        ),
        ({"title": ""}, "loops[0].role.title: should not be empty"),
        (
            {"job_family": "astrology"},
            "loops[0].role.job_family: should be one of backend, ml, data_engineering, "
            "data_science, devops, product, design, sales, other (not “astrology”)",
        ),
        (
            {"focus": [{"name": "APIs"}, {"name": "APIs"}]},
            "loops[0].role.focus[1].name: should differ from loops[0].role.focus[0].name "
            "(both are “APIs”)",
        ),
    ],
)
def test_a_bad_role_is_refused_with_what_was_expected(change, error):
    data = file(loop(slots=[]))
    data["loops"][0]["role"].update(change)
    assert refused(data) == [error]


@pytest.mark.parametrize(
    "when", ["2026-13-01T09:00:00Z", "2026-03-09T09:00:00", "tomorrow", "0001-01-01T00:00:00+01:00"]
)
def test_a_time_that_is_not_a_date_and_time_with_a_zone_is_refused(when):
    data = file()
    data["loops"][0]["debrief_at"] = when
    assert refused(data) == [
        "loops[0].debrief_at: should be a date and time with a zone, ISO 8601, like "
        f"2026-03-09T09:00:00Z (not “{when}”)"
    ]


def test_a_slot_focus_the_role_lacks_and_a_bad_email_are_refused():
    data = file()
    data["loops"][0]["slots"][0]["focus"] = ["APIs", "Astrology"]
    data["loops"][0]["candidate"]["email"] = "ira at example"
    assert refused(data) == [
        "loops[0].candidate.email: should be an email address (not “ira at example”)",
        "loops[0].slots[0].focus[1]: should be one of the role's focus competencies (APIs), "
        "not “Astrology”",
    ]


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (
            b"{",
            "(top): should be JSON (Expecting property name enclosed in double quotes at "
            "line 1, column 2)",
        ),
        (b"\xff\xfe{}", "(top): should be UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000, "(top): should be JSON nested less deeply"),
        (
            b'{"loops": ' + b"9" * 5000 + b"}",
            "(top): should be JSON with numbers of a readable size",
        ),
    ],
)
def test_a_file_that_is_not_json_is_refused_without_a_traceback(raw, error):
    with pytest.raises(ImportRefused) as refusal:
        parse(raw)
    assert refusal.value.errors == [error]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ([], "(top): should be an object"),
        ({}, "loops: missing"),
        ({"loops": {}}, "loops: should be a list"),
        ({"loops": [1e999]}, "loops[0]: should be an object"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_at_the_top(data, error):
    assert refused(data) == [error]


def test_the_command_refuses_a_bad_file_listing_every_error(tmp_path):
    path = tmp_path / "loops.json"
    path.write_bytes(b'{"loops": [{"role": {"title": "A\\u0000"}}]}')
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 4 error"):
        call_command("import_loops", str(path), stderr=stderr)
    assert "loops[0].role.title: should be text without NUL" in stderr.getvalue()
    path.write_bytes(b'{"loops": [' + b"1" * 5000 + b"]}")
    with pytest.raises(CommandError, match="Nothing was imported: 1 error"):
        call_command("import_loops", str(path), stderr=io.StringIO())


def test_the_command_imports_a_good_file(tmp_path):
    path = tmp_path / "loops.json"
    path.write_text(json.dumps(file()))
    out = io.StringIO()
    call_command("import_loops", str(path), stdout=out)
    assert out.getvalue().startswith("Imported 1 loop(s): ")


def test_a_good_file_imports_what_it_says():
    (imported,) = import_loops(file())
    una = Slot.objects.get(loop=imported, interviewer__email="una@example.com")
    assert una.note.ratings == {
        f"focus:{imported.role.focus_competencies.get().pk}": "yes",
        "dimension:correctness": "no_signal",
    }
    assert una.note.stories[0] == {**slot()["note"]["stories"][0], "conclusion": ""}
    assert not una.interviewer.is_senior_leader


# --- malformed files, by the hundred -------------------------------------------------------

# Values a file might hold where it should not: words of the format, and hostile text.
WORDS = [
    "no",
    "yes",
    "strong_yes",
    "no_signal",
    "APIs",
    "Pricing",
    "una@example.com",
    "not-an-email",
]
HOSTILE = ["", "Platform Engineer", "\x00", "a\x00b", "\ud800", "x" * 301]
TIMES = ["2026-13-01T09:00:00Z", "2026-03-09T09:00:00", "2026-03-09T10:00:00Z"]
TEXTS = st.text(max_size=12) | st.sampled_from(WORDS + HOSTILE + TIMES)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXTS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTS, inner, max_size=3),
    max_leaves=6,
)


def _places(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _places(inner, (*path, index))


@st.composite
def malformed_files(draw):
    """A good file with one to four things changed: a value replaced by any JSON value, a
    field removed, an unknown one added, a loop repeated."""
    data = file(loop(), loop(slots=[slot("nora@example.com")]))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(_places(data))))
        how = draw(st.sampled_from(["replace", "replace", "remove", "add", "repeat"]))
        if not path:
            if how == "replace":
                data = draw(VALUES)
            continue
        *above, last = path
        parent = data
        for part in above:
            parent = parent[part]
        if how == "replace":
            parent[last] = draw(VALUES)
        elif how == "remove":
            del parent[last]
        elif how == "add" and isinstance(parent[last], dict):
            parent[last][draw(TEXTS)] = draw(VALUES)
        elif how == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


COUNTED = (Person, Role, FocusCompetency, WeakSpot, Candidate, Loop, Slot, Note)


def _counts():
    return [model.objects.count() for model in COUNTED]


@settings(
    max_examples=120,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=malformed_files())
def test_a_malformed_file_is_imported_cleanly_or_refused_with_paths(data):
    with transaction.atomic():
        before = _counts()
        try:
            imported = import_loops(data)
        except ImportRefused as refusal:
            assert refusal.errors
            tops = ["loops", *(shown(key) for key in data)] if isinstance(data, dict) else []
            for error in refusal.errors:
                path, _, expected = error.partition(": ")
                assert path == "(top)" or any(
                    re.match(rf"{re.escape(top)}($|[.\[])", path) for top in tops
                ), error
                assert expected, error
            assert _counts() == before
        else:
            assert len(imported) == len(data["loops"])
        transaction.set_rollback(True)  # each example starts from the same rows
