"""Every change to a live debrief: start, join, the script's steps, resolutions, the
role's needs, the second vote, the reveal and the decision.

Each is one function, in one transaction that locks the debrief's row, checks the rules
against the locked state, bumps the version and announces it (delivered only if the
transaction commits). Concurrent changes therefore apply one after the other, and a vote
that arrives after the reveal sees the reveal and is refused.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from loops.debrief import trail
from loops.debrief.outcomes import record_outcome
from loops.debrief.panels import script_items
from loops.live import listener
from loops.models import (
    AuditEvent,
    Debrief,
    FocusCompetency,
    Loop,
    Notice,
    OrgSettings,
    Participant,
    Person,
    Resolution,
    SecondVote,
    Slot,
    Step,
    Take,
    Vote,
    audit,
)
from loops.models.debriefs import Decision
from loops.rules.guidance import Ballot, guidance
from loops.services.agenda import loop_slots


def _bump(debrief: Debrief, *fields: str) -> None:
    debrief.version += 1
    debrief.save(update_fields=["version", *fields])
    listener.announce(debrief.pk, debrief.version)


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
    listener.announce(debrief.pk, debrief.version)
    return debrief


def join(debrief: Debrief, person: Person, now: datetime | None = None) -> None:
    """Record that ``person`` is in the room; everyone's screen shows it."""
    if debrief.is_decided or debrief.participants.filter(person=person).exists():
        return
    with transaction.atomic():
        debrief = Debrief.objects.locked(debrief.pk)
        _, created = Participant.objects.get_or_create(
            debrief=debrief, person=person, defaults={"joined_at": now or timezone.now()}
        )
        if created:
            _bump(debrief)


@transaction.atomic
def move_step(debrief: Debrief, step: str, *, by: Person, now: datetime | None = None) -> Debrief:
    debrief = Debrief.objects.locked(debrief.pk)
    before = debrief.step
    debrief.move_to_step(step, now or timezone.now())
    _bump(debrief, "step", "step_started_at", "step_seconds")
    if debrief.step != before:
        trail.step_moved(debrief, before, by=by)
    return debrief


@transaction.atomic
def resolve_item(
    debrief: Debrief, key: str, *, note: str = "", take: str = "", by: Person
) -> Resolution:
    """Settle one item of the current step: a pre-read item with a short note, or a flag or
    consistency finding with the room's take (and an optional note)."""
    debrief = Debrief.objects.locked(debrief.pk)
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
    resolution, created = Resolution.objects.update_or_create(
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
    trail.item_resolved(debrief, resolution, label=item.label, first=created, by=by)
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
    debrief = Debrief.objects.locked(debrief.pk)
    debrief.check_open()
    if not needs:
        raise ValidationError("Name at least one thing the role needs.")
    debrief.role_needs = needs
    debrief.role_statement = statement.strip()[:5000]
    _bump(debrief, "role_needs", "role_statement")
    trail.role_stated(debrief, by=by)
    return debrief


@transaction.atomic
def update_role_from_statement(debrief: Debrief, *, by: Person) -> list[str]:
    """Carry the stated needs to the role's focus competencies, for future loops: a need
    with a focus competency's name updates its "because", a new one is added. Focus
    competencies not stated stay (remove them on the role's page). Returns what changed."""
    debrief = Debrief.objects.locked(debrief.pk)
    debrief.check_open()
    if not debrief.role_needs:
        raise ValidationError("State the role's needs first.")
    role = debrief.loop.role
    current = {focus.name.lower(): focus for focus in role.focus_competencies.all()}
    changes, added, updated = [], [], []
    next_order = (role.focus_competencies.aggregate(Max("order"))["order__max"] or 0) + 1
    for need in debrief.role_needs:
        focus = current.get(need["name"].lower())
        if focus is None:
            FocusCompetency.objects.create(
                role=role, name=need["name"], because=need["because"], order=next_order
            )
            next_order += 1
            changes.append(f"Added {need['name']}")
            added.append(need["name"])
        elif need["because"] and focus.because != need["because"]:
            focus.because = need["because"]
            focus.save(update_fields=["because"])
            changes.append(f"Updated why for {focus.name}")
            updated.append(focus.name)
    debrief.role_updated_at = timezone.now()
    _bump(debrief, "role_updated_at")
    trail.role_carried(debrief, added=added, updated=updated, by=by)
    return changes


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
    debrief = Debrief.objects.locked(debrief.pk)
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
    second_vote, created = SecondVote.objects.update_or_create(
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
    trail.second_vote(debrief, first=created, voter=voter)
    return second_vote


@transaction.atomic
def reveal_votes(debrief: Debrief, *, by: Person, now: datetime | None = None) -> Debrief:
    """Show every second vote on every screen at once; voting closes."""
    debrief = Debrief.objects.locked(debrief.pk)
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
    debrief = Debrief.objects.locked(debrief.pk)
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
    record_outcome(debrief, loop_slots(debrief.loop))
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
