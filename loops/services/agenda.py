"""The pre-read of a loop as the debrief's agenda: found items, the hiring manager's own,
dismissals with their reasons, and the order they chose."""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from loops.models import AgendaEntry, Loop, OrgSettings, Person
from loops.rules.items import Item
from loops.rules.preread import NoteFacts, PrereadLoop, Thresholds, preread


def thresholds() -> Thresholds:
    org = OrgSettings.load()
    return Thresholds(
        thin_ratio=org.thin_note_ratio / 100,
        thin_ratio_leader=min(1.0, org.thin_note_ratio * 1.5 / 100),
        story_similarity=org.story_similarity,
        full_note_due=timedelta(hours=org.full_note_due_hours),
    )


def loop_slots(loop: Loop, *, weak_spots: bool = True) -> list:
    """The loop's slots with their interviewers and notes (and the weak spots they probe,
    which the pre-read needs)."""
    slots = loop.slots.select_related("interviewer", "note")
    return list(slots.prefetch_related("weak_spots") if weak_spots else slots)


def preread_facts(loop: Loop, now: datetime, slots: list | None = None) -> PrereadLoop:
    """The loop's slots and notes as plain facts: four queries, whatever the loop's size
    (two when the caller has the slots from ``loop_slots``)."""
    role = loop.role
    focus = {f"focus:{f.pk}": f.name for f in role.focus_competencies.all()}
    slots = slots if slots is not None else loop_slots(loop)
    notes = []
    for slot in slots:
        note = getattr(slot, "note", None)
        ratings = {}
        if note is not None:
            for key, value in note.ratings.items():
                subject = focus.get(key) or key.removeprefix("dimension:")
                if not key.startswith("focus:") or key in focus:
                    ratings[subject] = value
        notes.append(
            NoteFacts(
                slot_id=slot.pk,
                interviewer=slot.interviewer.name,
                is_senior_leader=slot.interviewer.is_senior_leader,
                ends_at=slot.ends_at,
                weak_spots=frozenset(w.name for w in slot.weak_spots.all()),
                submitted=bool(note and note.is_submitted),
                initial_vote=note.initial_vote if note else "",
                ratings=ratings,
                flags=tuple(note.flags) if note else (),
                stories=tuple(note.stories) if note else (),
                text=note.text if note else "",
            )
        )
    return PrereadLoop(
        focus=tuple(focus.values()),
        weak_spots=tuple(w.name for w in role.weak_spots.all()),
        notes=tuple(notes),
        now=now,
    )


@dataclass
class Agenda:
    items: list[Item]
    dismissed: list[Item]


def agenda_for(loop: Loop, now: datetime | None = None, facts: PrereadLoop | None = None) -> Agenda:
    """The pre-read with the hiring manager's additions, dismissals and order applied.

    ``facts`` spares reading the notes again when the caller has them."""
    now = now or timezone.now()
    found = preread(facts or preread_facts(loop, now), thresholds())
    entries = {entry.key: entry for entry in loop.agenda_entries.all()}
    items = [_item(item, entries.get(item.key)) for item in found]
    items += [
        Item("by_hand", entry.text, key=key, by_hand=True, dismissed_reason=entry.dismissed_reason)
        for key, entry in entries.items()
        if key.startswith("hand:")
    ]
    natural = {item.key: index for index, item in enumerate(items)}

    def place(item: Item):
        entry = entries.get(item.key)
        position = entry.position if entry and entry.position is not None else None
        return (position if position is not None else natural[item.key] * 10 + 5, natural[item.key])

    items.sort(key=place)
    live = [item for item in items if not item.dismissed_reason]
    return Agenda(live, [item for item in items if item.dismissed_reason])


def _item(item: Item, entry: AgendaEntry | None) -> Item:
    return replace(item, dismissed_reason=entry.dismissed_reason if entry else "")


def change(loop: Loop, action: str, key: str, *, text: str, reason: str, by: Person) -> None:
    """One change the hiring manager asks of the agenda; ValidationError says why not.
    Keys come from the form: only an item on the agenda (or dismissed from it) is touched."""
    if action == "add":
        if not text.strip():
            raise ValidationError("Write the item to add to the agenda.")
        add_item(loop, text, by=by)
        return
    if action not in ("dismiss", "restore", "up", "down"):
        raise ValidationError("Say what to do with the pre-read: write the item, or pick one.")
    agenda = agenda_for(loop)
    on_agenda = {item.key for item in agenda.items}
    dismissed = {item.key for item in agenda.dismissed}
    if key not in (dismissed if action == "restore" else on_agenda):
        raise ValidationError(
            "That item is no longer on the agenda: the page shows it as it is now."
        )
    if action == "dismiss":
        dismiss_item(loop, key, reason, by=by)
    elif action == "restore":
        restore_item(loop, key, by=by)
    else:
        move_item(loop, key, -1 if action == "up" else 1, by=by)


def add_item(loop: Loop, text: str, *, by: Person) -> AgendaEntry:
    text = text.strip()[:500]
    entry = AgendaEntry.objects.create(loop=loop, key="hand:pending", text=text, created_by=by)
    entry.key = f"hand:{entry.pk}"
    entry.save(update_fields=["key"])
    return entry


def dismiss_item(loop: Loop, key: str, reason: str, *, by: Person) -> None:
    reason = reason.strip()[:300] or "Dismissed"
    AgendaEntry.objects.update_or_create(
        loop=loop,
        key=key,
        defaults={"dismissed_reason": reason, "dismissed_at": timezone.now(), "created_by": by},
    )


def restore_item(loop: Loop, key: str, *, by: Person) -> None:
    AgendaEntry.objects.filter(loop=loop, key=key).update(dismissed_reason="", dismissed_at=None)


@transaction.atomic
def move_item(loop: Loop, key: str, offset: int, *, by: Person) -> None:
    """Move an item up (-1) or down (+1): the whole current order is written down."""
    keys = [item.key for item in agenda_for(loop).items]
    if key not in keys:
        return
    index = keys.index(key)
    target = index + offset
    if not 0 <= target < len(keys):
        return
    keys[index], keys[target] = keys[target], keys[index]
    for position, item_key in enumerate(keys):
        AgendaEntry.objects.update_or_create(
            loop=loop, key=item_key, defaults={"position": position * 10, "created_by": by}
        )


# The version of the pre-read's JSON (the page's export and `manage.py preread`).
SCHEMA_VERSION = 1


def agenda_json(loop: Loop, agenda) -> dict:
    """The pre-read in the documented JSON schema (see the README)."""

    def item(entry):
        return {
            "key": entry.key,
            "kind": entry.kind,
            "message": entry.message,
            "people": list(entry.people),
            "slots": list(entry.slots),
            "subject": entry.subject,
            "added_by_hand": entry.by_hand,
            "dismissed_reason": entry.dismissed_reason or None,
        }

    return {
        "schema": SCHEMA_VERSION,
        "loop": loop.pk,
        "candidate": loop.candidate.name,
        "role": loop.role.title,
        "generated_at": timezone.now().isoformat(),
        "items": [item(entry) for entry in agenda.items],
        "dismissed": [item(entry) for entry in agenda.dismissed],
    }
