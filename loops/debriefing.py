"""The live debrief: starting it, the script's steps, resolutions, the role, the second
vote, the reveal and the decision, and what each screen shows.

Every change is one function, in one transaction that locks the debrief's row, checks
the rules against the locked state, bumps the version and announces it (delivered
only if the transaction commits). Concurrent changes therefore apply one after the
other, and a vote that arrives after the reveal sees the reveal and is refused.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from loops import calibration, live
from loops.agenda import agenda_for, loop_slots, preread_facts, thresholds
from loops.calibration import hours_between
from loops.charts import shift_chart
from loops.guidance import Ballot, Guidance, guidance, movement, split
from loops.models import (
    AuditEvent,
    Debrief,
    FlagIntent,
    FocusCompetency,
    Loop,
    Notice,
    OrgSettings,
    Participant,
    Person,
    Resolution,
    SecondVote,
    SignalGap,
    Slot,
    Step,
    Take,
    Vote,
    VoteShift,
    audit,
)
from loops.models.debriefs import Decision, planned_minutes
from loops.preread import coverage_gaps

FLAG_KINDS = {"red_flag", "unclear_flag", "yellow_concern"}
CONSISTENCY_KINDS = {"same_story", "story_read_differently", "steering"}
CLOSENESS_ORDER = {"daily": 0, "weekly": 1, "less": 2}

FACILITATOR, MEMBER, RESTRICTED = "facilitator", "member", "restricted"

# What an item is about, for those who may not read the notes behind it.
KIND_LABELS = {
    "late": "A late note",
    "missing": "A missing note",
    "thin": "A thin note",
    "vote_conflict": "Votes in opposite directions",
    "rating_conflict": "Ratings far apart",
    "red_flag": "A red flag",
    "yellow_flag": "A yellow flag",
    "same_story": "The same story told twice",
    "story_read_differently": "A story read differently",
    "steering": "The candidate steering conversations",
    "focus_gap": "A focus competency with little signal",
    "weak_spot_gap": "A weak spot not probed",
    "by_hand": "An item added by the hiring manager",
}


# Who is who ---------------------------------------------------------------------------


def seat_of(debrief_or_loop, person: Person) -> str | None:
    """How ``person`` takes part: facilitator, member (reads the notes), restricted (an
    interviewer whose own note is not in yet, or an invited recruiter: no note content),
    or None when they have no seat."""
    loop = debrief_or_loop if isinstance(debrief_or_loop, Loop) else debrief_or_loop.loop
    if person.is_staff or loop.role.hiring_manager_id == person.pk:
        return FACILITATOR
    slot = loop.slots.filter(interviewer=person).select_related("note").first()
    if slot is not None:
        note = getattr(slot, "note", None)
        return MEMBER if note is not None and note.is_submitted else RESTRICTED
    debrief = (
        getattr(loop, "debrief", None) if isinstance(debrief_or_loop, Loop) else debrief_or_loop
    )
    if (
        debrief is not None
        and debrief.recruiter_invited
        and loop.role.recruiters.filter(pk=person.pk).exists()
    ):
        return RESTRICTED
    return None


def missing_notes(loop: Loop) -> list[str]:
    """Interviewers whose notes are not submitted, by name."""
    return [
        slot.interviewer.name
        for slot in loop.slots.select_related("interviewer", "note")
        if not (getattr(slot, "note", None) and slot.note.is_submitted)
    ]


# Changes ------------------------------------------------------------------------------


def _locked(debrief: Debrief) -> Debrief:
    """The debrief's row, locked until the transaction ends, with its loop and role."""
    return (
        Debrief.objects.select_for_update(of=("self",))
        .select_related("loop__role", "loop__candidate")
        .get(pk=debrief.pk)
    )


def _bump(debrief: Debrief, *fields: str) -> None:
    debrief.version += 1
    debrief.save(update_fields=["version", *fields])
    live.announce(debrief.pk, debrief.version)


