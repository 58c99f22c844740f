"""What a decided loop says about each interviewer, for calibration across loops.

Plain rules over plain values, used once per loop when it is decided; the reports then
count these facts in the database. Votes are steps on the scale: 0 strong no, 1 no,
2 yes, 3 strong yes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from loops.vocabulary import Decision


def agrees(second: int | None, decision: str) -> bool | None:
    """Whether a second vote fell on the decision's side: yes or strong yes for a hire, no or
    strong no for no hire. None without a second vote, or when more signal was needed."""
    if second is None or decision not in (Decision.HIRE, Decision.NO_HIRE):
        return None
    return (second >= 2) == (decision == Decision.HIRE)


def toward_room(initial: int | None, second: int | None, others: list[int]) -> bool | None:
    """Whether a moved vote moved toward where the others started (the mean of their
    initial votes). None when the vote did not move, or nobody else voted."""
    if initial is None or second is None or second == initial or not others:
        return None
    room = sum(others) / len(others)
    if room == initial:
        return False
    return (second > initial) == (room > initial)


def is_late(submitted_at: datetime | None, ends_at: datetime | None, due: timedelta) -> bool:
    """A note is late when it never came in, or came in after its full-note deadline."""
    if submitted_at is None:
        return True
    return ends_at is not None and submitted_at > ends_at + due


@dataclass(frozen=True)
class Seat:
    """One interviewer of a decided loop, as calibration sees them."""

    person_id: int
    initial: int | None
    second: int | None
    late: bool


@dataclass(frozen=True)
class Shift:
    person_id: int
    initial: int | None
    second: int | None
    agrees: bool | None
    toward_room: bool | None
    late: bool


def shifts(seats: list[Seat], decision: str) -> list[Shift]:
    """Each seat's facts for calibration, moves judged against the others' initial votes."""
    result = []
    for seat in seats:
        others = [
            other.initial
            for other in seats
            if other.person_id != seat.person_id and other.initial is not None
        ]
        result.append(
            Shift(
                seat.person_id,
                seat.initial,
                seat.second,
                agrees(seat.second, decision),
                toward_room(seat.initial, seat.second, others),
                seat.late,
            )
        )
    return result


def hours_between(start: datetime | None, end: datetime) -> float | None:
    """Hours from ``start`` to ``end``, never negative; None without a start."""
    if start is None:
        return None
    return max(0.0, (end - start).total_seconds() / 3600)
