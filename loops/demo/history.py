"""A year of decided loops for the demo, so the reports have something to tell.

Written in bulk (a few hundred rows a table) from a fixed seed, then recorded for the
reports by the same function a live decision uses. Interviewers have habits: some hold
their vote whatever the room says, some drift toward the room, one is hard to please;
the platform role takes longest to decide, and its budget competency rarely gets signal.
"""

import random
from datetime import timedelta

from django.utils import timezone

from loops.models import (
    Candidate,
    Closeness,
    Debrief,
    Decision,
    Loop,
    Note,
    Person,
    Role,
    RoundType,
    SecondVote,
    Slot,
    Step,
)
from loops.rules.guidance import Ballot, guidance
from loops.vocabulary import Vote

LOOPS = 150
CANDIDATE_DOMAIN = "history.candidates.example"
FIRST = [
    "Ada",
    "Ben",
    "Cleo",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ian",
    "Jo",
    "Kai",
    "Lea",
    "Max",
    "Nia",
    "Oli",
    "Pia",
    "Raj",
    "Sia",
    "Teo",
    "Uma",
]
LAST = [
    "Abbot",
    "Baker",
    "Costa",
    "Dunn",
    "Evans",
    "Ford",
    "Gray",
    "Hale",
    "Iqbal",
    "Jung",
    "Khan",
    "Lowe",
    "Moss",
    "Nash",
    "Ortiz",
]

# Habits by name: (chance of moving toward the room, lean of the initial vote in steps).
HABITS = {
    "Tom Becker": (0.0, 0.0),
    "Lukas Novak": (0.65, 0.0),
    "Liam O'Brien": (0.45, 0.3),
    "Marcus Lee": (0.1, -0.6),
    "Zoe Martin": (0.55, 0.2),
    "Omar Haddad": (0.05, -0.2),
    "Peter Lindqvist": (0.4, -0.3),
}
DEFAULT_HABIT = (0.2, 0.0)
# Days from the last interview to the decision, by role title (low, high).
DAYS_TO_DECIDE = {"Head of Platform Engineering": (3, 14)}
DEFAULT_DAYS = (1, 5)
# Focus competencies interviewers seldom rate, by name: the chance a note rates one.
RARELY_RATED = {"Growing leaders": 0.15, "Influencing stakeholders": 0.3}
AGAINST_REASONS = [
    "The strong no was about a skill we will train in the first quarter.",
    "The team lead vouched for the candidate's references; we accept the risk.",
]


def load_history() -> int:
    """Add the year of decided loops unless it is there; returns how many loops it added."""
    if Candidate.objects.filter(email__endswith=CANDIDATE_DOMAIN).exists():
        return 0
    rng = random.Random(2026)
    roles = list(
        Role.objects.select_related("hiring_manager").prefetch_related("focus_competencies")
    )
    if not roles:
        return 0
    closeness = {}
    for row in Closeness.objects.select_related("person"):
        closeness.setdefault(row.role_id, {}).setdefault(row.level, []).append(row.person)
    now = timezone.now()
    plans = [_plan(rng, index, roles, closeness, now) for index in range(LOOPS)]
    plans = [plan for plan in plans if plan is not None]
    _write(plans)
    from loops.debrief.outcomes import record_missing_outcomes

    record_missing_outcomes()
    return len(plans)


def _plan(rng, index, roles, closeness, now) -> dict | None:
    role = roles[index % len(roles)]
    people = closeness.get(role.pk, {})
    daily_people = people.get("daily", [])
    daily = rng.sample(daily_people, k=min(len(daily_people), rng.choice([2, 3])))
    others = people.get("weekly", []) + people.get("less", [])
    rest = rng.sample(others, k=min(len(others), rng.choice([3, 3, 4])))
    if len(daily) + len(rest) < 4:
        return None
    low, high = DAYS_TO_DECIDE.get(role.title, DEFAULT_DAYS)
    decided_at = now - timedelta(days=rng.uniform(2, 365))
    last_end = decided_at - timedelta(days=rng.uniform(low, high))
    quality = rng.uniform(-1.2, 1.6)
    seats = []
    for order, person in enumerate(daily + rest):
        move, lean = HABITS.get(person.name, DEFAULT_HABIT)
        initial = _clamp(round(1.5 + quality + lean + rng.gauss(0, 0.7)))
        ends = last_end - timedelta(hours=(len(daily) + len(rest) - 1 - order))
        late = rng.random() < 0.12
        seats.append(
            {
                "person": person,
                "closeness": "daily" if person in daily else _level(people, person),
                "initial": initial,
                "move": move,
                "order": order,
                "ends": ends,
                "submitted": ends
                + timedelta(hours=rng.uniform(26, 60) if late else rng.uniform(1, 20)),
            }
        )
    for seat in seats:
        others_mean = sum(s["initial"] for s in seats if s is not seat) / (len(seats) - 1)
        second = seat["initial"]
        if rng.random() < seat["move"] and round(others_mean) != second:
            second += 1 if others_mean > second else -1
        elif seat["move"] and rng.random() < 0.04:
            # Now and then someone moves against the room: a doubt nobody else shared.
            second += -1 if others_mean > second else 1
        seat["second"] = _clamp(second)
    focus = list(role.focus_competencies.all())
    for seat in seats:
        seat["ratings"] = {
            f"focus:{f.pk}": Vote.values[_clamp(seat["initial"] + rng.choice([-1, 0, 0, 1]))]
            for f in focus
            if rng.random() < RARELY_RATED.get(f.name, 0.6)
        }
    ballots = [
        Ballot(s["person"].name, Vote.values[s["second"]], focus[0].name if focus else "need")
        for s in seats
    ]
    advice = guidance(ballots)
    against = ""
    if advice.points_to_no_hire:
        decision = Decision.NO_HIRE
        if rng.random() < 0.06:
            decision, against = Decision.HIRE, rng.choice(AGAINST_REASONS)
    else:
        decision = Decision.HIRE if rng.random() < 0.85 else Decision.MORE_SIGNAL
    return {
        "role": role,
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "index": index,
        "seats": seats,
        "decided_at": decided_at,
        "decision": decision,
        "against": against,
        "guidance": [finding.message for finding in advice.findings],
    }


