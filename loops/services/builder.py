"""Building a loop: reading it as facts for the rules, and the writes that change it.

Each write is one function in one transaction, taking the acting person.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from loops.models import (
    AuditEvent,
    Candidate,
    Closeness,
    Function,
    Loop,
    OrgSettings,
    Person,
    Role,
    Slot,
    Stage,
    audit,
)
from loops.rules.coverage import (
    FocusFacts,
    RoleFacts,
    SlotFacts,
    WeakSpotFacts,
    check_coverage,
    overlaps,
)
from loops.rules.findings import Finding, Level
from loops.rules.load import PersonFacts, lighter_alternatives, load_since
from loops.rules.suggest import Pick, suggest_loop

SLOT_MINUTES = 45
BREAK_MINUTES = 15


def role_facts(role: Role) -> RoleFacts:
    return RoleFacts(
        is_senior_leadership=role.is_senior_leadership,
        job_family=role.job_family,
        focus=tuple(FocusFacts(f.pk, f.name) for f in role.focus_competencies.all()),
        weak_spots=tuple(
            WeakSpotFacts(w.pk, w.name, w.judged_by, w.get_judged_by_display())
            for w in role.weak_spots.all()
        ),
        required_functions=tuple(
            (value, Function(value).label) for value in role.required_functions if value in Function
        ),
    )


def slot_facts(slot: Slot) -> SlotFacts:
    """Facts of a slot fetched with ``Slot.objects.for_loop_page()``."""
    return SlotFacts(
        interviewer_id=slot.interviewer_id,
        name=slot.interviewer.name,
        function=slot.interviewer.function,
        is_senior_leader=slot.interviewer.is_senior_leader,
        closeness=slot.closeness,
        round_type=slot.round_type,
        focus_ids=frozenset(f.pk for f in slot.focus.all()),
        weak_spot_ids=frozenset(w.pk for w in slot.weak_spots.all()),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
    )


@dataclass
class LoadNote:
    """A heavily loaded interviewer on the loop, with lighter people to swap in."""

    slot: Slot
    load: int
    alternatives: list[PersonFacts]


@dataclass
class LoopReview:
    """What the loop page shows beside the slots: coverage, schedule clashes, load."""

    findings: list[Finding]
    load: dict[int, int]
    load_notes: list[LoadNote]
    threshold: int

    @property
    def has_errors(self) -> bool:
        return any(finding.is_error for finding in self.findings)


def review_loop(
    loop: Loop, slots: list[Slot], now: datetime | None = None, *, viewer: Person | None = None
) -> LoopReview:
    """Coverage findings, double bookings and interviewer load for a loop's slots.

    A double booking names the other loop's candidate only to a ``viewer`` who may see
    that loop. A fixed number of queries whatever the loop's size.
    """
    now = now or timezone.now()
    role = loop.role
    facts = [slot_facts(slot) for slot in slots]
    findings = check_coverage(role_facts(role), facts) + _double_bookings(loop, slots, viewer)
    threshold = OrgSettings.load().load_threshold
    interviewer_ids = [slot.interviewer_id for slot in slots]
    load = Slot.objects.load_by_person(interviewer_ids, load_since(now))
    notes = []
    loaded = [slot for slot in slots if load.get(slot.interviewer_id, 0) > threshold]
    if loaded:
        taken = set(interviewer_ids)
        pool = _alternatives_pool(role, loaded, taken, now)
        for slot in loaded:
            me = PersonFacts(
                slot.interviewer_id,
                slot.interviewer.name,
                slot.interviewer.function,
                slot.interviewer.is_senior_leader,
                slot.closeness,
                load.get(slot.interviewer_id, 0),
            )
            notes.append(LoadNote(slot, me.load, lighter_alternatives(me, pool, taken)))
    findings.sort(key=lambda finding: finding.level is not Level.ERROR)
    return LoopReview(findings, load, notes, threshold)


def _double_bookings(loop: Loop, slots: list[Slot], viewer: Person | None) -> list[Finding]:
    timed = [slot for slot in slots if slot.starts_at and slot.ends_at]
    if not timed:
        return []
    start = min(slot.starts_at for slot in timed)
    end = max(slot.ends_at for slot in timed)
    others = (
        Slot.objects.filter(
            interviewer__in=[slot.interviewer_id for slot in timed],
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .exclude(loop=loop)
        .exclude(loop__state=Loop.State.CANCELLED)
        .select_related("loop__candidate")
    )
    others = list(others)
    # Another role's loop is none of this viewer's business unless they have a part in it.
    visible = set()
    if others and viewer is not None:
        ids = {other.loop_id for other in others}
        visible = set(
            Loop.objects.visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True)
        )
    findings = []
    for other in others:
        for slot in timed:
            if slot.interviewer_id == other.interviewer_id and overlaps(
                slot.starts_at, slot.ends_at, other.starts_at, other.ends_at
            ):
                local = timezone.localtime(other.starts_at)
                whom = f"{other.loop.candidate.name} " if other.loop_id in visible else ""
                findings.append(
                    Finding(
                        Level.WARNING,
                        f"{slot.interviewer.name} is already interviewing {whom}"
                        f"at {local:%H:%M} on {local.day} {local:%b}: "
                        "move this slot or pick someone else.",
                    )
                )
    return findings


def _alternatives_pool(role: Role, loaded: list[Slot], taken: set[int], now) -> list[PersonFacts]:
    """Who could stand in for a loaded interviewer: active, not on the loop, of the same
    function and closeness to the role. Read from the role's closeness rows (a slot's
    closeness is always set), then their load: two queries however large the directory."""
    wanted = Q()
    for slot in loaded:
        wanted |= Q(level=slot.closeness, person__function=slot.interviewer.function)
    rows = list(
        Closeness.objects.filter(role=role, person__is_active=True)
        .exclude(person__in=taken)
        .filter(wanted)
        .values_list(
            "person_id", "person__name", "person__function", "person__is_senior_leader", "level"
        )
    )
    load = Slot.objects.load_by_person([row[0] for row in rows], load_since(now))
    return [
        PersonFacts(pk, name, function, senior, level, load.get(pk, 0))
        for pk, name, function, senior, level in rows
    ]


def people_pool(role: Role, now: datetime) -> list[PersonFacts]:
    """Active people with their closeness to the role and their load.

    Two queries: the people with their closeness, then everyone's load.
    """
    closeness = Closeness.objects.filter(role=role, person=OuterRef("pk")).values("level")[:1]
    people = Person.objects.filter(is_active=True).annotate(role_closeness=Subquery(closeness))
    rows = list(people.values_list("pk", "name", "function", "is_senior_leader", "role_closeness"))
    load = _load_of_everyone(now)
    return [
        PersonFacts(pk, name, function, senior, level or "", load.get(pk, 0))
        for pk, name, function, senior, level in rows
    ]


def _load_of_everyone(now: datetime) -> dict[int, int]:
    rows = (
        Slot.objects.counting_for_load(load_since(now))
        .values("interviewer")
        .annotate(slots=Count("id"))
        .values_list("interviewer", "slots")
    )
    return dict(rows)


def suggestion_for(loop: Loop, now: datetime | None = None) -> list[Pick]:
    """A suggested loop for the loop's role, leaving out its hiring team and current slots."""
    now = now or timezone.now()
    role = loop.role
    exclude = {role.hiring_manager_id, *role.recruiters.values_list("pk", flat=True)}
    exclude |= set(loop.slots.values_list("interviewer_id", flat=True))
    heavy = OrgSettings.load().load_threshold
    return suggest_loop(role_facts(role), people_pool(role, now), exclude=exclude, heavy=heavy)


