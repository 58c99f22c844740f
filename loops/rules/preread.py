"""The pre-read: what a seasoned hiring manager would want to discuss, found from the notes.

Plain rules over plain values (``PrereadLoop``), each returning ``Item``s in the hiring
manager's words, naming the people and notes behind them. ``preread`` runs them all and
orders the result: information quality first, then ambiguity, then consistency and
coverage.

Stories are matched fuzzily, because interviewers write the same story differently
("the payments outage", "outage at the payments team"): rapidfuzz's token-set ratio over
the title and setup with common words removed. On the scenario set, the same story
scores 85-100 and different stories with shared words 40-60, hence the default of 70.
"""

import re
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from loops.rules.items import Item
from loops.vocabulary import STORY_PARTS, Vote

_STOPWORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "at",
        "for",
        "of",
        "to",
        "in",
        "on",
        "during",
        "with",
        "and",
        "or",
        "our",
        "my",
        "we",
        "i",
        "was",
        "were",
        "is",
        "it",
        "its",
        "that",
        "this",
        "from",
        "by",
        "as",
        "team",
        "their",
        "they",
        "he",
        "she",
        "her",
        "his",
        "them",
        "into",
        "out",
        "up",
        "about",
        "when",
        "while",
    }
)
_NEGATIVE = re.compile(
    r"\b(blam\w*|defensive|lack\w*|weak\w*|poor\w*|vague|shallow|struggl\w*|avoid\w*|"
    r"deflect\w*|excuse\w*|inflat\w*|exaggerat\w*|concern\w*|worr\w*|not|no|never|"
    r"didn't|couldn't|wouldn't|doesn't|unclear|dishonest|arrogant|careless|little|hardly|"
    r"without|rigid|reckless|sloppy|overconfident|dismissive|passive)\b"
)
_POSITIVE = re.compile(
    r"\b(ownership|owned|owns|strong|great|impressive|clear|calm|learn\w*|thoughtful|solid|"
    r"good|excellent|mature|responsib\w*|honest|humble|reflect\w*|resilien\w*|credible|"
    r"careful\w*|methodical|thorough|plans?|follows? through|pragmatic|collaborat\w*|"
    r"curious|decisive|trust\w*)\b"
)


@dataclass(frozen=True)
class Thresholds:
    thin_ratio: float = 0.40
    thin_ratio_leader: float = 0.60
    min_notes_to_judge_length: int = 3
    story_similarity: int = 70
    full_note_due: timedelta = timedelta(hours=24)
    signals_per_focus: int = 2


@dataclass(frozen=True)
class NoteFacts:
    """One slot of the loop, with its note as far as it goes."""

    slot_id: int
    interviewer: str
    is_senior_leader: bool = False
    ends_at: datetime | None = None
    weak_spots: frozenset[str] = frozenset()  # names of the weak spots the slot probes
    submitted: bool = False
    initial_vote: str = ""
    ratings: dict = field(default_factory=dict)  # subject (focus name or dimension) -> value
    flags: tuple = ()
    stories: tuple = ()
    text: str = ""

    def length(self) -> int:
        """Words of the note: its text, stories and flags."""
        parts = [self.text]
        parts += [story.get(part, "") for story in self.stories for part in STORY_PARTS]
        parts += [flag.get("text", "") for flag in self.flags]
        return sum(len(part.split()) for part in parts)


@dataclass(frozen=True)
class PrereadLoop:
    focus: tuple[str, ...]
    weak_spots: tuple[str, ...]
    notes: tuple[NoteFacts, ...]
    now: datetime


LEADERS_KEEP_IT_IN_THEIR_HEAD = " Senior leaders often keep their view in their head."

ORDER = [
    "late",
    "missing",
    "thin",
    "vote_conflict",
    "rating_conflict",
    "red_flag",
    "unclear_flag",
    "yellow_concern",
    "story_read_differently",
    "steering",
    "same_story",
    "focus_gap",
    "weak_spot_gap",
]


def preread(loop: PrereadLoop, thresholds: Thresholds = Thresholds()) -> list[Item]:
    """Every pre-read item for a loop, in the order the debrief should take them."""
    items = [
        *missing_notes(loop, thresholds),
        *thin_notes(loop, thresholds),
        *vote_conflicts(loop),
        *rating_conflicts(loop),
        *flags(loop),
        *consistency(loop, thresholds),
        *coverage_gaps(loop, thresholds),
    ]
    return sorted(items, key=lambda item: ORDER.index(item.kind))


