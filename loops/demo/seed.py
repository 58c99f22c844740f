"""Demo data that reads like a real company: Northwind, a payments scale-up.

``load_demo()`` can run any number of times: it finds each row by its natural
key and leaves what is already there alone. Later parts of the product add
their own ``_load_*`` step to ``load_demo``.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from loops.demo.history import load_history
from loops.demo.notes import load_notes
from loops.models import (
    Archetype,
    Candidate,
    CloseLevel,
    Closeness,
    FocusCompetency,
    Function,
    JobFamily,
    Loop,
    OrgSettings,
    Person,
    Role,
    Slot,
    Stage,
    WeakSpot,
)

DOMAIN = "northwind.example"
DEMO_PASSWORD = "debrief-demo"

F = Function

# name, function, title, senior leader, hiring team, staff
PEOPLE = [
    ("Amara Okafor", F.LEADERSHIP, "Chief Executive Officer", True, False, False),
    ("Daniel Weiss", F.ENGINEERING, "Chief Technology Officer", True, True, False),
    ("Priya Raman", F.ENGINEERING, "VP Engineering", True, True, False),
    ("Sofia Alvarez", F.PRODUCT, "VP Product", True, False, False),
    ("Marcus Lee", F.SALES, "VP Sales", True, False, False),
    ("Kenji Watanabe", F.DATA, "Head of Data", True, False, False),
    ("Chloe Dubois", F.MARKETING, "VP Marketing", True, False, False),
    ("Peter Lindqvist", F.FINANCE, "Chief Financial Officer", True, False, False),
    ("Maya Chen", F.ENGINEERING, "Engineering Manager, Payments", False, True, False),
    ("Tom Becker", F.ENGINEERING, "Staff Engineer, Payments", False, False, False),
    ("Aisha Bello", F.ENGINEERING, "Senior Backend Engineer", False, False, False),
    ("Lukas Novak", F.ENGINEERING, "Backend Engineer", False, False, False),
    ("Ravi Patel", F.ENGINEERING, "Senior Backend Engineer", False, False, False),
    ("Grace Kim", F.ENGINEERING, "Site Reliability Engineer", False, False, False),
    ("Omar Haddad", F.ENGINEERING, "SRE Lead", False, False, False),
    ("Elena Petrova", F.ENGINEERING, "Senior Frontend Engineer", False, False, False),
    ("Diego Santos", F.ENGINEERING, "Platform Engineer", False, False, False),
    ("Julia Rossi", F.ENGINEERING, "Mobile Engineer", False, False, False),
    ("Noah Williams", F.ENGINEERING, "Engineering Manager, Platform", False, True, False),
    ("Fatima Zahra", F.ENGINEERING, "Machine Learning Engineer", False, False, False),
    ("Ben Carter", F.ENGINEERING, "Security Engineer", False, False, False),
    ("Hannah Schmidt", F.ENGINEERING, "Quality Engineer", False, False, False),
    ("Liam O'Brien", F.PRODUCT, "Product Manager, Payments", False, False, False),
    ("Zoe Martin", F.PRODUCT, "Product Manager, Growth", False, False, False),
    ("Ana Lima", F.PRODUCT, "Group Product Manager", False, False, False),
    ("Sara Nilsson", F.DESIGN, "Product Designer", False, False, False),
    ("Yuki Tanaka", F.DESIGN, "Design Lead", False, False, False),
    ("Jonas Berg", F.DESIGN, "UX Researcher", False, False, False),
    ("Ivan Horvat", F.DATA, "Data Engineer", False, False, False),
    ("Mei Lin", F.DATA, "Senior Data Scientist", False, False, False),
    ("Carlos Mendes", F.DATA, "Analytics Engineer", False, False, False),
    ("Nadia Rahman", F.DATA, "Data Science Manager", False, True, False),
    ("Olivia Brown", F.SALES, "Account Executive", False, False, False),
    ("Ethan Davis", F.SALES, "Sales Engineer", False, False, False),
    ("Isabella Garcia", F.SALES, "Sales Manager, Enterprise", False, False, False),
    ("Samuel Adeyemi", F.SALES, "Solutions Consultant", False, False, False),
    ("Emma Wilson", F.MARKETING, "Product Marketing Manager", False, False, False),
    ("Lucas Moreau", F.MARKETING, "Growth Marketing Manager", False, False, False),
    ("Laura Fischer", F.CUSTOMER_SUCCESS, "Customer Success Manager", False, False, False),
    ("Rachel Green", F.PEOPLE, "Technical Recruiter", False, True, False),
    ("Arjun Mehta", F.PEOPLE, "Recruiting Coordinator", False, True, False),
    ("Kim Park", F.OPERATIONS, "People Operations Lead", False, True, True),
]

ROLES = [
    {
        "title": "Senior Backend Engineer, Payments",
        "team": "Payments",
        "level": "Senior (L5)",
        "job_family": JobFamily.BACKEND,
        "archetype": Archetype.HIGH_GROWTH,
        "is_senior_leadership": False,
        "hiring_manager": "Maya Chen",
        "recruiters": ["Rachel Green"],
        "required_functions": [F.ENGINEERING, F.PRODUCT],
        "focus": [
            ("Distributed systems", "the payments ledger runs across three regions"),
            ("Reliability", "an outage here stops every checkout"),
            ("Working with product", "the team sets its own roadmap with product"),
        ],
        "weak_spots": [
            ("Working with sales", F.SALES),
            ("Explaining trade-offs to non-engineers", F.PRODUCT),
        ],
        "closeness": {
            CloseLevel.DAILY: ["Tom Becker", "Aisha Bello", "Liam O'Brien", "Lukas Novak"],
            CloseLevel.WEEKLY: ["Grace Kim", "Sara Nilsson", "Ethan Davis", "Ravi Patel"],
            CloseLevel.LESS: ["Priya Raman", "Marcus Lee", "Omar Haddad", "Ben Carter"],
        },
    },
    {
        "title": "Data Scientist, Growth",
        "team": "Growth",
        "level": "Mid-level (L4)",
        "job_family": JobFamily.DATA_SCIENCE,
        "archetype": Archetype.HIGH_GROWTH,
        "is_senior_leadership": False,
        "hiring_manager": "Nadia Rahman",
        "recruiters": ["Arjun Mehta"],
        "required_functions": [F.DATA, F.MARKETING],
        "focus": [
            ("Experimentation", "growth bets live or die by their A/B tests"),
            ("Influencing stakeholders", "marketing acts on this role's findings every week"),
        ],
        "weak_spots": [
            ("Turning ambiguity into a plan", F.PRODUCT),
            ("SQL at scale", F.DATA),
        ],
        "closeness": {
            CloseLevel.DAILY: ["Mei Lin", "Zoe Martin", "Carlos Mendes"],
            CloseLevel.WEEKLY: ["Lucas Moreau", "Emma Wilson", "Ivan Horvat"],
            CloseLevel.LESS: ["Kenji Watanabe", "Chloe Dubois", "Jonas Berg"],
        },
    },
    {
        "title": "Head of Platform Engineering",
        "team": "Platform",
        "level": "Director",
        "job_family": JobFamily.DEVOPS,
        "archetype": Archetype.ENTERPRISE,
        "is_senior_leadership": True,
        "hiring_manager": "Daniel Weiss",
        "recruiters": ["Rachel Green"],
        "required_functions": [F.ENGINEERING, F.FINANCE],
        "focus": [
            ("Incident response", "platform owns every production incident"),
            ("Migration", "the move off the old data centre lands on this role"),
            ("Growing leaders", "two of the platform teams have no manager yet"),
        ],
        "weak_spots": [
            ("Budget ownership", F.FINANCE),
            ("Working with sales", F.SALES),
        ],
        "closeness": {
            CloseLevel.DAILY: ["Noah Williams", "Omar Haddad", "Priya Raman"],
            CloseLevel.WEEKLY: ["Diego Santos", "Grace Kim", "Peter Lindqvist", "Ben Carter"],
            CloseLevel.LESS: ["Amara Okafor", "Marcus Lee", "Sofia Alvarez"],
        },
    },
]


def email_for(name: str) -> str:
    local = name.lower().replace("'", "").replace(" ", ".")
    return f"{local}@{DOMAIN}"


def demo_sign_ins() -> list[tuple[str, str]]:
    """(who, email) of the demo people worth signing in as."""
    return [
        ("Hiring manager", email_for("Maya Chen")),
        ("Interviewer", email_for("Tom Becker")),
        ("Recruiter", email_for("Rachel Green")),
        ("Staff", email_for("Kim Park")),
    ] + [
        (f"{DEBRIEF_LOOP.split()[0]}'s debrief", email)
        for email in Slot.objects.filter(loop__candidate__name=DEBRIEF_LOOP)
        .order_by("order")
        .values_list("interviewer__email", flat=True)[:3]
    ]


# (role title, candidate, state, days from today of the loop, slots to take from the suggestion)
LOOPS = [
    ("Senior Backend Engineer, Payments", "Jordan Rivera", Loop.State.DRAFT, 7, 0),
    ("Senior Backend Engineer, Payments", "Priya Natarajan", Loop.State.DRAFT, 8, 3),
    ("Senior Backend Engineer, Payments", "Alex Morgan", Loop.State.SCHEDULED, 5, 6),
    ("Senior Backend Engineer, Payments", "Sam Okonkwo", Loop.State.INTERVIEWING, 0, 6),
    ("Senior Backend Engineer, Payments", "Taylor Brooks", Loop.State.DEBRIEF, -2, 6),
    ("Senior Backend Engineer, Payments", "Riley Chen", Loop.State.DECIDED, -20, 6),
    ("Data Scientist, Growth", "Morgan Lee", Loop.State.SCHEDULED, 4, 5),
    ("Data Scientist, Growth", "Casey Ito", Loop.State.CANCELLED, -10, 5),
    ("Head of Platform Engineering", "Dana Whitfield", Loop.State.INTERVIEWING, -1, 6),
]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load the demo company; returns how many rows each step created."""
    OrgSettings.load()
    people = _load_people()
    roles = _load_roles()
    loops = _load_loops()
    return {"people": people, "roles": roles, "loops": loops, "decided loops": load_history()}


