"""Writing a note: saving a draft, and the writes that lock it.

A draft save is a conditional UPDATE on the version the browser last saw, so two
tabs never overwrite each other unseen; the initial vote and the submission each
lock with a conditional UPDATE too, so a double click cannot record twice.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from loops.models import (
    DIMENSIONS,
    Amendment,
    AuditEvent,
    Note,
    Person,
    Slot,
    Vote,
    audit,
)

TEXT_MAX = 50_000
STORY_FIELD_MAX = 5_000
FLAG_TEXT_MAX = 1_000
TITLE_MAX = 200


class Conflict(Exception):
    """The note changed since the browser last saw it (another tab, or it was submitted)."""


@dataclass
class Draft:
    ratings: dict = field(default_factory=dict)
    signals: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    stories: list = field(default_factory=list)
    text: str = ""


def rating_rows(slot: Slot) -> list[tuple[str, str]]:
    """(key, label) of what the note rates: the focus competencies the slot probes, then
    the common dimensions."""
    focus = [(f"focus:{f.pk}", f.name) for f in slot.focus.all()]
    return focus + [(f"dimension:{key}", label) for key, label in DIMENSIONS]


def note_for(slot: Slot) -> Note:
    """The slot's note, made on first use (one note per slot, by its unique key)."""
    note, _ = Note.objects.get_or_create(slot=slot)
    return note


def save_draft(note: Note, draft: Draft, *, version: int, by: Person) -> int:
    """Save a draft over ``version``; the new version, or Conflict if the note moved on."""
    changed = Note.objects.filter(pk=note.pk, version=version, submitted_at__isnull=True).update(
        ratings=draft.ratings,
        signals=draft.signals,
        flags=draft.flags,
        stories=draft.stories,
        text=draft.text,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if changed != 1:
        raise Conflict()
    return version + 1


@transaction.atomic
def record_initial_vote(note: Note, vote: str, *, by: Person) -> None:
    """Record the first, unanchored vote; once recorded it never changes. The trail says
    that it was recorded, never which way: votes stay hidden until the reveal."""
    if vote not in Vote.values:
        raise ValidationError("Choose strong no, no, yes or strong yes.")
    now = timezone.now()
    locked = Note.objects.filter(pk=note.pk, initial_vote_at__isnull=True).update(
        initial_vote=vote, initial_vote_at=now
    )
    if not locked:
        raise ValidationError("Your initial vote is already recorded; it stays as it was.")
    note.initial_vote, note.initial_vote_at = vote, now
    loop = note.slot.loop
    audit(
        AuditEvent.Action.INITIAL_VOTE,
        by=by,
        loop=loop,
        summary=f"{by.name} recorded their initial vote on {loop}.",
        slot=note.slot_id,
    )


def submission_problems(note: Note) -> list[str]:
    problems = []
    if not note.vote_locked:
        problems.append("Record your initial vote first.")
    unclear = [flag["text"] or "(no text)" for flag in note.flags if not flag.get("intent")]
    if unclear:
        problems.append(
            "Say whether each flag is a concern to discuss or noted for completeness: "
            + "; ".join(f"“{text}”" for text in unclear)
            + "."
        )
    if any(not flag.get("text") for flag in note.flags):
        problems.append("Every flag needs a few words saying what it is.")
    return problems


@transaction.atomic
def submit_note(note: Note, *, by: Person) -> None:
    """Lock the note: refused (ValidationError) without an initial vote or a flag's intent."""
    note = Note.objects.select_for_update().get(pk=note.pk)
    if note.is_submitted:
        raise ValidationError("This note is already submitted.")
    problems = submission_problems(note)
    if problems:
        raise ValidationError(problems)
    note.submitted_at = timezone.now()
    note.save(update_fields=["submitted_at", "updated_at"])
    loop = note.slot.loop
    audit(
        AuditEvent.Action.NOTE_SUBMITTED,
        by=by,
        loop=loop,
        summary=f"{by.name} submitted their note on {loop}.",
        slot=note.slot_id,
    )


@transaction.atomic
def amend_note(note: Note, text: str, *, by: Person) -> Amendment:
    """Append words to a submitted note, kept with their time."""
    text = text.strip()
    if not note.is_submitted:
        raise ValidationError("Amendments are for submitted notes: edit the draft instead.")
    if not text:
        raise ValidationError("Write the amendment first.")
    if len(text) > TEXT_MAX:
        raise ValidationError(f"An amendment holds at most {TEXT_MAX:,} characters.")
    amendment = Amendment.objects.create(note=note, author=by, text=text)
    loop = note.slot.loop
    audit(
        AuditEvent.Action.NOTE_AMENDED,
        by=by,
        loop=loop,
        summary=f"{by.name} amended their note on {loop}.",
        slot=note.slot_id,
        amendment=amendment.pk,
    )
    return amendment


def note_status(note: Note | None, slot: Slot, now, full_note_due) -> str:
    """not started, draft, submitted or late, as My interviews shows it."""
    if note is not None and note.is_submitted:
        return "submitted"
    if slot.ends_at and now > slot.ends_at + full_note_due:
        return "late"
    if note is None or (note.is_blank and not note.vote_locked):
        return "not started"
    return "draft"
