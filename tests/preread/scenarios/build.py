"""Small builders for the pre-read's scenarios: each states only what matters to it.

A scenario is a loop as the pure rule sees it (``PrereadLoop`` of ``NoteFacts``), the
findings a seasoned hiring manager expects from it, and the kinds they would not expect.
Times are relative to one ``NOW``: what matters is how long ago an interview ended.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from loops.rules.preread import Item, NoteFacts, PrereadLoop
from loops.vocabulary import STORY_PARTS

NOW = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)
# Kinds whose findings are told apart by what they are about, not only by whom.
BY_SUBJECT = frozenset({"rating_conflict", "focus_gap", "weak_spot_gap"})


def hours_ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def in_hours(hours: float) -> datetime:
    """An interview that has not happened yet."""
    return NOW + timedelta(hours=hours)


# A submitted note's interview ended a while ago; only missing notes care how long.
YESTERDAY = hours_ago(20)


def note(
    interviewer: str,
    vote: str,
    text: str = "",
    *,
    ratings: dict | None = None,
    flags: tuple = (),
    stories: tuple = (),
    leader: bool = False,
    probes: tuple[str, ...] = (),
    ended: datetime | None = YESTERDAY,
    submitted: bool = True,
) -> NoteFacts:
    """A submitted note. ``leader``: written by a senior leader; ``probes``: the weak
    spots the slot was asked to probe. The loop numbers the slots."""
    return NoteFacts(
        slot_id=0,
        interviewer=interviewer,
        is_senior_leader=leader,
        ends_at=ended,
        weak_spots=frozenset(probes),
        submitted=submitted,
        initial_vote=vote,
        ratings=dict(ratings or {}),
        flags=tuple(flags),
        stories=tuple(stories),
        text=text,
    )


def draft(interviewer: str, vote: str, text: str = "", *, ended: datetime, **fields) -> NoteFacts:
    """A note started but not submitted: it counts as missing."""
    return note(interviewer, vote, text, ended=ended, submitted=False, **fields)


def no_note(
    interviewer: str, *, ended: datetime | None, leader: bool = False, probes: tuple = ()
) -> NoteFacts:
    """A slot whose interviewer has written nothing (``ended=None``: a slot without times)."""
    return NoteFacts(
        slot_id=0,
        interviewer=interviewer,
        is_senior_leader=leader,
        ends_at=ended,
        weak_spots=frozenset(probes),
    )


def flag(colour: str, text: str, intent: str) -> dict:
    """``intent``: "concern", "completeness", or "" when the interviewer gave none."""
    return {"colour": colour, "text": text, "intent": intent}


def story(title: str, **parts: str) -> dict:
    """A story as the note form records it: title, setup, actions, outcome, conclusion."""
    unknown = set(parts) - set(STORY_PARTS)
    assert not unknown, f"not a part of a story: {unknown}"
    return dict.fromkeys(STORY_PARTS, "") | {"title": title, **parts}


class Finding(NamedTuple):
    """What a finding is compared by: its kind, the people behind it and, for the kinds
    about a competency or a weak spot, its subject."""

    kind: str
    people: tuple[str, ...]
    subject: str

    @classmethod
    def of(cls, item: Item) -> "Finding":
        return finding(item.kind, *item.people, about=item.subject)


def finding(kind: str, *people: str, about: str = "") -> Finding:
    return Finding(kind, tuple(sorted(people)), about if kind in BY_SUBJECT else "")


@dataclass(frozen=True)
class Scenario:
    name: str
    why: str  # what a seasoned hiring manager expects, and why
    loop: PrereadLoop
    expect: tuple[Finding, ...]
    expect_not: frozenset[str]


def scenario(
    name: str,
    *,
    why: str,
    notes: list[NoteFacts],
    focus: tuple[str, ...] = (),
    weak_spots: tuple[str, ...] = (),
    expect: list[Finding],
    expect_not: list[str] | tuple[str, ...] = (),
) -> Scenario:
    """``notes`` in the loop's order, one a slot; ``focus`` and ``weak_spots`` are the
    role's; ``expect`` every finding, ``expect_not`` kinds that must not be found at all."""
    slots = tuple(replace(each, slot_id=number) for number, each in enumerate(notes, start=1))
    loop = PrereadLoop(tuple(focus), tuple(weak_spots), slots, NOW)
    return Scenario(name, why, loop, tuple(expect), frozenset(expect_not))