def next_interview_day(now: datetime) -> datetime:
    """09:30 local time on the next weekday: where suggested slots start."""
    day = timezone.localtime(now).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    naive = datetime.combine(day, datetime.min.time()).replace(hour=9, minute=30)
    return timezone.make_aware(naive)


def closeness_of(role: Role, person: Person) -> str:
    level = Closeness.objects.filter(role=role, person=person).values_list("level", flat=True)
    return level.first() or ""


def check_editable(loop: Loop) -> None:
    if not loop.is_editable:
        raise ValidationError(
            f"This loop is {loop.get_state_display().lower()}: its slots can no longer change."
        )


@transaction.atomic
def schedule_loop(loop: Loop, *, by: Person) -> None:
    """Move a draft loop to scheduled and queue each interviewer's invite after commit.

    Refused while a slot has no time or the loop breaks the one-slot-per-person rule.
    """
    from loops.tasks import send_loop_invites_task

    loop = Loop.objects.select_for_update().get(pk=loop.pk)
    slots = list(loop.slots.for_loop_page())
    if not slots:
        raise ValidationError("Add slots before scheduling the loop.")
    untimed = [slot.interviewer.name for slot in slots if not slot.starts_at]
    if untimed:
        raise ValidationError(f"Give every slot a time first: {', '.join(untimed)} has none.")
    if review_loop(loop, slots).has_errors:
        raise ValidationError("Fix the errors in the coverage panel first.")
    before = loop.state
    loop.move_to(Loop.State.SCHEDULED)
    audit(
        AuditEvent.Action.LOOP_MOVED,
        by=by,
        loop=loop,
        summary=f"{by.name} scheduled {loop}.",
        before=before,
        after=loop.state,
    )
    send_loop_invites_task.delay_on_commit(loop.pk)


@transaction.atomic
def move_loop(loop: Loop, state: str, *, by: Person) -> None:
    """Any other transition the loop page offers (back to draft, interviewing, cancelled)."""
    loop = Loop.objects.select_for_update().get(pk=loop.pk)
    before = loop.state
    loop.move_to(state)
    audit(
        AuditEvent.Action.LOOP_MOVED,
        by=by,
        loop=loop,
        summary=f"{by.name} moved {loop} from {Loop.State(before).label.lower()} "
        f"to {loop.get_state_display().lower()}.",
        before=before,
        after=loop.state,
    )


@transaction.atomic
def open_loop(
    role: Role, candidate: Candidate, stages: list[tuple[str, str]], *, by: Person
) -> Loop:
    """Add a candidate (unsaved, from the form) to a role with their earlier stages, and
    open their loop as a draft."""
    candidate.role = role
    candidate.save()
    Stage.objects.bulk_create(
        Stage(candidate=candidate, kind=kind, outcome=outcome) for kind, outcome in stages
    )
    loop = Loop.objects.create(candidate=candidate, role=role)
    audit(
        AuditEvent.Action.CANDIDATE_ADDED,
        by=by,
        loop=loop,
        summary=f"{by.name} opened a loop for {candidate.name} for {role.title}.",
        stages=[kind for kind, _ in stages],
    )
    return loop
