"""The writes that change a loop's slots, and what each change tells the interviewers.

Each write is one function in one transaction, taking the acting person for the audit
trail, and ends in ``tell_interviewers``: the one place that decides who hears about a
slot change (an invite, a cancellation, a notice), queued to go out after commit.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from loops.models import AuditEvent, Cancellation, Loop, Person, Slot, audit
from loops.rules.suggest import Pick
from loops.services.builder import BREAK_MINUTES, SLOT_MINUTES, check_editable, closeness_of
from loops.services.invites import invite_uid
from loops.tasks import send_cancellation_task, send_invite_task


@dataclass(frozen=True)
class Booking:
    """What an interviewer holds on a slot, as their calendar was last told it."""

    interviewer_id: int
    starts_at: datetime | None
    ends_at: datetime | None
    sequence: int

    @classmethod
    def of(cls, slot: Slot) -> "Booking":
        return cls(slot.interviewer_id, slot.starts_at, slot.ends_at, slot.invite_sequence)

    def same_as(self, other: "Booking") -> bool:
        return (self.interviewer_id, self.starts_at, self.ends_at) == (
            other.interviewer_id,
            other.starts_at,
            other.ends_at,
        )


def tell_interviewers(slot: Slot, before: Booking | None, *, removed: bool = False) -> None:
    """Decide what a slot change tells the people concerned, inside the write's transaction.

    ``before`` is the slot as it was (None for a new slot); a removed slot is passed
    before its row goes. A changed time or interviewer makes the slot's next invite a new
    version (SEQUENCE + 1). On a scheduled loop, the interviewer now holding a timed slot
    gets that invite, and one taken off a timed slot gets a cancellation of the same UID;
    both go out after commit, each claimed in the database so it is sent once.
    """
    after = None if removed else Booking.of(slot)
    if before is not None and after is not None:
        if before.same_as(after):
            return
        slot.invited_at = None
        slot.invite_sequence = before.sequence + 1
        slot.save(update_fields=["invited_at", "invite_sequence"])
    if slot.loop.state != Loop.State.SCHEDULED:
        return
    if after is not None and after.starts_at:
        send_invite_task.delay_on_commit(slot.pk)
    if before is None or not before.starts_at:
        return
    if after is None or after.interviewer_id != before.interviewer_id or not after.starts_at:
        cancellation = Cancellation.objects.create(
            interviewer_id=before.interviewer_id,
            loop=slot.loop,
            uid=invite_uid(slot.pk),
            sequence=before.sequence + 1,
            round_type=slot.round_type,
            starts_at=before.starts_at,
            ends_at=before.ends_at or before.starts_at + timedelta(minutes=SLOT_MINUTES),
        )
        send_cancellation_task.delay_on_commit(cancellation.pk)


def _lock(loop: Loop) -> Loop:
    """The loop's row, locked so a slot change and a state change never interleave."""
    loop = Loop.objects.select_for_update().get(pk=loop.pk)
    check_editable(loop)
    return loop


def _lock_slot(slot: Slot) -> Slot:
    loop = _lock(slot.loop)
    slot = Slot.objects.select_for_update().select_related("interviewer").get(pk=slot.pk)
    slot.loop = loop
    return slot


def _when(slot: Slot) -> str | None:
    return slot.starts_at.isoformat() if slot.starts_at else None


