"""Whether a loop covers what its role needs: the coverage rules of a loop.

Plain functions over plain values (``RoleFacts``, ``SlotFacts``), so the rules are
tested without a database and run on every change while a loop is built. Each
finding says what to do about it, in the hiring manager's words. Only one rule is
an error (one person, one slot); the rest are warnings the manager may decide on.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from loops.rules.findings import Finding, Level
from loops.vocabulary import CloseLevel

SLOTS_MIN, SLOTS_IDEAL_MIN, SLOTS_IDEAL_MAX, SLOTS_MAX = 4, 5, 6, 7
DAILY_MIN, DAILY_MAX = 2, 3
FURTHER_MIN = 2
SIGNALS_PER_FOCUS = 2


@dataclass(frozen=True)
class FocusFacts:
    id: int
    name: str


@dataclass(frozen=True)
class WeakSpotFacts:
    id: int
    name: str
    judged_by: str  # a Function value
    judged_by_label: str


@dataclass(frozen=True)
class RoleFacts:
    is_senior_leadership: bool
    job_family: str = ""
    focus: tuple[FocusFacts, ...] = ()
    weak_spots: tuple[WeakSpotFacts, ...] = ()
    required_functions: tuple[tuple[str, str], ...] = ()  # (value, label)


@dataclass(frozen=True)
class SlotFacts:
    interviewer_id: int
    name: str
    function: str
    is_senior_leader: bool
    closeness: str  # a CloseLevel value
    round_type: str = ""
    focus_ids: frozenset[int] = field(default_factory=frozenset)
    weak_spot_ids: frozenset[int] = field(default_factory=frozenset)
    starts_at: datetime | None = None
    ends_at: datetime | None = None


def counts_as_daily(slot: SlotFacts, role: RoleFacts) -> bool:
    """Whether the slot's interviewer counts among the daily collaborators (see CloseLevel)."""
    return CloseLevel.counts_as_daily(
        slot.closeness,
        senior_leader=slot.is_senior_leader,
        senior_leadership_role=role.is_senior_leadership,
    )


def check_coverage(role: RoleFacts, slots: list[SlotFacts]) -> list[Finding]:
    """Every coverage finding for a loop, errors first, each with what to do about it."""
    return [
        *_one_slot_per_person(slots),
        *_slot_count(slots),
        *_closeness_mix(role, slots),
        *_focus_signals(role, slots),
        *_weak_spots(role, slots),
        *_required_functions(role, slots),
    ]


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _one_slot_per_person(slots):
    held = Counter(slot.interviewer_id for slot in slots)
    names = {slot.interviewer_id: slot.name for slot in slots}
    return [
        Finding(
            Level.ERROR,
            f"{names[person]} holds {count} slots: one person holds at most one slot per loop. "
            "Remove one, or give it to someone else.",
        )
        for person, count in held.items()
        if count > 1
    ]


def _slot_count(slots):
    count = len(slots)
    if count < SLOTS_MIN:
        return [
            Finding(
                Level.WARNING,
                f"{_plural(count, 'slot')} is too few to judge fairly: "
                f"add {SLOTS_IDEAL_MIN - count} to reach {SLOTS_IDEAL_MIN}-{SLOTS_IDEAL_MAX}.",
            )
        ]
    if count > SLOTS_MAX:
        return [
            Finding(
                Level.WARNING,
                f"{count} slots is more than the candidate and the debrief can take: "
                f"drop {count - SLOTS_IDEAL_MAX} to get back to "
                f"{SLOTS_IDEAL_MIN}-{SLOTS_IDEAL_MAX}.",
            )
        ]
    return []


def _closeness_mix(role, slots):
    findings = []
    daily = sum(counts_as_daily(slot, role) for slot in slots)
    further = len(slots) - daily
    if daily < DAILY_MIN:
        findings.append(
            Finding(
                Level.WARNING,
                f"Only {_plural(daily, 'slot')} with someone who would work with this person "
                f"daily: add {DAILY_MIN - daily} so the people closest to the role have a say.",
            )
        )
    elif daily > DAILY_MAX:
        findings.append(
            Finding(
                Level.WARNING,
                f"{daily} daily collaborators is more than {DAILY_MAX}: swap one for someone "
                "who works with the role weekly or less, for a view from further away.",
            )
        )
    if further < FURTHER_MIN:
        leaders = "" if role.is_senior_leadership else " (a senior leader counts here)"
        findings.append(
            Finding(
                Level.WARNING,
                f"Only {_plural(further, 'slot')} with someone who works with the role weekly "
                f"or less: add {FURTHER_MIN - further}{leaders}.",
            )
        )
    return findings


def _focus_signals(role, slots):
    findings = []
    for focus in role.focus:
        probes = sum(focus.id in slot.focus_ids for slot in slots)
        if probes == 0:
            findings.append(
                Finding(
                    Level.WARNING,
                    f"Nobody probes “{focus.name}”, which this role needs: "
                    f"have {SIGNALS_PER_FOCUS} slots probe it.",
                )
            )
        elif probes < SIGNALS_PER_FOCUS:
            findings.append(
                Finding(
                    Level.WARNING,
                    f"Only one slot probes “{focus.name}”: have another probe it, so the "
                    "debrief has more than one signal.",
                )
            )
    return findings


def _weak_spots(role, slots):
    findings = []
    for spot in role.weak_spots:
        probing = [slot for slot in slots if spot.id in slot.weak_spot_ids]
        if not probing:
            findings.append(
                Finding(
                    Level.WARNING,
                    f"Nobody probes “{spot.name}”, where people in this role have struggled: "
                    f"add someone from {spot.judged_by_label} to probe it.",
                )
            )
        elif not any(slot.function == spot.judged_by for slot in probing):
            findings.append(
                Finding(
                    Level.WARNING,
                    f"“{spot.name}” is probed, but by nobody from {spot.judged_by_label}, "
                    "who can judge it best: have someone from there probe it too.",
                )
            )
    return findings


def _required_functions(role, slots):
    present = {slot.function for slot in slots}
    return [
        Finding(
            Level.WARNING,
            f"Nobody from {label} is on the loop, and this role's loops always include "
            f"{label}: add someone from {label}.",
        )
        for value, label in role.required_functions
        if value not in present
    ]


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Whether two time ranges share any moment (touching ends do not)."""
    return a_start < b_end and b_start < a_end
