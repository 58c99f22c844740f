"""Import loops with their notes from JSON: the format other systems can export to.

The format is documented in the README ("Importing loops"). ``validate`` reads the whole
file and returns every error with its path (``loops[2].slots[0].note.initial_vote``);
``import_loops`` imports only a file with none, in one transaction: nothing is ever
half-imported. People are matched by email and roles by title; both are created when
missing.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.dateparse import parse_datetime

from loops.models import (
    DIMENSIONS,
    NO_SIGNAL,
    Archetype,
    Candidate,
    CloseLevel,
    FlagColour,
    FlagIntent,
    FocusCompetency,
    Function,
    JobFamily,
    Loop,
    Note,
    Person,
    Role,
    RoundType,
    Slot,
    Vote,
    WeakSpot,
)

DIMENSION_KEYS = {key for key, _ in DIMENSIONS}
IMPORTS_MANAGER_EMAIL = "imports@debrief.invalid"
RATING_VALUES = {*Vote.values, NO_SIGNAL}


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class _Checker:
    errors: list

    def need(self, data, path, key, kind=str, choices=None, required=True):
        value = data.get(key) if isinstance(data, dict) else None
        where = f"{path}.{key}"
        if value is None or value == "":
            if required:
                self.errors.append(f"{where}: missing")
            return None
        if kind is str and not isinstance(value, str):
            self.errors.append(f"{where}: should be text")
            return None
        if kind is list and not isinstance(value, list):
            self.errors.append(f"{where}: should be a list")
            return None
        if kind is dict and not isinstance(value, dict):
            self.errors.append(f"{where}: should be an object")
            return None
        if kind is bool and not isinstance(value, bool):
            self.errors.append(f"{where}: should be true or false")
            return None
        if kind is datetime:
            parsed = parse_datetime(value) if isinstance(value, str) else None
            if parsed is None or parsed.tzinfo is None:
                self.errors.append(f"{where}: should be a date and time with a zone, ISO 8601")
                return None
            return parsed
        if choices is not None and value not in choices:
            self.errors.append(f"{where}: “{value}” is not one of {', '.join(sorted(choices))}")
            return None
        return value


def validate(data) -> list[str]:
    """Every error in an import file, each with its path; empty when it can be imported."""
    check = _Checker([])
    if not isinstance(data, dict) or not isinstance(data.get("loops"), list):
        return ["(top): should be an object with a list under “loops”"]
    for index, loop in enumerate(data["loops"]):
        path = f"loops[{index}]"
        if not isinstance(loop, dict):
            check.errors.append(f"{path}: should be an object")
            continue
        _validate_loop(check, loop, path)
    return check.errors


def _validate_loop(check: _Checker, loop: dict, path: str) -> None:
    role = check.need(loop, path, "role", dict) or {}
    role_path = f"{path}.role"
    check.need(role, role_path, "title")
    check.need(role, role_path, "job_family", choices=set(JobFamily.values))
    check.need(role, role_path, "archetype", choices=set(Archetype.values), required=False)
    focus_names = set()
    for i, focus in enumerate(check.need(role, role_path, "focus", list, required=False) or []):
        name = check.need(focus, f"{role_path}.focus[{i}]", "name")
        check.need(focus, f"{role_path}.focus[{i}]", "because", required=False)
        focus_names.add(name)
    spot_names = set()
    for i, spot in enumerate(check.need(role, role_path, "weak_spots", list, required=False) or []):
        spot_names.add(check.need(spot, f"{role_path}.weak_spots[{i}]", "name"))
        check.need(spot, f"{role_path}.weak_spots[{i}]", "judged_by", choices=set(Function.values))
    for i, value in enumerate(role.get("required_functions") or []):
        if value not in Function.values:
            check.errors.append(f"{role_path}.required_functions[{i}]: “{value}” is not a function")
    candidate = check.need(loop, path, "candidate", dict) or {}
    check.need(candidate, f"{path}.candidate", "name")
    check.need(loop, path, "state", choices=set(Loop.State.values), required=False)
    check.need(loop, path, "debrief_at", datetime, required=False)
    emails = set()
    for i, slot in enumerate(check.need(loop, path, "slots", list) or []):
        _validate_slot(check, slot, f"{path}.slots[{i}]", focus_names, spot_names, emails)


def _validate_slot(check, slot, path, focus_names, spot_names, emails) -> None:
    if not isinstance(slot, dict):
        check.errors.append(f"{path}: should be an object")
        return
    person = check.need(slot, path, "interviewer", dict) or {}
    check.need(person, f"{path}.interviewer", "name")
    email = check.need(person, f"{path}.interviewer", "email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            check.errors.append(f"{path}.interviewer.email: “{email}” is not an email address")
        if email.lower() in emails:
            check.errors.append(f"{path}.interviewer.email: {email} already holds a slot here")
        emails.add(email.lower())
    check.need(person, f"{path}.interviewer", "function", choices=set(Function.values))
    check.need(slot, path, "closeness", choices=set(CloseLevel.values))
    check.need(slot, path, "round_type", choices=set(RoundType.values))
    for i, name in enumerate(slot.get("focus") or []):
        if name not in focus_names:
            check.errors.append(
                f"{path}.focus[{i}]: “{name}” is not a focus competency of the role"
            )
    for i, name in enumerate(slot.get("weak_spots") or []):
        if name not in spot_names:
            check.errors.append(f"{path}.weak_spots[{i}]: “{name}” is not a weak spot of the role")
    starts = check.need(slot, path, "starts_at", datetime, required=False)
    ends = check.need(slot, path, "ends_at", datetime, required=False)
    if starts and ends and ends <= starts:
        check.errors.append(f"{path}.ends_at: the end must come after the start")
    note = slot.get("note")
    if note is not None:
        _validate_note(check, note, f"{path}.note", focus_names)


def _validate_note(check, note, path, focus_names) -> None:
    if not isinstance(note, dict):
        check.errors.append(f"{path}: should be an object or null")
        return
    check.need(note, path, "initial_vote", choices=set(Vote.values), required=False)
    check.need(note, path, "submitted_at", datetime, required=False)
    ratings = check.need(note, path, "ratings", dict, required=False) or {}
    for subject, value in ratings.items():
        if subject not in focus_names and subject not in DIMENSION_KEYS:
            check.errors.append(f"{path}.ratings.{subject}: not a focus competency or dimension")
        if value not in RATING_VALUES:
            check.errors.append(f"{path}.ratings.{subject}: “{value}” is not a rating")
    for i, flag in enumerate(check.need(note, path, "flags", list, required=False) or []):
        check.need(flag, f"{path}.flags[{i}]", "colour", choices=set(FlagColour.values))
        check.need(flag, f"{path}.flags[{i}]", "text", required=False)
        intent = flag.get("intent", "") if isinstance(flag, dict) else ""
        if intent and intent not in FlagIntent.values:
            check.errors.append(
                f"{path}.flags[{i}].intent: “{intent}” is not concern or completeness"
            )
    for i, story in enumerate(check.need(note, path, "stories", list, required=False) or []):
        if not isinstance(story, dict):
            check.errors.append(f"{path}.stories[{i}]: should be an object")
    check.need(note, path, "text", required=False)


def import_loops(data) -> list[Loop]:
    """Import every loop of a valid file, or raise ImportRefused with all its errors."""
    errors = validate(data)
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        return [_import_loop(loop) for loop in data["loops"]]


def _import_loop(data: dict) -> Loop:
    role = _role(data["role"])
    candidate = Candidate.objects.create(
        role=role, name=data["candidate"]["name"], email=data["candidate"].get("email", "")
    )
    loop = Loop.objects.create(
        candidate=candidate,
        role=role,
        state=data.get("state") or Loop.State.DRAFT,
        debrief_at=parse_datetime(data["debrief_at"]) if data.get("debrief_at") else None,
    )
    focus = {f.name: f for f in role.focus_competencies.all()}
    spots = {w.name: w for w in role.weak_spots.all()}
    for order, item in enumerate(data["slots"]):
        slot = Slot.objects.create(
            loop=loop,
            interviewer=_person(item["interviewer"]),
            closeness=item["closeness"],
            round_type=item["round_type"],
            starts_at=parse_datetime(item["starts_at"]) if item.get("starts_at") else None,
            ends_at=parse_datetime(item["ends_at"]) if item.get("ends_at") else None,
            order=order,
        )
        slot.focus.set(focus[name] for name in item.get("focus") or [])
        slot.weak_spots.set(spots[name] for name in item.get("weak_spots") or [])
        if item.get("note") is not None:
            _note(slot, item["note"], focus)
    return loop


def _role(data: dict) -> Role:
    role = Role.objects.filter(title=data["title"]).first()
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
            role=role, name=focus["name"], because=focus.get("because", ""), order=order
        )
    for order, spot in enumerate(data.get("weak_spots") or []):
        WeakSpot.objects.create(
            role=role, name=spot["name"], judged_by=spot["judged_by"], order=order
        )
    return role


def _person(data: dict) -> Person:
    email = data["email"].strip().lower()
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = Person.objects.create_user(
            email,
            name=data["name"],
            function=data["function"],
            title=data.get("title", ""),
            is_senior_leader=bool(data.get("senior_leader")),
        )
    return person


def _note(slot: Slot, data: dict, focus: dict) -> Note:
    ratings = {}
    for subject, value in (data.get("ratings") or {}).items():
        key = f"focus:{focus[subject].pk}" if subject in focus else f"dimension:{subject}"
        ratings[key] = value
    vote = data.get("initial_vote") or ""
    submitted = parse_datetime(data["submitted_at"]) if data.get("submitted_at") else None
    return Note.objects.create(
        slot=slot,
        initial_vote=vote,
        initial_vote_at=(submitted or slot.ends_at) if vote else None,
        ratings=ratings,
        signals=list(data.get("signals") or []),
        flags=[
            {"colour": f["colour"], "text": f.get("text", ""), "intent": f.get("intent", "")}
            for f in data.get("flags") or []
        ],
        stories=[
            {
                part: str(story.get(part, ""))
                for part in ("title", "setup", "actions", "outcome", "conclusion")
            }
            for story in data.get("stories") or []
        ],
        text=data.get("text") or "",
        submitted_at=submitted,
    )
