"""The reports' figures: calibration and the role report over 10,000 decided loops.

Both pages are requested in-process through Django's test client, signed in as a staff
person (who sees every row), DEBUG off; /livez, measured the same way in the same run,
shows what a request costs before any report is counted. Figures: the p95 (and median)
of the full response time of each page over RUNS requests after WARMUP, and each page's
query count at 1,000 and at 10,000 decided loops, which should not grow with the loops.

The data: 20 roles with 2-3 focus competencies each, 600 people, and decided loops spread
over the last year, 6 interviewers a loop. The pages read only the rows a decision
records (``Debrief`` with its ``hours_to_decision``, one ``VoteShift`` per interviewer and
one ``SignalGap`` per focus competency that lacked signal, see loops.models.outcomes), so
those are written in bulk here with the candidates and loops they hang from; slots,
notes and second votes are not, since no report reads them.

Runs against a database of its own (DATABASE_URL's server, database
debrief_bench_reports), made and dropped here. Prints `name: value unit` lines; progress
goes to stderr.

    python bench/reports.py            # the figures
    python bench/reports.py --explain  # also each page's queries, with the slowest's plan
"""

import argparse
import math
import random
import re
import statistics
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

from owndb import own_database

ROOT = Path(__file__).resolve().parent.parent
NAME = "debrief_bench_reports"

ROLES = 20
PEOPLE = 600
SEATS = 6  # interviewers a loop
POOL = 60  # people who interview for each role
FIRST_LOOPS = 1_000
ALL_LOOPS = 10_000
BATCH = 2_000
WARMUP = 3
RUNS = 30
HOST = "127.0.0.1"  # in the development settings' ALLOWED_HOSTS


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print each page's queries and the plan of its slowest one to stderr",
    )
    args = parser.parse_args()
    # DEBUG off and no collectstatic: WhiteNoise would warn that STATIC_ROOT is missing.
    warnings.filterwarnings("ignore", message="No directory at")
    progress("migrating")
    with own_database(NAME, DEBRIEF_ENV="development", DEBUG="false"):
        measure(explain=args.explain)
    return 0


# The data -----------------------------------------------------------------------------

FIRST = [
    "Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ian", "Jo",
    "Kai", "Lea", "Max", "Nia", "Oli", "Pia", "Raj", "Sia", "Teo", "Uma",
    "Vic", "Wes", "Xan", "Yara", "Zed", "Ama", "Bo", "Cy", "Di", "Ed",
]  # fmt: skip
LAST = [
    "Abbot", "Baker", "Costa", "Dunn", "Evans", "Ford", "Gray", "Hale", "Iqbal", "Jung",
    "Khan", "Lowe", "Moss", "Nash", "Ortiz", "Park", "Quinn", "Reyes", "Stone", "Tran",
]  # fmt: skip
TITLES = [
    "Backend Engineer", "Senior Backend Engineer", "Staff Engineer", "ML Engineer",
    "MLOps Engineer", "Data Engineer", "Analytics Engineer", "Data Scientist",
    "Site Reliability Engineer", "Platform Engineer", "Head of Platform Engineering",
    "Product Manager", "Senior Product Manager", "Product Designer", "UX Researcher",
    "Account Executive", "Sales Engineer", "Solutions Architect", "Engineering Manager",
    "Security Engineer",
]  # fmt: skip
COMPETENCIES = [
    "System design", "Code quality", "Debugging", "Ownership", "Growing leaders",
    "Influencing stakeholders", "Product sense", "Data modelling", "Incident response",
    "Budget ownership", "Customer empathy", "Written communication",
]  # fmt: skip
AGAINST_REASONS = [
    "The strong no was about a skill we will train in the first quarter.",
    "The team lead vouched for the candidate's references; we accept the risk.",
]


def people_and_roles(rng: random.Random):
    """The directory, the roles with their focus competencies and who interviews for
    each, and one staff person to request the pages as."""
    from django.contrib.auth.hashers import make_password

    from loops.models import FocusCompetency, Function, JobFamily, Person, Role

    password = make_password(None)  # unusable, hashed once for everyone
    functions = [value for value, _ in Function.choices]
    weights = [40, 12, 6, 10, 8, 4, 4, 4, 4, 2, 6]
    people = Person.objects.bulk_create(
        (
            Person(
                email=f"person{index}@bench.example",
                name=f"{FIRST[index % len(FIRST)]} {LAST[index // len(FIRST) % len(LAST)]}",
                function=rng.choices(functions, weights)[0],
                title="Interviewer",
                is_hiring_team=index < ROLES,
                password=password,
            )
            for index in range(PEOPLE)
        ),
        batch_size=BATCH,
    )
    staff = Person.objects.create_user(
        "bench.staff@bench.example", name="Bench Staff", is_staff=True
    )
    families = [value for value, _ in JobFamily.choices]
    roles = Role.objects.bulk_create(
        Role(
            title=TITLES[index],
            team=f"Team {index % 7 + 1}",
            job_family=families[index % len(families)],
            hiring_manager=people[index],
        )
        for index in range(ROLES)
    )
    focus = FocusCompetency.objects.bulk_create(
        FocusCompetency(role=role, name=name, because="the role needs it", order=order)
        for role in roles
        for order, name in enumerate(rng.sample(COMPETENCIES, k=rng.choice([2, 3, 3])))
    )
    competencies = {role.pk: [f.name for f in focus if f.role_id == role.pk] for role in roles}
    # Each role's interviewers, with how closely they would work with the hire.
    pools = {
        role.pk: [
            (person, rng.choices(["daily", "weekly", "less"], [3, 4, 3])[0])
            for person in rng.sample(people, k=POOL)
        ]
        for role in roles
    }
    # Habits: the chance of moving toward the room, and the lean of the initial vote.
    habits = {
        person.pk: (rng.choice([0.0, 0.1, 0.2, 0.2, 0.3, 0.5]), rng.gauss(0, 0.4))
        for person in people
    }
    # Days from the last interview to the decision, by role: one slow role.
    days = {role.pk: (3, 14) if "Head" in role.title else (1, 5) for role in roles}
    return staff, roles, competencies, pools, habits, days


