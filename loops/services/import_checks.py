"""Checking a loops import file: first against its JSON Schema
(``loops/schemas/loops-import.schema.json``), then for what a schema cannot say (dates, emails,
names that must match the role, one role per title).

Every error comes with its path (``loops[2].slots[0].note.initial_vote``) and what was
expected, in plain words; a file is checked whole, so every error comes out at once.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.dateparse import parse_datetime
from jsonschema import Draft202012Validator

from loops.models import DIMENSIONS, Role

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "schemas" / "loops-import.schema.json").read_text(
        encoding="utf-8"
    )
)
_VALIDATOR = Draft202012Validator(SCHEMA)
DIMENSION_KEYS = {key for key, _ in DIMENSIONS}
TOP = "(top)"
_KINDS = {"string": "text", "array": "a list", "object": "an object", "boolean": "true or false"}


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def parse(raw: bytes | str):
    """The data of an import file, or ImportRefused saying why it is not JSON."""
    try:
        return json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError:
        problem = "should be UTF-8 text"
    except json.JSONDecodeError as error:
        problem = f"should be JSON ({error.msg} at line {error.lineno}, column {error.colno})"
    except ValueError:
        # Python refuses to read integers of thousands of digits.
        problem = "should be JSON with numbers of a readable size"
    except RecursionError:
        problem = "should be JSON nested less deeply"
    raise ImportRefused([f"{TOP}: {problem}"])


def shown(value, limit: int = 60) -> str:
    """A value of the file as it can be quoted back: short, every character printable."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


def _path(parts) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{shown(part)}" if text else shown(part)
    return text or TOP


def validate(data) -> list[str]:
    """Every error in an import file, each with its path; empty when it can be imported."""
    errors, rules = [], _Rules()
    for error in _VALIDATOR.iter_errors(data):
        parts = tuple(error.absolute_path)
        found = _explain(error)
        errors += [f"{_path(parts + more)}: {message}" for more, message in found]
        rules.flawed.add(parts)
        if error.validator in ("type", "required"):
            rules.unreadable.update(parts + more for more, _ in found)
    if rules.readable("loops"):
        rules.check(data["loops"])
    return list(dict.fromkeys(errors + rules.errors))


def _explain(error) -> list[tuple[tuple, str]]:
    """What a schema error expected: (path below the error's, message) pairs."""
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword == "required":
        return [((key,), "missing") for key in expected if key not in value]
    if keyword == "additionalProperties":
        fields = error.schema.get("properties", {})
        return [
            ((key,), f"not part of the format here (the fields are {', '.join(fields)})")
            for key in value
            if key not in fields
        ]
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else expected
        return [((), "should be " + " or ".join(_KINDS.get(kind, kind) for kind in kinds))]
    if keyword == "enum":
        choices = ", ".join(str(choice) for choice in expected if choice not in ("", None))
        empty = ", or empty" if "" in expected or None in expected else ""
        got = f" (not “{shown(value)}”)" if isinstance(value, str) else ""
        return [((), f"should be one of {choices}{empty}{got}")]
    if keyword == "minLength":
        return [((), "should not be empty")]
    if keyword == "maxLength":
        return [((), f"should be at most {expected} characters (it has {len(value)})")]
    if keyword == "maxItems":
        return [((), f"should have at most {expected} items (it has {len(value)})")]
    if keyword == "pattern":
        whose = "each key " if "propertyNames" in error.schema_path else ""
        return [((), f"{whose}should be {error.schema['description']}")]
    return [((), f"does not fit the format ({keyword})")]


def existing_role(title: str) -> Role | None:
    """The role in Debrief that an import file's title names, if any."""
    return Role.objects.filter(title=title).first()


