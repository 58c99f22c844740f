"""The pre-read's scenario set: loops written from the domain as plain values for the pure
rule, each with the findings a seasoned hiring manager would expect, and those they would
not. One module a theme; add a scenario to the module of its theme (``build`` has the
builders), or a new module listed here."""

from tests.preread.scenarios import (
    agreement,
    conflicts,
    coverage,
    everything,
    missing,
    red_flags,
    same_story,
    steering,
    thin,
    yellow_flags,
)
from tests.preread.scenarios.build import Finding, Scenario

SCENARIOS: list[Scenario] = [
    *agreement.SCENARIOS,
    *yellow_flags.SCENARIOS,
    *conflicts.SCENARIOS,
    *missing.SCENARIOS,
    *thin.SCENARIOS,
    *red_flags.SCENARIOS,
    *same_story.SCENARIOS,
    *steering.SCENARIOS,
    *coverage.SCENARIOS,
    *everything.SCENARIOS,
]

__all__ = ["SCENARIOS", "Finding", "Scenario"]
