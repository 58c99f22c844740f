"""Who sits in a debrief, and how: the facilitator (the hiring manager, or staff), members
who read the notes, and restricted seats (an interviewer whose own note is not in yet,
an invited recruiter) that see no note content."""

from loops.models import (
    Loop,
    Person,
)

FACILITATOR, MEMBER, RESTRICTED = "facilitator", "member", "restricted"


def seat_of(debrief_or_loop, person: Person) -> str | None:
    """How ``person`` takes part: facilitator, member (reads the notes), restricted (an
    interviewer whose own note is not in yet, or an invited recruiter: no note content),
    or None when they have no seat."""
    loop = debrief_or_loop if isinstance(debrief_or_loop, Loop) else debrief_or_loop.loop
    if loop.role.can_facilitate(person):
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