@dataclass
class _Rules:
    """What the schema cannot say. Each rule reads only values of the type the schema
    expects: ``unreadable`` holds the paths of those missing or of another type (the schema
    has reported them), so every error comes out at once and no input trips a rule."""

    unreadable: set = field(default_factory=set)
    flawed: set = field(default_factory=set)  # paths of every schema error
    errors: list = field(default_factory=list)
    # title -> (where it was first seen, its focus competencies, its weak spots)
    roles: dict = field(default_factory=dict)

    def readable(self, *parts) -> bool:
        return not any(parts[:n] in self.unreadable for n in range(len(parts) + 1))

    def refuse(self, parts: tuple, message: str) -> None:
        self.errors.append(f"{_path(parts)}: {message}")

    def check(self, loops: list) -> None:
        for index, loop in enumerate(loops):
            here = ("loops", index)
            if not self.readable(*here):
                continue
            focus, spots = self.role(loop.get("role"), (*here, "role"))
            self.when(loop, here, "debrief_at")
            if self.readable(*here, "candidate", "email") and loop["candidate"].get("email"):
                self.email(loop["candidate"]["email"], (*here, "candidate", "email"))
            holders: dict[str, tuple] = {}
            for i, slot in enumerate(loop["slots"] if self.readable(*here, "slots") else []):
                if self.readable(*here, "slots", i):
                    self.slot(slot, (*here, "slots", i), focus, spots, holders)

    def names(self, role: dict, here: tuple, kind: str) -> set | None:
        """The names of a role's focus competencies or weak spots; None if unreadable."""
        if not self.readable(*here, kind):
            return None
        first: dict[str, int] = {}
        for i, item in enumerate(role.get(kind) or []):
            if not self.readable(*here, kind, i, "name"):
                return None
            if item["name"] in first:
                self.refuse(
                    (*here, kind, i, "name"),
                    f"should differ from {_path((*here, kind, first[item['name']], 'name'))} "
                    f"(both are “{shown(item['name'])}”)",
                )
            first.setdefault(item["name"], i)
        return set(first)

    def role(self, role: dict, here: tuple) -> tuple[set | None, set | None]:
        """Check a role's names; return those of its focus competencies and weak spots.

        A title names one role: a loop reusing a title (of this file or of Debrief) must
        list the same focus competencies and weak spots, or its slots would probe others.
        """
        if not self.readable(*here):
            return None, None
        focus, spots = self.names(role, here, "focus"), self.names(role, here, "weak_spots")
        # Only a title the schema passed is looked up: the database refuses NUL characters.
        title_ok = self.readable(*here, "title") and (*here, "title") not in self.flawed
        title = role["title"] if title_ok else None
        if title is None or focus is None or spots is None:
            return focus, spots
        if title not in self.roles:
            known = existing_role(title)
            self.roles[title] = (
                (f"at {_path(here)}", focus, spots)
                if known is None
                else (
                    "already in Debrief",
                    {item.name for item in known.focus_competencies.all()},
                    {item.name for item in known.weak_spots.all()},
                )
            )
        where, *known_names = self.roles[title]
        for part, names, known, noun in zip(
            ("focus", "weak_spots"), (focus, spots), known_names, _NOUNS, strict=True
        ):
            if names != known:
                self.refuse(
                    (*here, part),
                    f"should be the {noun} of the role “{shown(title)}” {where} "
                    f"({_listed(known)}): a title names one role, so list the same ones "
                    "or use another title",
                )
        return focus, spots

    def slot(self, slot: dict, here: tuple, focus, spots, holders: dict) -> None:
        starts = self.when(slot, here, "starts_at")
        ends = self.when(slot, here, "ends_at")
        if starts and ends and ends <= starts:
            self.refuse((*here, "ends_at"), "should come after starts_at")
        if self.readable(*here, "interviewer", "email"):
            email = slot["interviewer"]["email"]
            if self.email(email, (*here, "interviewer", "email")):
                key = email.strip().lower()
                if key in holders:
                    self.refuse(
                        (*here, "interviewer", "email"),
                        f"should differ from {_path((*holders[key], 'interviewer', 'email'))} "
                        f"(one person holds one slot per loop; both are {shown(key)})",
                    )
                holders.setdefault(key, here)
        for part, names, noun in zip(("focus", "weak_spots"), (focus, spots), _NOUNS, strict=True):
            if names is None or not self.readable(*here, part):
                continue
            for i, name in enumerate(slot.get(part) or []):
                if self.readable(*here, part, i) and name not in names:
                    self.refuse(
                        (*here, part, i),
                        f"should be one of the role's {noun} ({_listed(names)}), "
                        f"not “{shown(name)}”",
                    )
        note = slot.get("note") if self.readable(*here, "note") else None
        if note is not None:
            self.when(note, (*here, "note"), "submitted_at")
            ratings = note.get("ratings") if self.readable(*here, "note", "ratings") else None
            for subject in ratings or {}:
                if focus is not None and subject not in focus and subject not in DIMENSION_KEYS:
                    self.refuse(
                        (*here, "note", "ratings", subject), "not a focus competency or dimension"
                    )

    def when(self, data: dict, here: tuple, key: str) -> datetime | None:
        value = data.get(key) if self.readable(*here, key) else None
        if not value:
            return None
        try:
            parsed = parse_datetime(value)
            if parsed is not None and parsed.tzinfo is not None:
                parsed.astimezone(UTC)  # out of range once moved to UTC?
                return parsed
        except (ValueError, OverflowError):
            pass
        expected = SCHEMA["$defs"]["when"]["description"]
        self.refuse((*here, key), f"should be {expected} (not “{shown(value)}”)")
        return None

    def email(self, value: str, here: tuple) -> bool:
        try:
            validate_email(value)
        except ValidationError:
            self.refuse(here, f"should be an email address (not “{shown(value)}”)")
            return False
        return True


_NOUNS = ("focus competencies", "weak spots")


def _listed(names: set) -> str:
    return ", ".join(shown(name) for name in sorted(names)) or "none"