def load_loops(rng: random.Random, world, first: int, count: int, now) -> None:
    """``count`` decided loops and what their decisions record, in bulk."""
    from django.db import transaction

    from loops.models import Candidate, Debrief, Decision, Loop, SignalGap, Step, VoteShift
    from loops.rules import calibration

    _, roles, competencies, pools, habits, days = world
    plans = []
    for index in range(first, first + count):
        role = roles[index % len(roles)]
        decided_at = now - timedelta(days=rng.uniform(1, 365), minutes=rng.uniform(0, 600))
        quality = rng.uniform(-1.2, 1.6)
        chosen = rng.sample(pools[role.pk], k=SEATS)
        initials = {}
        for person, _ in chosen:
            lean = habits[person.pk][1]
            initials[person.pk] = _clamp(round(1.5 + quality + lean + rng.gauss(0, 0.7)))
        seats = []
        for person, _ in chosen:
            initial = initials[person.pk]
            others = [vote for pk, vote in initials.items() if pk != person.pk]
            room = round(sum(others) / len(others))
            second = initial
            if rng.random() < habits[person.pk][0] and room != initial:
                second += 1 if room > initial else -1
            elif rng.random() < 0.03:
                second += -1 if room > initial else 1
            second = None if rng.random() < 0.02 else _clamp(second)
            seats.append(calibration.Seat(person.pk, initial, second, rng.random() < 0.12))
        seconds = [seat.second for seat in seats if seat.second is not None]
        points_to_no_hire = 0 in seconds or 3 not in seconds
        against = ""
        if points_to_no_hire:
            decision = Decision.NO_HIRE
            if rng.random() < 0.06:
                decision, against = Decision.HIRE, rng.choice(AGAINST_REASONS)
        else:
            decision = Decision.HIRE if rng.random() < 0.85 else Decision.MORE_SIGNAL
        low, high = days[role.pk]
        gaps = rng.sample(competencies[role.pk], k=rng.choice([0, 0, 0, 1, 1, 2]))
        plans.append(
            {
                "index": index,
                "role": role,
                "decided_at": decided_at,
                "decision": decision,
                "against": against,
                "hours": rng.uniform(low, high) * 24,
                "closeness": {person.pk: level for person, level in chosen},
                "function": {person.pk: person.function for person, _ in chosen},
                "shifts": calibration.shifts(seats, decision),
                "gaps": gaps,
            }
        )

    with transaction.atomic():
        candidates = Candidate.objects.bulk_create(
            (
                Candidate(
                    role=plan["role"],
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email=f"candidate{plan['index']}@bench.example",
                )
                for plan in plans
            ),
            batch_size=BATCH,
        )
        loops = Loop.objects.bulk_create(
            (
                Loop(
                    candidate=candidate,
                    role=plan["role"],
                    state=Loop.State.DECIDED,
                    debrief_at=plan["decided_at"] - timedelta(minutes=45),
                )
                for candidate, plan in zip(candidates, plans, strict=True)
            ),
            batch_size=BATCH,
        )
        debriefs = Debrief.objects.bulk_create(
            (
                Debrief(
                    loop=loop,
                    version=24,
                    step=Step.DECISION,
                    started_at=plan["decided_at"] - timedelta(minutes=45),
                    started_by_id=plan["role"].hiring_manager_id,
                    step_started_at=plan["decided_at"] - timedelta(minutes=8),
                    revealed_at=plan["decided_at"] - timedelta(minutes=10),
                    revealed_by_id=plan["role"].hiring_manager_id,
                    decision=plan["decision"],
                    rationale="Decided in the debrief.",
                    against_guidance_reason=plan["against"],
                    decided_at=plan["decided_at"],
                    decided_by_id=plan["role"].hiring_manager_id,
                    hours_to_decision=plan["hours"],
                )
                for loop, plan in zip(loops, plans, strict=True)
            ),
            batch_size=BATCH,
        )
        VoteShift.objects.bulk_create(
            (
                VoteShift(
                    debrief=debrief,
                    person_id=shift.person_id,
                    role=plan["role"],
                    decided_at=plan["decided_at"],
                    function=plan["function"][shift.person_id],
                    closeness=plan["closeness"][shift.person_id],
                    initial=shift.initial,
                    second=shift.second,
                    why_moved="The others' stories answered my doubt."
                    if shift.second is not None and shift.second != shift.initial
                    else "",
                    agrees=shift.agrees,
                    toward_room=shift.toward_room,
                    late=shift.late,
                )
                for debrief, plan in zip(debriefs, plans, strict=True)
                for shift in plan["shifts"]
            ),
            batch_size=BATCH,
        )
        SignalGap.objects.bulk_create(
            (
                SignalGap(
                    debrief=debrief,
                    role=plan["role"],
                    decided_at=plan["decided_at"],
                    function=plan["role"].hiring_manager.function,
                    competency=competency,
                )
                for debrief, plan in zip(debriefs, plans, strict=True)
                for competency in plan["gaps"]
            ),
            batch_size=BATCH,
        )


