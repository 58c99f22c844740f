"""When an interviewer or a hiring manager is owed a reminder: the reminder rules.

Plain functions over plain values (``Offsets``, ``SlotFacts``), tested without a database
and used twice: by the planner, to decide which reminder rows to make, and by the sender,
just before it sends, to check the reminder is still wanted.

The rules:

* An interviewer is reminded when the initial vote falls due (default an hour after the
  interview ends) and it is not recorded, when the full note falls due (default a day
  after) and it is not submitted, and again shortly before the debrief if the note is
  still not submitted.
* When several of these have fallen due at once (the planner was down, or the debrief
  comes soon after the interview), only the latest goes out: it asks for everything
  still missing, and the interviewer gets one email, not three.
* The hiring manager is told, shortly before the debrief, which notes are still missing.
* Nothing for a loop that is a draft, cancelled or decided, for an interview that has
  not ended, or for a reminder whose moment passed more than ``HORIZON`` ago (a fresh
  deploy does not email the past).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from loops.vocabulary import LoopState, ReminderKind

# A reminder whose moment passed longer ago than this is not sent any more.
HORIZON = timedelta(days=7)

# Loops whose interviewers still owe notes. A draft loop was never scheduled (nobody was
# invited); a cancelled or decided one needs no more notes.
REMINDED_STATES = frozenset({LoopState.SCHEDULED, LoopState.INTERVIEWING, LoopState.DEBRIEF})

Kind = ReminderKind
INTERVIEWER_KINDS = (Kind.INITIAL_VOTE, Kind.FULL_NOTE, Kind.BEFORE_DEBRIEF)


@dataclass(frozen=True)
class Offsets:
    """The organisation's deadlines and reminder offsets."""

    initial_vote_due: timedelta = timedelta(minutes=60)
    full_note_due: timedelta = timedelta(hours=24)
    before_debrief: timedelta = timedelta(minutes=120)
    digest_before_debrief: timedelta = timedelta(minutes=60)

    @classmethod
    def of(cls, org) -> "Offsets":
        """The offsets of an ``OrgSettings`` row."""
        return cls(
            initial_vote_due=timedelta(minutes=org.initial_vote_due_minutes),
            full_note_due=timedelta(hours=org.full_note_due_hours),
            before_debrief=timedelta(minutes=org.reminder_before_debrief_minutes),
            digest_before_debrief=timedelta(minutes=org.manager_digest_before_debrief_minutes),
        )

    @property
    def lookback(self) -> timedelta:
        """How long ago an interview may have ended and still be owed a deadline reminder."""
        return HORIZON + max(self.initial_vote_due, self.full_note_due)

    @property
    def lookahead(self) -> timedelta:
        """How far ahead a debrief may be and already be owed a reminder."""
        return max(self.before_debrief, self.digest_before_debrief)


@dataclass(frozen=True)
class SlotFacts:
    """One interview, as the reminder rules see it."""

    loop_state: str
    ends_at: datetime | None
    initial_vote_at: datetime | None = None
    submitted_at: datetime | None = None
    debrief_at: datetime | None = None


@dataclass(frozen=True)
class Due:
    """A reminder owed: its kind, and the moment it fell due."""

    kind: str
    due_at: datetime


def deadlines(facts: SlotFacts, offsets: Offsets) -> dict[str, datetime]:
    """When the initial vote and the full note are due (empty while the slot has no end)."""
    if facts.ends_at is None:
        return {}
    return {
        Kind.INITIAL_VOTE: facts.ends_at + offsets.initial_vote_due,
        Kind.FULL_NOTE: facts.ends_at + offsets.full_note_due,
    }


def missing(facts: SlotFacts) -> list[str]:
    """What the interviewer still owes, in the words the emails use."""
    if facts.submitted_at is not None:
        return []
    if facts.initial_vote_at is None:
        return ["initial vote", "note"]
    return ["note"]


def due_kinds(facts: SlotFacts, offsets: Offsets, now: datetime) -> list[Due]:
    """The interviewer's reminder owed for this slot at ``now``: none, or the latest fallen due.

    A kind is due once its moment has passed and what it asks for is still missing:
    the initial vote (``INITIAL_VOTE``), the submitted note (``FULL_NOTE``), the note
    before a debrief that has not started yet (``BEFORE_DEBRIEF``, never before the
    interview has ended).
    """
    if (
        facts.loop_state not in REMINDED_STATES
        or facts.ends_at is None
        or facts.ends_at > now
        or facts.submitted_at is not None
    ):
        return []
    owed = deadlines(facts, offsets)
    if facts.initial_vote_at is not None:
        del owed[Kind.INITIAL_VOTE]
    if facts.debrief_at is not None and now < facts.debrief_at:
        owed[Kind.BEFORE_DEBRIEF] = max(facts.debrief_at - offsets.before_debrief, facts.ends_at)
    fallen = [Due(kind, due_at) for kind, due_at in owed.items() if due_at <= now]
    if not fallen:
        return []
    latest = max(fallen, key=lambda due: due.due_at)
    if latest.due_at < now - HORIZON:
        return []
    return [latest]


def digest_due(
    *,
    loop_state: str,
    debrief_at: datetime | None,
    missing_count: int,
    offsets: Offsets,
    now: datetime,
) -> Due | None:
    """The hiring manager's digest of missing notes, if owed at ``now``.

    Owed from ``digest_before_debrief`` before the debrief until it starts, while at
    least one interview that has ended has no submitted note.
    """
    if loop_state not in REMINDED_STATES or debrief_at is None or missing_count == 0:
        return None
    due_at = debrief_at - offsets.digest_before_debrief
    if due_at <= now < debrief_at:
        return Due(Kind.MANAGER_DIGEST, due_at)
    return None
