"""Import loops with their notes from JSON: the format other systems can export to.

The format is the JSON Schema ``loops/schemas/loops-import.schema.json``, described in the
README ("Importing loops"); ``loops.services.import_checks`` checks a file against it and for what
it cannot say. ``import_loops`` imports only a file without a single error, in one
transaction: nothing is ever half-imported. People are matched by email and roles by
title; both are created when missing.
"""

from datetime import datetime

from django.db import transaction
from django.utils.dateparse import parse_datetime

from loops.models import (
    Archetype,
    Candidate,
    FocusCompetency,
    Loop,
    Note,
    Person,
    Role,
    Slot,
    WeakSpot,
)
from loops.models.people import normalise_email
from loops.services.import_checks import ImportRefused, existing_role, parse, validate
from loops.vocabulary import STORY_PARTS

__all__ = ["ImportRefused", "import_loops", "parse", "validate"]

IMPORTS_MANAGER_EMAIL = "imports@debrief.invalid"


def import_loops(data) -> list[Loop]:
    """Import every loop of a valid file, or raise ImportRefused with all its errors."""
    errors = validate(data)
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        return [_import_loop(loop) for loop in data["loops"]]


def _when(value) -> datetime | None:
    return parse_datetime(value) if value else None


def _import_loop(data: dict) -> Loop:
    role = _role(data["role"])
    candidate = Candidate.objects.create(
        role=role, name=data["candidate"]["name"], email=data["candidate"].get("email") or ""
    )
    loop = Loop.objects.create(
        candidate=candidate,
        role=role,
        state=data.get("state") or Loop.State.DRAFT,
        debrief_at=_when(data.get("debrief_at")),
    )
    focus = {f.name: f for f in role.focus_competencies.all()}
    spots = {w.name: w for w in role.weak_spots.all()}
    for order, item in enumerate(data["slots"]):
        slot = Slot.objects.create(
            loop=loop,
            interviewer=_person(item["interviewer"]),
            closeness=item["closeness"],
            round_type=item["round_type"],
            starts_at=_when(item.get("starts_at")),
            ends_at=_when(item.get("ends_at")),
            order=order,
        )
        slot.focus.set(focus[name] for name in item.get("focus") or [])
        slot.weak_spots.set(spots[name] for name in item.get("weak_spots") or [])
        if item.get("note") is not None:
            _note(slot, item["note"], focus)
    return loop


def _role(data: dict) -> Role:
    role = existing_role(data["title"])
    if role is not None:
        return role
    # Roles made by an import belong to staff, or to one stand-in manager until reassigned.
    manager = Person.objects.filter(is_staff=True).first()
    if manager is None:
        manager, _ = Person.objects.get_or_create(
            email=IMPORTS_MANAGER_EMAIL,
            defaults={"name": "Imported loops", "is_hiring_team": True, "password": "!"},
        )
    role = Role.objects.create(
        title=data["title"],
        job_family=data["job_family"],
        archetype=data.get("archetype") or Archetype.HIGH_GROWTH,
        is_senior_leadership=bool(data.get("is_senior_leadership")),
        hiring_manager=manager,
        required_functions=list(data.get("required_functions") or []),
    )
    for order, focus in enumerate(data.get("focus") or []):
        FocusCompetency.objects.create(
            role=role, name=focus["name"], because=focus.get("because") or "", order=order
        )
    for order, spot in enumerate(data.get("weak_spots") or []):
        WeakSpot.objects.create(
            role=role, name=spot["name"], judged_by=spot["judged_by"], order=order
        )
    return role


def _person(data: dict) -> Person:
    email = normalise_email(data["email"])
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = Person.objects.create_user(
            email,
            name=data["name"],
            function=data["function"],
            title=data.get("title") or "",
            is_senior_leader=bool(data.get("senior_leader")),
        )
    return person


def _note(slot: Slot, data: dict, focus: dict) -> Note:
    ratings = {}
    for subject, value in (data.get("ratings") or {}).items():
        key = f"focus:{focus[subject].pk}" if subject in focus else f"dimension:{subject}"
        ratings[key] = value
    vote = data.get("initial_vote") or ""
    submitted = _when(data.get("submitted_at"))
    return Note.objects.create(
        slot=slot,
        initial_vote=vote,
        initial_vote_at=(submitted or slot.ends_at) if vote else None,
        ratings=ratings,
        signals=list(data.get("signals") or []),
        flags=[
            {"colour": f["colour"], "text": f.get("text") or "", "intent": f.get("intent") or ""}
            for f in data.get("flags") or []
        ],
        stories=[
            {part: story.get(part) or "" for part in STORY_PARTS}
            for story in data.get("stories") or []
        ],
        text=data.get("text") or "",
        submitted_at=submitted,
    )
