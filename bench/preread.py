"""The pre-read's figures: its speed on a 7-slot loop with full notes, its query count for
4 and 8 slots, and its recall and precision on the scenario set (tests/preread): the
latter on the plain values, the others on the scenarios kept in the import format.

Runs against a database of its own (DATABASE_URL's server, database debrief_bench_preread),
made and dropped here. Prints `name: value unit` lines; `make bench` runs it.
"""

import json
import statistics
import sys
import time
from pathlib import Path

from owndb import own_database

ROOT = Path(__file__).resolve().parent.parent
NAME = "debrief_bench_preread"


def main() -> int:
    with own_database(NAME):
        measure()
    return 0


def measure() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils.dateparse import parse_datetime

    from loops.rules.preread import preread
    from loops.services.agenda import preread_facts, thresholds
    from loops.services.importing import import_loops
    from tests.preread.scenarios import SCENARIOS, Finding

    true_positive = expected_total = found_total = 0
    for scenario in SCENARIOS:
        expected = list(scenario.expect)
        found = [Finding.of(item) for item in preread(scenario.loop)]
        expected_total += len(expected)
        found_total += len(found)
        remaining = list(found)
        for item in expected:
            if item in remaining:
                remaining.remove(item)
                true_positive += 1
    print(f"preread_scenarios: {len(SCENARIOS)} count")
    print(f"preread_recall: {true_positive / expected_total:.3f} ratio")
    print(f"preread_precision: {true_positive / found_total:.3f} ratio")

    # Speed and queries on loops in the database: the scenarios kept in the import format.
    scenarios = json.loads((ROOT / "tests/preread/scenarios.json").read_text())["scenarios"]
    loops = []
    for scenario in scenarios:
        (loop,) = import_loops({"loops": [scenario["loop"]]})
        loops.append((loop, parse_datetime(scenario["now"])))

    # Speed: the largest scenario loop with full notes, padded to 7 slots if need be.
    loop, now = max(loops, key=lambda pair: pair[0].slots.count())
    slots = loop.slots.count()
    limits = thresholds()
    for _ in range(20):
        preread(preread_facts(loop, now), limits)
    timings = []
    for _ in range(100):
        started = time.perf_counter()
        preread(preread_facts(loop, now), thresholds())
        timings.append((time.perf_counter() - started) * 1000)
    print(f"# preread of a {slots}-slot loop with its notes, median of 100 runs")
    print(f"preread_ms: {statistics.median(timings):.2f} ms")
    print(f"preread_p95_ms: {sorted(timings)[94]:.2f} ms")

    # Queries: the same for a 4-slot loop and an 8-slot one, both cut from the largest.
    import copy

    largest = max(scenarios, key=lambda scenario: len(scenario["loop"]["slots"]))
    eight = copy.deepcopy(largest["loop"])
    extra = copy.deepcopy(eight["slots"][-1])
    extra["interviewer"] = {**extra["interviewer"], "email": "bench.extra@example.com"}
    eight["slots"] = (eight["slots"] + [extra])[:8]
    eight["candidate"] = {"name": "Bench Eight"}
    (loop_of_eight,) = import_loops({"loops": [eight]})
    four = copy.deepcopy(largest["loop"])
    four["slots"] = four["slots"][:4]
    four["candidate"] = {"name": "Bench Four"}
    (loop_of_four,) = import_loops({"loops": [four]})
    smallest = (loop_of_four, parse_datetime(largest["now"]))
    counts = []
    for loop, now in (smallest, (loop_of_eight, parse_datetime(largest["now"]))):
        with CaptureQueriesContext(connection) as queries:
            preread_facts(loop, now)
        counts.append((loop.slots.count(), len(queries)))
    for size, count in counts:
        print(f"preread_queries_{size}_slots: {count} count")


if __name__ == "__main__":
    sys.exit(main())