def _load_people() -> int:
    existing = set(Person.objects.values_list("email", flat=True))
    # One hash for everyone: hashing is deliberately slow, and this is demo data.
    password = make_password(DEMO_PASSWORD)
    created = 0
    for name, function, title, senior, hiring_team, staff in PEOPLE:
        email = email_for(name)
        if email in existing:
            continue
        person = Person(
            name=name,
            email=email,
            function=function,
            title=title,
            is_senior_leader=senior,
            is_hiring_team=hiring_team,
            is_staff=staff,
            is_superuser=staff,
            password=password,
        )
        person.save()
        created += 1
    return created


def _load_roles() -> int:
    people = {person.name: person for person in Person.objects.filter(email__endswith=DOMAIN)}
    created = 0
    for spec in ROLES:
        role, was_created = Role.objects.get_or_create(
            title=spec["title"],
            defaults={
                "team": spec["team"],
                "level": spec["level"],
                "job_family": spec["job_family"],
                "archetype": spec["archetype"],
                "is_senior_leadership": spec["is_senior_leadership"],
                "hiring_manager": people[spec["hiring_manager"]],
                "required_functions": [str(value) for value in spec["required_functions"]],
            },
        )
        if not was_created:
            continue
        created += 1
        role.recruiters.set([people[name] for name in spec["recruiters"]])
        FocusCompetency.objects.bulk_create(
            FocusCompetency(role=role, name=name, because=because, order=index)
            for index, (name, because) in enumerate(spec["focus"])
        )
        WeakSpot.objects.bulk_create(
            WeakSpot(role=role, name=name, judged_by=judge, order=index)
            for index, (name, judge) in enumerate(spec["weak_spots"])
        )
        Closeness.objects.bulk_create(
            Closeness(role=role, person=people[name], level=level)
            for level, names in spec["closeness"].items()
            for name in names
        )
    return created


