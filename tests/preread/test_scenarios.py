"""The pre-read against a set of loops written from the domain, each with the findings a
seasoned hiring manager would expect, and those they would not."""

import json
from pathlib import Path

import pytest
from django.utils.dateparse import parse_datetime

from loops.agenda import preread_facts, thresholds
from loops.importing import import_loops
from loops.preread import preread

SCENARIOS = json.loads((Path(__file__).parent / "scenarios.json").read_text())["scenarios"]
# Kinds whose findings are told apart by what they are about, not only by whom.
BY_SUBJECT = {"rating_conflict", "focus_gap", "weak_spot_gap"}


def finding(kind: str, people, subject: str = "") -> tuple:
    return (kind, tuple(sorted(people)), subject if kind in BY_SUBJECT else "")


def found_in(scenario) -> list[tuple]:
    (loop,) = import_loops({"loops": [scenario["loop"]]})
    facts = preread_facts(loop, parse_datetime(scenario["now"]))
    return [finding(item.kind, item.people, item.subject) for item in preread(facts, thresholds())]


@pytest.mark.django_db
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_the_preread_finds_what_a_hiring_manager_would(scenario):
    expected = sorted(
        finding(item["kind"], item["people"], item.get("subject", ""))
        for item in scenario["expect"]
    )
    found = sorted(found_in(scenario))
    assert found == expected, scenario["why"]
    assert not {kind for kind, _, _ in found} & set(scenario.get("expect_not", []))


def test_the_scenario_set_covers_every_kind_of_finding():
    from loops.preread import ORDER

    kinds = {item["kind"] for scenario in SCENARIOS for item in scenario["expect"]}
    assert kinds == set(ORDER)
    assert len(SCENARIOS) >= 20