def _level(people, person) -> str:
    return "weekly" if person in people.get("weekly", []) else "less"


def _clamp(step: int) -> int:
    return max(0, min(3, step))


ROUNDS = [RoundType.CODING, RoundType.SYSTEM_DESIGN, RoundType.BEHAVIOURAL, RoundType.FUNCTIONAL]


def _write(plans: list[dict]) -> None:
    candidates = Candidate.objects.bulk_create(
        Candidate(
            role=plan["role"],
            name=plan["name"],
            email=f"candidate{plan['index']}@{CANDIDATE_DOMAIN}",
        )
        for plan in plans
    )
    loops = Loop.objects.bulk_create(
        Loop(
            candidate=candidate,
            role=plan["role"],
            state=Loop.State.DECIDED,
            debrief_at=plan["decided_at"] - timedelta(minutes=45),
        )
        for candidate, plan in zip(candidates, plans, strict=True)
    )
    slots = Slot.objects.bulk_create(
        Slot(
            loop=loop,
            interviewer=seat["person"],
            closeness=seat["closeness"],
            round_type=ROUNDS[seat["order"] % len(ROUNDS)],
            starts_at=seat["ends"] - timedelta(minutes=45),
            ends_at=seat["ends"],
            order=seat["order"],
            invited_at=seat["ends"] - timedelta(days=7),
        )
        for loop, plan in zip(loops, plans, strict=True)
        for seat in plan["seats"]
    )
    seats = [seat for plan in plans for seat in plan["seats"]]
    Note.objects.bulk_create(
        Note(
            slot=slot,
            initial_vote=Vote.values[seat["initial"]],
            initial_vote_at=seat["ends"] + timedelta(minutes=30),
            ratings=seat["ratings"],
            text="Notes from an earlier loop.",
            version=1,
            submitted_at=seat["submitted"],
        )
        for slot, seat in zip(slots, seats, strict=True)
    )
    debriefs = Debrief.objects.bulk_create(
        _debrief(loop, plan) for loop, plan in zip(loops, plans, strict=True)
    )
    SecondVote.objects.bulk_create(
        SecondVote(
            debrief=debrief,
            voter=seat["person"],
            vote=Vote.values[seat["second"]],
            why_moved=_why(seat),
            cast_at=plan["decided_at"] - timedelta(minutes=15),
        )
        for debrief, plan in zip(debriefs, plans, strict=True)
        for seat in plan["seats"]
    )


def _debrief(loop: Loop, plan: dict) -> Debrief:
    decided_at = plan["decided_at"]
    manager: Person = plan["role"].hiring_manager
    return Debrief(
        loop=loop,
        version=12,
        step=Step.DECISION,
        started_at=decided_at - timedelta(minutes=42),
        started_by=manager,
        step_started_at=decided_at - timedelta(minutes=8),
        revealed_at=decided_at - timedelta(minutes=12),
        revealed_by=manager,
        decision=plan["decision"],
        rationale="Decided on the second vote and the role's needs.",
        against_guidance_reason=plan["against"],
        guidance_at_decision=plan["guidance"],
        decided_at=decided_at,
        decided_by=manager,
    )


def _why(seat: dict) -> str:
    if seat["second"] > seat["initial"]:
        return "The others' stories answered my doubt."
    if seat["second"] < seat["initial"]:
        return "I had missed the concern the others raised."
    return ""