# The loop being interviewed, where the demo interviewer has a note still to write.
DEMO_INTERVIEWERS_LOOP = "Sam Okonkwo"


def _give_last_slot_to(loop: Loop, person: Person) -> None:
    if loop.slots.filter(interviewer=person).exists():
        slot = loop.slots.get(interviewer=person)
        slot.order = loop.slots.count()
        slot.save(update_fields=["order"])
        return
    slot = loop.slots.order_by("-order").first()
    slot.interviewer = person
    slot.save(update_fields=["interviewer"])


def _load_loops() -> int:
    """Candidates with loops in every state, their slots picked by the loop suggester."""
    from loops.services.builder import next_interview_day, suggestion_for
    from loops.services.slot_changes import add_picks

    created = 0
    today = next_interview_day(timezone.now() - timedelta(days=1))
    for title, name, state, days, size in LOOPS:
        role = Role.objects.get(title=title)
        candidate, was_created = Candidate.objects.get_or_create(
            role=role,
            name=name,
            defaults={"email": email_for(name).replace(DOMAIN, "candidates.example")},
        )
        if not was_created:
            continue
        created += 1
        Stage.objects.create(
            candidate=candidate, kind=Stage.Kind.RECRUITER_SCREEN, outcome=Stage.Outcome.PASSED
        )
        loop = Loop.objects.create(candidate=candidate, role=role)
        picks = suggestion_for(loop)[:size]
        manager = role.hiring_manager
        add_picks(loop, picks, by=manager, start=today + timedelta(days=days))
        if name == DEMO_INTERVIEWERS_LOOP:
            _give_last_slot_to(loop, Person.objects.get(email=email_for("Tom Becker")))
        if state != Loop.State.DRAFT:
            # Past loops were scheduled long ago: their invites count as sent.
            loop.slots.update(invited_at=timezone.now())
            Loop.objects.filter(pk=loop.pk).update(state=state)
        load_notes(loop, state)
        if state == Loop.State.DECIDED:
            _load_decided_debrief(loop)
    return created