@transaction.atomic
def start_debrief(
    loop: Loop, *, by: Person, recruiter_invited: bool = False, now: datetime | None = None
) -> Debrief:
    """Open the debrief of ``loop`` and move the loop to its debrief state.

    A loop already in debrief keeps its debrief. Missing notes do not stop the start:
    the page warns and names whose before the hiring manager confirms.
    """
    now = now or timezone.now()
    loop = Loop.objects.select_for_update().get(pk=loop.pk)
    existing = Debrief.objects.filter(loop=loop).first()
    if existing is not None:
        return existing
    if loop.state == Loop.State.INTERVIEWING:
        loop.move_to(Loop.State.DEBRIEF)
    elif loop.state != Loop.State.DEBRIEF:
        raise ValidationError(
            f"A {loop.get_state_display().lower()} loop cannot be debriefed: "
            "its interviews must have started."
        )
    debrief = Debrief.objects.create(
        loop=loop,
        started_at=now,
        started_by=by,
        step_started_at=now,
        planned_minutes=OrgSettings.load().debrief_minutes,
        recruiter_invited=recruiter_invited,
    )
    Participant.objects.create(debrief=debrief, person=by, joined_at=now)
    audit(
        AuditEvent.Action.DEBRIEF_STARTED,
        by=by,
        loop=loop,
        summary=f"{by.name} started the debrief of {loop}.",
    )
    # Everyone with a seat hears of it in the app, with the link to join.
    invited = set(loop.slots.values_list("interviewer", flat=True))
    if recruiter_invited:
        invited |= set(loop.role.recruiters.values_list("pk", flat=True))
    invited.discard(by.pk)
    Notice.objects.bulk_create(
        Notice(
            recipient_id=person_id,
            text=f"The debrief of {loop.candidate.name} has started: join it.",
            url=debrief.get_absolute_url(),
        )
        for person_id in sorted(invited)
    )
    live.announce(debrief.pk, debrief.version)
    return debrief


def join(debrief: Debrief, person: Person, now: datetime | None = None) -> None:
    """Record that ``person`` is in the room; everyone's screen shows it."""
    if debrief.is_decided or debrief.participants.filter(person=person).exists():
        return
    with transaction.atomic():
        debrief = _locked(debrief)
        _, created = Participant.objects.get_or_create(
            debrief=debrief, person=person, defaults={"joined_at": now or timezone.now()}
        )
        if created:
            _bump(debrief)


@transaction.atomic
def move_step(debrief: Debrief, step: str, *, by: Person, now: datetime | None = None) -> Debrief:
    debrief = _locked(debrief)
    debrief.move_to_step(step, now or timezone.now())
    _bump(debrief, "step", "step_started_at", "step_seconds")
    return debrief


def neighbour_step(debrief: Debrief, offset: int) -> str | None:
    index = debrief.step_index + offset
    return Step.values[index] if 0 <= index < len(Step.values) else None


@transaction.atomic
def resolve_item(
    debrief: Debrief, key: str, *, note: str = "", take: str = "", by: Person
) -> Resolution:
    """Settle one item of the current step: a pre-read item with a short note, or a flag or
    consistency finding with the room's take (and an optional note)."""
    debrief = _locked(debrief)
    debrief.check_open()
    items = {item.key: item for item in script_items(debrief.loop).for_step(debrief.step)}
    item = items.get(key)
    if item is None:
        raise ValidationError("That item is not on this step's list any more.")
    note = note.strip()[:500]
    if debrief.step == Step.AMBIGUITY:
        if take not in Take.values:
            raise ValidationError(
                "Choose the room's take: dismissed, minor, real concern or blocker."
            )
    else:
        take = ""
        if not note:
            raise ValidationError("Write a short note on how the room resolved it.")
    resolution, _ = Resolution.objects.update_or_create(
        debrief=debrief,
        key=key,
        defaults={
            "step": debrief.step,
            "kind": item.kind,
            "message": item.message,
            "take": take,
            "note": note,
            "by": by,
            "at": timezone.now(),
        },
    )
    _bump(debrief)
    return resolution