@transaction.atomic
def add_slot(
    loop: Loop,
    *,
    by: Person,
    interviewer: Person,
    round_type: str,
    closeness: str = "",
    focus=(),
    weak_spots=(),
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> Slot:
    """Add a slot at the end of the running order; its closeness defaults from the role's grid."""
    loop = _lock(loop)
    if loop.slots.filter(interviewer=interviewer).exists():
        raise ValidationError(f"{interviewer.name} already holds a slot on this loop.")
    slot = Slot.objects.create(
        loop=loop,
        interviewer=interviewer,
        closeness=closeness or closeness_of(loop.role, interviewer) or "less",
        round_type=round_type,
        starts_at=starts_at,
        ends_at=ends_at,
        order=loop.slots.count(),
    )
    slot.focus.set(focus)
    slot.weak_spots.set(weak_spots)
    tell_interviewers(slot, None)
    audit(
        AuditEvent.Action.SLOT_ADDED,
        by=by,
        loop=loop,
        summary=f"{by.name} gave {interviewer.name} a {slot.get_round_type_display().lower()} "
        f"slot on {loop}.",
        slot=slot.pk,
        interviewer=interviewer.pk,
        starts_at=_when(slot),
    )
    return slot


@transaction.atomic
def edit_slot(slot: Slot, *, by: Person, focus=(), weak_spots=(), **fields) -> Slot:
    """Change a slot's interviewer, closeness, round type, time and probes."""
    slot = _lock_slot(slot)
    before = Booking.of(slot)
    was = {
        "interviewer": slot.interviewer_id,
        "round_type": slot.round_type,
        "starts_at": _when(slot),
    }
    for name, value in fields.items():
        setattr(slot, name, value)
    if slot.loop.slots.filter(interviewer_id=slot.interviewer_id).exclude(pk=slot.pk).exists():
        raise ValidationError(f"{slot.interviewer.name} already holds a slot on this loop.")
    slot.closeness = slot.closeness or closeness_of(slot.loop.role, slot.interviewer)
    slot.save()
    slot.focus.set(focus)
    slot.weak_spots.set(weak_spots)
    tell_interviewers(slot, before)
    now = {
        "interviewer": slot.interviewer_id,
        "round_type": slot.round_type,
        "starts_at": _when(slot),
    }
    audit(
        AuditEvent.Action.SLOT_CHANGED,
        by=by,
        loop=slot.loop,
        summary=f"{by.name} changed {slot.interviewer.name}'s slot on {slot.loop}.",
        slot=slot.pk,
        before=was,
        after=now,
    )
    return slot


@transaction.atomic
def remove_slot(slot: Slot, *, by: Person) -> None:
    """Take a slot off the loop; its interviewer is told if the loop was scheduled."""
    slot = _lock_slot(slot)
    tell_interviewers(slot, Booking.of(slot), removed=True)
    audit(
        AuditEvent.Action.SLOT_REMOVED,
        by=by,
        loop=slot.loop,
        summary=f"{by.name} removed {slot.interviewer.name}'s slot from {slot.loop}.",
        slot=slot.pk,
        interviewer=slot.interviewer_id,
        starts_at=_when(slot),
    )
    slot.delete()


@transaction.atomic
def swap_interviewer(slot: Slot, person: Person, *, by: Person) -> Slot:
    """Give a slot to someone else, keeping its round, probes and time."""
    slot = _lock_slot(slot)
    if slot.loop.slots.filter(interviewer=person).exclude(pk=slot.pk).exists():
        raise ValidationError(f"{person.name} already holds a slot on this loop.")
    before = Booking.of(slot)
    previous = slot.interviewer
    slot.interviewer = person
    slot.save(update_fields=["interviewer"])
    tell_interviewers(slot, before)
    audit(
        AuditEvent.Action.SLOT_SWAPPED,
        by=by,
        loop=slot.loop,
        summary=f"{by.name} gave {previous.name}'s slot on {slot.loop} to {person.name}.",
        slot=slot.pk,
        before=previous.pk,
        after=person.pk,
    )
    return slot


@transaction.atomic
def move_slot(slot: Slot, offset: int, *, by: Person) -> None:
    """Move a slot up (-1) or down (+1) in its loop's running order."""
    loop = _lock(slot.loop)
    slots = list(loop.slots.select_for_update().order_by("order", "starts_at", "id"))
    index = next(i for i, s in enumerate(slots) if s.pk == slot.pk)
    target = index + offset
    if not 0 <= target < len(slots):
        return
    before = Booking.of(slots[index])
    slots[index], slots[target] = slots[target], slots[index]
    for position, item in enumerate(slots):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])
    moved = slots[target]
    moved.loop = loop
    # The running order is not a time: nobody is told, but the decision stays here.
    tell_interviewers(moved, before)
    audit(
        AuditEvent.Action.SLOT_REORDERED,
        by=by,
        loop=loop,
        summary=f"{by.name} moved a slot {'up' if offset < 0 else 'down'} on {loop}.",
        slot=moved.pk,
        before=index,
        after=target,
    )


@transaction.atomic
def add_picks(loop: Loop, picks: list[Pick], *, by: Person, start: datetime) -> list[Slot]:
    """Add suggested picks as slots, one after another from ``start``, after any timed slots."""
    loop = _lock(loop)
    order = loop.slots.count()
    last_end = max((s.ends_at for s in loop.slots.all() if s.ends_at), default=None)
    when = max(start, last_end + timedelta(minutes=BREAK_MINUTES)) if last_end else start
    created, names = [], []
    for pick in picks:
        if loop.slots.filter(interviewer_id=pick.person.id).exists():
            continue
        slot = Slot.objects.create(
            loop=loop,
            interviewer_id=pick.person.id,
            closeness=pick.closeness,
            round_type=pick.round_type,
            starts_at=when,
            ends_at=when + timedelta(minutes=SLOT_MINUTES),
            order=order,
        )
        slot.focus.set(pick.focus_ids)
        slot.weak_spots.set(pick.weak_spot_ids)
        tell_interviewers(slot, None)
        created.append(slot)
        names.append(pick.person.name)
        order += 1
        when += timedelta(minutes=SLOT_MINUTES + BREAK_MINUTES)
    if created:
        audit(
            AuditEvent.Action.SLOT_ADDED,
            by=by,
            loop=loop,
            summary=f"{by.name} added {', '.join(names)} to {loop} from the suggestion.",
            slots=[slot.pk for slot in created],
            interviewers=[slot.interviewer_id for slot in created],
        )
    return created