def _clamp(step: int) -> int:
    return max(0, min(3, step))


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# The measurements ---------------------------------------------------------------------


def measure(explain: bool) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from loops.models import Debrief, SignalGap, VoteShift

    rng = random.Random(2026)
    now = timezone.now()
    world = people_and_roles(rng)
    staff = world[0]
    client = Client(HTTP_HOST=HOST)
    client.force_login(staff)
    pages = {
        "calibration": reverse("loops:calibration"),
        "role_report": reverse("loops:role-report"),
    }
    trivial = reverse("livez")

    def get(path: str):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path}: {response.status_code}")
        return response

    def query_count(path: str) -> int:
        for _ in range(WARMUP):
            get(path)
        with CaptureQueriesContext(connection) as queries:
            get(path)
        return len(queries)

    def counts() -> str:
        return (
            f"{Debrief.objects.count():,} decided loops, {VoteShift.objects.count():,} vote"
            f" shifts, {SignalGap.objects.count():,} signal gaps"
        )

    started = time.perf_counter()
    load_loops(rng, world, 0, FIRST_LOOPS, now)
    analyze()
    progress(f"loaded {counts()} in {time.perf_counter() - started:.1f} s")
    small = {name: query_count(path) for name, path in pages.items()}

    started = time.perf_counter()
    for first in range(FIRST_LOOPS, ALL_LOOPS, 3_000):
        load_loops(rng, world, first, min(3_000, ALL_LOOPS - first), now)
    analyze()
    progress(f"loaded {counts()} in {time.perf_counter() - started:.1f} s")
    large = {name: query_count(path) for name, path in pages.items()}

    # Sanity: both pages show what was loaded.
    calibration_page = get(pages["calibration"]).content.decode()
    role_page = get(pages["role_report"]).content.decode()
    shown = re.search(r"\((\d+) interviewers\)", calibration_page)
    if shown is None:
        raise SystemExit("the calibration page shows no interviewers")
    progress(f"calibration page: {shown[1]} interviewers")
    if f'<dd id="total-decided">{ALL_LOOPS}</dd>' not in role_page:
        raise SystemExit("the role report does not count every decided loop")

    # Timing: the three paths in turn, so that drift falls on all of them alike.
    paths = {**pages, "trivial": trivial}
    for _ in range(WARMUP):
        for path in paths.values():
            get(path)
    timings = {name: [] for name in paths}
    for _ in range(RUNS):
        for name, path in paths.items():
            begun = time.perf_counter()
            get(path)
            timings[name].append((time.perf_counter() - begun) * 1000)

    print(
        f"# {counts()}, {ROLES} roles, {PEOPLE} people;"
        f" in-process test client as staff, DEBUG off; p95 of {RUNS} requests"
        f" after {WARMUP} warm-up"
    )
    for name in paths:
        print(f"{name}_p95_ms: {p95(timings[name]):.1f} ms")
        print(f"{name}_median_ms: {statistics.median(timings[name]):.1f} ms")
    for name in pages:
        print(f"{name}_queries_{FIRST_LOOPS}: {small[name]} queries")
        print(f"{name}_queries_{ALL_LOOPS}: {large[name]} queries")

    if explain:
        for name, path in pages.items():
            explain_page(name, path, get)


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def explain_page(name: str, path: str, get) -> None:
    """Each query of one request of the page with its time, then the plan of the
    slowest, to stderr."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        get(path)
    progress(f"\n== {name}: {len(queries)} queries")
    for query in queries:
        progress(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:160]}")
    slowest = max(queries, key=lambda query: float(query["time"]))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    progress(f"-- plan of the slowest:\n{slowest['sql']}\n{plan}")


if __name__ == "__main__":
    sys.exit(main())