def clean_needs(rows: list[tuple[str, str]]) -> list[dict]:
    """The role's needs as the hiring manager stated them: named rows, names unique."""
    needs, seen = [], set()
    for name, because in rows:
        name, because = name.strip()[:120], because.strip()[:300]
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        needs.append({"name": name, "because": because})
    return needs


@transaction.atomic
def state_role(debrief: Debrief, needs: list[dict], statement: str, *, by: Person) -> Debrief:
    """Record what this role needs and why, as said in the room."""
    debrief = _locked(debrief)
    debrief.check_open()
    if not needs:
        raise ValidationError("Name at least one thing the role needs.")
    debrief.role_needs = needs
    debrief.role_statement = statement.strip()[:5000]
    _bump(debrief, "role_needs", "role_statement")
    return debrief


@transaction.atomic
def update_role_from_statement(debrief: Debrief, *, by: Person) -> list[str]:
    """Carry the stated needs to the role's focus competencies, for future loops: a need
    with a focus competency's name updates its "because", a new one is added. Focus
    competencies not stated stay (remove them on the role's page). Returns what changed."""
    debrief = _locked(debrief)
    debrief.check_open()
    if not debrief.role_needs:
        raise ValidationError("State the role's needs first.")
    role = debrief.loop.role
    current = {focus.name.lower(): focus for focus in role.focus_competencies.all()}
    changes = []
    next_order = (role.focus_competencies.aggregate(Max("order"))["order__max"] or 0) + 1
    for need in debrief.role_needs:
        focus = current.get(need["name"].lower())
        if focus is None:
            FocusCompetency.objects.create(
                role=role, name=need["name"], because=need["because"], order=next_order
            )
            next_order += 1
            changes.append(f"Added {need['name']}")
        elif need["because"] and focus.because != need["because"]:
            focus.because = need["because"]
            focus.save(update_fields=["because"])
            changes.append(f"Updated why for {focus.name}")
    debrief.role_updated_at = timezone.now()
    _bump(debrief, "role_updated_at")
    return changes


def role_needs(debrief: Debrief) -> list[dict]:
    """The needs stated in the room, or, until then, the role's focus competencies."""
    if debrief.role_needs:
        return debrief.role_needs
    return [
        {"name": focus.name, "because": focus.because}
        for focus in debrief.loop.role.focus_competencies.all()
    ]


@transaction.atomic
def cast_vote(
    debrief: Debrief,
    voter: Person,
    vote: str,
    *,
    why_moved: str = "",
    tie: str = "",
    tied_to: str = "",
    now: datetime | None = None,
) -> SecondVote:
    """Record (or change) ``voter``'s second vote, until the reveal."""
    debrief = _locked(debrief)
    debrief.check_open()
    if debrief.is_revealed:
        raise ValidationError("The votes are revealed: second votes are closed.")
    if debrief.step != Step.REASSESSMENT:
        raise ValidationError("Second votes open at the reassessment step.")
    if not Slot.objects.filter(loop_id=debrief.loop_id, interviewer=voter).exists():
        raise ValidationError("Only the loop's interviewers cast a second vote.")
    if vote not in Vote.values:
        raise ValidationError("Choose a vote: strong no, no, yes or strong yes.")
    tied_to = tied_to.strip()[:300]
    if vote == Vote.STRONG_NO:
        if tie not in SecondVote.Tie.values:
            raise ValidationError("Say which need of the role your strong no ties to.")
        if tie != SecondVote.Tie.NONE and not tied_to:
            raise ValidationError("Name the need of the role your strong no ties to.")
        if tie == SecondVote.Tie.NONE:
            tied_to = ""
    else:
        tie, tied_to = "", ""
    second_vote, _ = SecondVote.objects.update_or_create(
        debrief=debrief,
        voter=voter,
        defaults={
            "vote": vote,
            "why_moved": why_moved.strip()[:500],
            "tie": tie,
            "tied_to": tied_to,
            "cast_at": now or timezone.now(),
        },
    )
    _bump(debrief)
    return second_vote