DEBRIEF_LOOP = "Taylor Brooks"


def _load_decided_debrief(loop: Loop) -> None:
    """The decided demo loop's debrief, run through the same steps as a live one."""
    from loops.debrief import actions, panels
    from loops.models import Step, Take

    manager = loop.role.hiring_manager
    start = timezone.now() - timedelta(days=18)
    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.INTERVIEWING)
    debrief = actions.start_debrief(loop, by=manager, now=start)
    slots = list(loop.slots.select_related("interviewer", "note").order_by("order"))
    for slot in slots:
        actions.join(debrief, slot.interviewer, now=start)
    items = panels.script_items(loop)
    for item in items.information[:2]:
        actions.resolve_item(
            debrief, item.key, note="Talked it through; the notes stand.", by=manager
        )
    actions.move_step(debrief, Step.AMBIGUITY, by=manager, now=start + timedelta(minutes=9))
    for item in items.ambiguity[:2]:
        actions.resolve_item(
            debrief, item.key, take=Take.MINOR, note="Nerves early on; gone by the end.", by=manager
        )
    actions.move_step(
        debrief, Step.ROLE_CLARIFICATION, by=manager, now=start + timedelta(minutes=16)
    )
    actions.state_role(
        debrief,
        panels.role_needs(debrief),
        "Owns the ledger end to end from day one: correctness over speed.",
        by=manager,
    )
    actions.move_step(debrief, Step.REASSESSMENT, by=manager, now=start + timedelta(minutes=21))
    # Second votes: most hold, the one "no" moves up after the discussion.
    for slot in slots:
        initial = slot.note.initial_vote if hasattr(slot, "note") else "yes"
        second, why = initial, ""
        if initial == "no":
            second, why = "yes", "The ledger design answered my worry about edge cases."
        actions.cast_vote(debrief, slot.interviewer, second, why_moved=why)
    actions.reveal_votes(debrief, by=manager, now=start + timedelta(minutes=30))
    actions.move_step(debrief, Step.DECISION, by=manager, now=start + timedelta(minutes=34))
    actions.decide(
        debrief,
        "hire",
        rationale="Strong on the ledger and on ownership, the two things this role needs most.",
        by=manager,
        now=start + timedelta(minutes=42),
    )
