"""The pre-read against a set of loops written from the domain, each with the findings a
seasoned hiring manager would expect, and those they would not: the pure rule on plain
values, without a database."""

import pytest

from loops.rules.preread import ORDER, Thresholds, preread
from tests.preread.scenarios import SCENARIOS, Finding


def found_in(scenario) -> list[Finding]:
    return sorted(Finding.of(item) for item in preread(scenario.loop, Thresholds()))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_the_preread_finds_what_a_hiring_manager_would(scenario):
    found = found_in(scenario)
    unwanted = [item for item in found if item.kind in scenario.expect_not]
    assert not unwanted, f"{scenario.name}: found what it should not: {unwanted}"
    assert found == sorted(scenario.expect), scenario.why


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_a_scenario_never_both_expects_and_rules_out_a_kind(scenario):
    expected = {item.kind for item in scenario.expect}
    both = expected & scenario.expect_not
    assert not both, f"{scenario.name}: both expects and rules out {sorted(both)}"
    unknown = (expected | scenario.expect_not) - set(ORDER)
    assert not unknown, f"{scenario.name}: no such kind of finding: {sorted(unknown)}"


def test_the_scenario_set_covers_every_kind_of_finding():
    kinds = {item.kind for scenario in SCENARIOS for item in scenario.expect}
    assert kinds == set(ORDER)
    assert len(SCENARIOS) >= 20


def test_every_scenario_has_its_own_name():
    names = [scenario.name for scenario in SCENARIOS]
    assert len(names) == len(set(names))