@transaction.atomic
def reveal_votes(debrief: Debrief, *, by: Person, now: datetime | None = None) -> Debrief:
    """Show every second vote on every screen at once; voting closes."""
    debrief = _locked(debrief)
    debrief.check_open()
    if debrief.is_revealed:
        return debrief
    if debrief.step != Step.REASSESSMENT:
        raise ValidationError("Votes are revealed at the reassessment step.")
    if not debrief.second_votes.exists():
        raise ValidationError("Nobody has voted yet: there is nothing to reveal.")
    debrief.revealed_at = now or timezone.now()
    debrief.revealed_by = by
    _bump(debrief, "revealed_at", "revealed_by")
    audit(
        AuditEvent.Action.VOTES_REVEALED,
        by=by,
        loop=debrief.loop,
        summary=f"{by.name} revealed the second votes of {debrief.loop}.",
        votes=debrief.second_votes.count(),
    )
    return debrief


def ballots(debrief: Debrief) -> list[Ballot]:
    return [
        Ballot(vote.voter.name, vote.vote, vote.tied_to if vote.tie != SecondVote.Tie.NONE else "")
        for vote in debrief.second_votes.select_related("voter")
    ]


@transaction.atomic
def decide(
    debrief: Debrief,
    decision: str,
    *,
    rationale: str,
    against_guidance_reason: str = "",
    by: Person,
    now: datetime | None = None,
) -> Debrief:
    """Record the decision and move the loop to decided. Hiring against the guidance
    needs a written reason."""
    debrief = _locked(debrief)
    debrief.check_open()
    if not debrief.is_revealed:
        raise ValidationError("Reveal the second votes before deciding.")
    if decision not in Decision.values:
        raise ValidationError("Choose a decision: hire, no hire or more signal needed.")
    if not rationale.strip():
        raise ValidationError("Write the rationale for the decision.")
    advice = guidance(ballots(debrief))
    if advice.is_against(decision) and not against_guidance_reason.strip():
        raise ValidationError(
            "This decision goes against the guidance: write why the room decided otherwise."
        )
    now = now or timezone.now()
    debrief.step_seconds = debrief.seconds_by_step(now)
    debrief.step_started_at = now
    debrief.decision = decision
    debrief.rationale = rationale.strip()[:5000]
    debrief.against_guidance_reason = (
        against_guidance_reason.strip()[:5000] if advice.is_against(decision) else ""
    )
    debrief.guidance_at_decision = [finding.message for finding in advice.findings]
    debrief.decided_at = now
    debrief.decided_by = by
    debrief.loop.move_to(Loop.State.DECIDED)
    _record_outcome(debrief, loop_slots(debrief.loop))
    _bump(
        debrief,
        "step_seconds",
        "step_started_at",
        "decision",
        "rationale",
        "against_guidance_reason",
        "guidance_at_decision",
        "decided_at",
        "decided_by",
        "hours_to_decision",
    )
    audit(
        AuditEvent.Action.DECIDED,
        by=by,
        loop=debrief.loop,
        summary=f"{by.name} decided “{debrief.get_decision_display()}” for {debrief.loop}.",
        decision=decision,
        against_guidance=bool(debrief.against_guidance_reason),
    )
    return debrief


def record_missing_outcomes() -> int:
    """Record the outcome of decided debriefs that have none (decided before the reports
    existed); returns how many. Safe to run any number of times."""
    debriefs = (
        Debrief.objects.decided()
        .filter(~Exists(VoteShift.objects.filter(debrief=OuterRef("pk"))))
        .select_related("loop__role")
    )
    count = 0
    for debrief in debriefs:
        with transaction.atomic():
            debrief = _locked(debrief)
            if debrief.shifts.exists():
                continue
            _record_outcome(debrief, loop_slots(debrief.loop))
            debrief.save(update_fields=["hours_to_decision"])
            count += 1
    return count