def _submitted(loop: PrereadLoop) -> list[NoteFacts]:
    return [note for note in loop.notes if note.submitted]


def _names(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _hours(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours < 1:
        return f"{int(delta.total_seconds() // 60)} minutes"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def missing_notes(loop: PrereadLoop, thresholds: Thresholds) -> list[Item]:
    items = []
    for note in loop.notes:
        if note.submitted or (note.ends_at is not None and note.ends_at > loop.now):
            continue
        # A slot without times still owes its note; it only cannot say since when.
        since = loop.now - note.ends_at if note.ends_at is not None else None
        if since is not None and since > thresholds.full_note_due:
            late = _hours(since - thresholds.full_note_due)
            kind, message = "late", f"{note.interviewer}'s note is {late} late."
        else:
            ended = f": the interview ended {_hours(since)} ago" if since is not None else ""
            kind, message = "missing", f"{note.interviewer}'s note is missing{ended}."
        items.append(Item(kind, message, (note.interviewer,), (note.slot_id,)))
    return items


def thin_notes(loop: PrereadLoop, thresholds: Thresholds) -> list[Item]:
    notes = _submitted(loop)
    if len(notes) < thresholds.min_notes_to_judge_length:
        return []
    typical = statistics.median(note.length() for note in notes)
    items = []
    for note in notes:
        ratio = thresholds.thin_ratio_leader if note.is_senior_leader else thresholds.thin_ratio
        if note.length() < ratio * typical:
            why = LEADERS_KEEP_IT_IN_THEIR_HEAD if note.is_senior_leader else ""
            message = (
                f"{note.interviewer}'s note is short: {note.length()} words against a typical "
                f"{int(typical)}. Ask them out loud.{why}"
            )
            items.append(Item("thin", message, (note.interviewer,), (note.slot_id,)))
    return items


def vote_conflicts(loop: PrereadLoop) -> list[Item]:
    voted = [note for note in _submitted(loop) if Vote.step(note.initial_vote) is not None]
    hire = [note for note in voted if Vote.is_for_hire(note.initial_vote)]
    no_hire = [note for note in voted if not Vote.is_for_hire(note.initial_vote)]
    if not hire or not no_hire:
        return []
    voted.sort(key=lambda note: note.interviewer)
    people = tuple(note.interviewer for note in voted)
    message = (
        f"The initial votes point in opposite directions: yes from "
        f"{_names(n.interviewer for n in hire)}; no from {_names(n.interviewer for n in no_hire)}."
    )
    return [Item("vote_conflict", message, people, tuple(n.slot_id for n in voted))]


def rating_conflicts(loop: PrereadLoop) -> list[Item]:
    items = []
    notes = _submitted(loop)
    for index, first in enumerate(notes):
        for second in notes[index + 1 :]:
            for subject, value in first.ratings.items():
                other = second.ratings.get(subject)
                if Vote.step(value) is None or Vote.step(other) is None:
                    continue
                if abs(Vote.step(value) - Vote.step(other)) >= 2:
                    label = subject.replace("_", " ")
                    message = (
                        f"{first.interviewer} rated {label} {Vote.words(value)}, "
                        f"{second.interviewer} rated it {Vote.words(other)}: ask what each saw."
                    )
                    pair = sorted(
                        [(first.interviewer, first.slot_id), (second.interviewer, second.slot_id)]
                    )
                    items.append(
                        Item(
                            "rating_conflict",
                            message,
                            tuple(name for name, _ in pair),
                            tuple(slot for _, slot in pair),
                            subject,
                        )
                    )
    return items


def flags(loop: PrereadLoop) -> list[Item]:
    items = []
    for note in _submitted(loop):
        for flag in note.flags:
            colour, text, intent = flag.get("colour"), flag.get("text", ""), flag.get("intent", "")
            quoted = f"“{text}”" if text else "(no text)"
            who = (note.interviewer,)
            slots = (note.slot_id,)
            if not intent:
                message = (
                    f"Ask {note.interviewer} which it is: a {colour} flag {quoted} "
                    "with no intent given."
                )
                items.append(Item("unclear_flag", message, who, slots, text))
            elif colour == "red" and intent == "completeness":
                message = (
                    f"Ask {note.interviewer} which it is: a red flag {quoted} noted only for "
                    "completeness."
                )
                items.append(Item("unclear_flag", message, who, slots, text))
            elif colour == "red" and note.initial_vote == "strong_yes":
                message = (
                    f"Ask {note.interviewer} which it is: a red flag {quoted} beside a strong yes."
                )
                items.append(Item("unclear_flag", message, who, slots, text))
            elif colour == "red":
                message = f"Red flag from {note.interviewer}, a concern to discuss: {quoted}."
                items.append(Item("red_flag", message, who, slots, text))
            elif intent == "concern":
                message = f"Yellow flag from {note.interviewer}, a concern to discuss: {quoted}."
                items.append(Item("yellow_concern", message, who, slots, text))
    return items


def _story_words(story: dict) -> str:
    words = re.findall(r"[a-z0-9]+", f"{story.get('title', '')} {story.get('setup', '')}".lower())
    return " ".join(word for word in words if word not in _STOPWORDS)


def same_story(a: dict, b: dict, threshold: int) -> bool:
    """Whether two stories are the same anecdote, however differently written."""
    first, second = _story_words(a), _story_words(b)
    return bool(first and second) and fuzz.token_set_ratio(first, second) >= threshold


def _polarity(conclusion: str, vote: str) -> int:
    """+1 if the conclusion speaks well of the candidate, -1 if badly; the vote breaks ties."""
    text = conclusion.lower()
    score = len(_POSITIVE.findall(text)) - len(_NEGATIVE.findall(text))
    if score:
        return 1 if score > 0 else -1
    if Vote.step(vote) is not None:
        return 1 if Vote.is_for_hire(vote) else -1
    return 0


def _story_groups(loop: PrereadLoop, threshold: int) -> list[list[tuple[NoteFacts, dict]]]:
    """Stories told to two or more interviewers, grouped (each interviewer once a group)."""
    told = [(note, story) for note in _submitted(loop) for story in note.stories]
    groups: list[list[tuple[NoteFacts, dict]]] = []
    for note, story in told:
        for group in groups:
            if any(same_story(story, other, threshold) for _, other in group):
                if all(member.slot_id != note.slot_id for member, _ in group):
                    group.append((note, story))
                break
        else:
            groups.append([(note, story)])
    return [group for group in groups if len(group) >= 2]


def consistency(loop: PrereadLoop, thresholds: Thresholds) -> list[Item]:
    items = []
    submitted = len(_submitted(loop))
    for group in _story_groups(loop, thresholds.story_similarity):
        group.sort(key=lambda member: member[0].interviewer)
        people = tuple(note.interviewer for note, _ in group)
        slots = tuple(note.slot_id for note, _ in group)
        title = group[0][1].get("title") or "a story"
        readings = {
            _polarity(story.get("conclusion", ""), note.initial_vote) for note, story in group
        }
        if {1, -1} <= readings:
            conclusions = "; ".join(
                f"{note.interviewer}: “{story.get('conclusion') or 'no conclusion'}”"
                for note, story in group
            )
            message = f"“{title}” was read to different conclusions ({conclusions}). Hear each out."
            items.append(Item("story_read_differently", message, people, slots, title))
        else:
            message = (
                f"The same story, “{title}”, was told to {_names(people)}: did it answer each "
                "question, or is it the one story they have?"
            )
            items.append(Item("same_story", message, people, slots, title))
        if len(group) >= 3 and len(group) * 4 >= submitted * 3:
            message = (
                f"The candidate steered {len(group)} of {submitted} conversations to “{title}”: "
                "did the loop see any range?"
            )
            items.append(Item("steering", message, people, slots, title))
    return items


def coverage_gaps(loop: PrereadLoop, thresholds: Thresholds) -> list[Item]:
    items = []
    notes = _submitted(loop)
    for focus in loop.focus:
        signals = sum(1 for note in notes if Vote.step(note.ratings.get(focus)) is not None)
        if signals < thresholds.signals_per_focus:
            count = "no signal" if not signals else "only one signal"
            message = (
                f"“{focus}”, which this role needs, has {count}: the debrief has little to go on."
            )
            items.append(Item("focus_gap", message, subject=focus))
    for spot in loop.weak_spots:
        if not any(spot in note.weak_spots for note in notes):
            message = (
                f"Nobody has given a signal on the weak spot “{spot}”: ask who can speak to it."
            )
            items.append(Item("weak_spot_gap", message, subject=spot))
    return items
