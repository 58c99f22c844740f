"""A few of the scenarios as an exporter would write them (``scenarios.json``, in the import
format), taken from the file through the import and the database to the pre-read: they must
give what the same scenarios give as plain values."""

import json
from pathlib import Path

import pytest
from django.utils.dateparse import parse_datetime

from loops.rules.preread import preread
from loops.services.agenda import preread_facts, thresholds
from loops.services.importing import import_loops
from tests.preread.scenarios import SCENARIOS, Finding

IMPORTED = json.loads((Path(__file__).parent / "scenarios.json").read_text())["scenarios"]
BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}


@pytest.mark.django_db
@pytest.mark.parametrize("imported", IMPORTED, ids=[s["name"] for s in IMPORTED])
def test_an_imported_loop_gives_the_preread_its_scenario_expects(imported):
    scenario = BY_NAME[imported["name"]]
    (loop,) = import_loops({"loops": [imported["loop"]]})
    facts = preread_facts(loop, parse_datetime(imported["now"]))
    found = sorted(Finding.of(item) for item in preread(facts, thresholds()))
    assert found == sorted(scenario.expect), scenario.why