def _record_outcome(debrief: Debrief, slots: list) -> None:
    """Write what the reports count of this decided debrief: each interviewer's shift and
    the focus competencies that lacked signal (see ``loops.models.outcomes``); set (not
    save) its hours from the last interview to the decision."""
    last_interview = max((slot.ends_at for slot in slots if slot.ends_at), default=None)
    debrief.hours_to_decision = hours_between(last_interview, debrief.decided_at)
    votes = {vote.voter_id: vote for vote in debrief.second_votes.all()}
    full_note_due = thresholds().full_note_due
    seats = []
    for slot in slots:
        note = getattr(slot, "note", None)
        vote = votes.get(slot.interviewer_id)
        seats.append(
            calibration.Seat(
                slot.interviewer_id,
                Vote.step(note.initial_vote if note else None),
                Vote.step(vote.vote if vote else None),
                calibration.is_late(
                    note.submitted_at if note else None, slot.ends_at, full_note_due
                ),
            )
        )
    by_person = {slot.interviewer_id: slot for slot in slots}
    role = debrief.loop.role
    VoteShift.objects.bulk_create(
        VoteShift(
            debrief=debrief,
            person_id=shift.person_id,
            role=role,
            decided_at=debrief.decided_at,
            function=by_person[shift.person_id].interviewer.function,
            closeness=by_person[shift.person_id].closeness,
            initial=shift.initial,
            second=shift.second,
            why_moved=votes[shift.person_id].why_moved if shift.person_id in votes else "",
            agrees=shift.agrees,
            toward_room=shift.toward_room,
            late=shift.late,
        )
        for shift in calibration.shifts(seats, debrief.decision)
    )
    facts = preread_facts(debrief.loop, debrief.decided_at, slots)
    function = Person.objects.filter(pk=role.hiring_manager_id).values_list("function", flat=True)
    SignalGap.objects.bulk_create(
        SignalGap(
            debrief=debrief,
            role=role,
            decided_at=debrief.decided_at,
            function=function.first() or "",
            competency=item.subject,
        )
        for item in coverage_gaps(facts, thresholds())
        if item.kind == "focus_gap"
    )


# What the screens show ----------------------------------------------------------------


@dataclass
class ScriptItem:
    key: str
    kind: str
    message: str
    people: tuple[str, ...] = ()
    slots: tuple[int, ...] = ()
    resolution: Resolution | None = None

    @property
    def label(self) -> str:
        """What the item is about, without the words of any note."""
        return KIND_LABELS.get(self.kind, "An item")

    @property
    def sources(self) -> list[tuple[str, int]]:
        return list(zip(self.people, self.slots, strict=False))


@dataclass
class ScriptItems:
    information: list[ScriptItem] = field(default_factory=list)
    ambiguity: list[ScriptItem] = field(default_factory=list)

    def for_step(self, step: str) -> list[ScriptItem]:
        if step == Step.INFORMATION_QUALITY:
            return self.information
        if step == Step.AMBIGUITY:
            return self.ambiguity
        return []


def script_items(loop: Loop, now: datetime | None = None, slots: list | None = None) -> ScriptItems:
    """The pre-read's items to walk at information quality, and every flag and
    consistency finding to triage at ambiguity."""
    now = now or timezone.now()
    facts = preread_facts(loop, now, slots)
    agenda = agenda_for(loop, now, facts)
    items = ScriptItems()
    for entry in agenda.items:
        item = ScriptItem(entry.key, entry.kind, entry.message, entry.people, entry.slots)
        if entry.kind in CONSISTENCY_KINDS:
            items.ambiguity.append(item)
        elif entry.kind not in FLAG_KINDS:
            items.information.append(item)
    intents = dict(FlagIntent.choices)
    flags = []
    for note in facts.notes:
        if not note.submitted:
            continue
        for index, flag in enumerate(note.flags):
            colour = flag.get("colour", "yellow")
            intent = intents.get(flag.get("intent", ""), "intent not given")
            text = flag.get("text") or "(no text)"
            message = f"{colour.title()} flag from {note.interviewer} ({intent.lower()}): “{text}”"
            key = f"flag:{note.slot_id}:{index}"
            flags.append(
                ScriptItem(key, f"{colour}_flag", message, (note.interviewer,), (note.slot_id,))
            )
    # Red flags first: the room takes the serious ones while it is fresh.
    flags.sort(key=lambda item: item.kind != "red_flag")
    items.ambiguity[:0] = flags
    return items


@dataclass
class VoterRow:
    name: str
    closeness: str
    closeness_label: str
    initial: str
    second: str = ""
    why_moved: str = ""
    tied_to: str = ""
    tie: str = ""
    voted: bool = False

    @property
    def moved(self) -> int:
        return movement(self.initial, self.second)

    @property
    def steps_moved(self) -> int:
        return abs(self.moved)


def voter_rows(debrief: Debrief, *, with_votes: bool, slots: list | None = None) -> list[VoterRow]:
    """The loop's interviewers with their closeness and initial vote; with ``with_votes``
    (after the reveal only) also their second vote and why."""
    votes = {vote.voter_id: vote for vote in debrief.second_votes.all()}
    rows = []
    slots = slots if slots is not None else debrief.loop.slots.select_related("interviewer", "note")
    for slot in slots:
        note = getattr(slot, "note", None)
        vote = votes.get(slot.interviewer_id)
        row = VoterRow(
            slot.interviewer.name,
            slot.closeness,
            slot.get_closeness_display(),
            note.initial_vote if note else "",
            voted=vote is not None,
        )
        if with_votes and vote is not None:
            row.second, row.why_moved = vote.vote, vote.why_moved
            row.tie, row.tied_to = vote.tie, vote.tied_to
        rows.append(row)
    rows.sort(key=lambda row: (CLOSENESS_ORDER.get(row.closeness, 9), row.name))
    return rows


@dataclass
class StepClock:
    step: str
    label: str
    planned_s: int
    spent_s: int
    current: bool
    done: bool

    @property
    def overrun_s(self) -> int:
        return max(0, self.spent_s - self.planned_s)


def clock(debrief: Debrief, now: datetime) -> list[StepClock]:
    planned = planned_minutes(debrief.planned_minutes)
    spent = debrief.seconds_by_step(now) if not debrief.is_decided else debrief.step_seconds
    return [
        StepClock(
            step.value,
            step.label,
            planned[step] * 60,
            spent.get(step.value, 0),
            step.value == debrief.step and not debrief.is_decided,
            index < debrief.step_index or debrief.is_decided,
        )
        for index, step in enumerate(Step)
    ]


def panel_context(debrief: Debrief, audience: str, now: datetime | None = None) -> dict:
    """Everything one audience's screen shows at ``debrief.version``.

    The same for everyone in an audience, so one rendering serves all their streams:
    nobody's second vote is in it before the reveal (the facilitator sees who has voted,
    the others how many), and the restricted audience sees no note content.
    """
    now = now or timezone.now()
    loop = debrief.loop
    revealed = debrief.is_revealed
    shows_script = (
        debrief.step in (Step.INFORMATION_QUALITY, Step.AMBIGUITY) and not debrief.is_decided
    )
    slots = loop_slots(loop, weak_spots=shows_script)
    rows = voter_rows(debrief, with_votes=revealed, slots=slots)
    context = {
        "debrief": debrief,
        "loop": loop,
        "role": loop.role,
        **audience_context(audience),
        "clock": clock(debrief, now),
        "present": list(debrief.participants.select_related("person")),
        "voters": rows,
        "voted_count": sum(row.voted for row in rows),
        "needs": role_needs(debrief),
        "decisions": Decision.choices,
        "takes": Take.choices,
        "previous_step": neighbour_step(debrief, -1),
        "next_step": neighbour_step(debrief, +1),
    }
    if shows_script:
        resolutions = {r.key: r for r in debrief.resolutions.all()}
        items = script_items(loop, now, slots).for_step(debrief.step)
        for item in items:
            item.resolution = resolutions.get(item.key)
        context["items"] = items
        context["resolved_count"] = sum(item.resolution is not None for item in items)
    if revealed and not debrief.is_decided:
        context["advice"] = advice_for(rows)
        context.update(shift_context(rows))
    if debrief.is_decided:
        context.update(record_context(debrief, rows))
    return context


def advice_for(rows: list[VoterRow]) -> Guidance:
    return guidance(
        [
            Ballot(row.name, row.second, row.tied_to if row.tie != SecondVote.Tie.NONE else "")
            for row in rows
            if row.second
        ]
    )


def record_context(debrief: Debrief, rows: list[VoterRow] | None = None) -> dict:
    rows = rows if rows is not None else voter_rows(debrief, with_votes=debrief.is_revealed)
    resolutions = list(debrief.resolutions.all())
    return {
        "voters": rows,
        "information_resolutions": [r for r in resolutions if r.step == Step.INFORMATION_QUALITY],
        "ambiguity_resolutions": [r for r in resolutions if r.step == Step.AMBIGUITY],
        **shift_context(rows),
    }


def shift_context(rows: list[VoterRow]) -> dict:
    """The revealed vote shift: the room's split before and after, and its picture."""
    return {
        "split_before": split([row.initial for row in rows]),
        "split_after": split([row.second for row in rows]),
        "shift_chart": shift_chart(
            "Each interviewer's initial vote (hollow) and second vote (filled), by closeness",
            [(row.closeness_label, row.name, row.initial, row.second) for row in rows],
        ),
    }


def audience_context(audience: str) -> dict:
    """What sets one audience's panel apart from another's."""
    return {
        "audience": audience,
        "is_facilitator": audience == FACILITATOR,
        "can_read_notes": audience != RESTRICTED,
    }


def render_panels(debrief_id: int, audiences: tuple[str, ...]) -> tuple[int, dict[str, str]]:
    """The panels of several audiences as they stand now, from one read of the debrief:
    (version, {audience: HTML})."""
    debrief = (
        Debrief.objects.select_related("loop__role", "loop__candidate")
        .prefetch_related("loop__role__focus_competencies")
        .get(pk=debrief_id)
    )
    context = panel_context(debrief, audiences[0])
    # Shared by everyone in the audience, so it carries no one's CSRF token: htmx sends
    # each person's as a header.
    context["shared_render"] = True
    panels = {}
    for audience in audiences:
        context.update(audience_context(audience))
        panels[audience] = render_to_string("loops/debrief.html#panel", context)
    return debrief.version, panels


def render_panel(debrief_id: int, audience: str) -> tuple[int, str]:
    """The panel of one audience as it stands now: (version, HTML)."""
    version, panels = render_panels(debrief_id, (audience,))
    return version, panels[audience]


# The record ---------------------------------------------------------------------------


def record(debrief: Debrief, *, can_read_notes: bool) -> dict:
    """The debrief's record as plain data, for the JSON and Markdown exports."""
    context = record_context(debrief)
    labels = dict(Vote.choices)

    def resolution(r: Resolution) -> dict:
        return {
            "item": r.message if can_read_notes else KIND_LABELS.get(r.kind, "An item"),
            "take": r.get_take_display() if r.take else None,
            "note": r.note,
        }

    return {
        "schema": 1,
        "loop": debrief.loop_id,
        "candidate": debrief.loop.candidate.name,
        "role": debrief.loop.role.title,
        "started_at": debrief.started_at.isoformat(),
        "decided_at": debrief.decided_at.isoformat() if debrief.decided_at else None,
        "information_quality": [resolution(r) for r in context["information_resolutions"]],
        "ambiguity": [resolution(r) for r in context["ambiguity_resolutions"]],
        "role_clarification": {
            "needs": role_needs(debrief),
            "statement": debrief.role_statement,
            "role_updated": debrief.role_updated_at is not None,
        },
        "votes": [
            {
                "interviewer": row.name,
                "closeness": row.closeness_label,
                "initial_vote": labels.get(row.initial),
                "second_vote": labels.get(row.second),
                "moved": row.moved,
                "why_moved": row.why_moved,
                "strong_no_ties_to": row.tied_to or None,
            }
            for row in context["voters"]
        ],
        "split_before": dict(context["split_before"]),
        "split_after": dict(context["split_after"]),
        "decision": debrief.get_decision_display() if debrief.decision else None,
        "rationale": debrief.rationale,
        "guidance": debrief.guidance_at_decision,
        "against_guidance_reason": debrief.against_guidance_reason or None,
    }
