from loops.models.audit import AuditEvent, audit
from loops.models.debriefs import (
    Debrief,
    Decision,
    Participant,
    Resolution,
    SecondVote,
    Step,
    Take,
)
from loops.models.invites import Cancellation
from loops.models.loops import Candidate, Loop, Notice, RoundType, Slot, Stage
from loops.models.notes import (
    DIMENSIONS,
    NO_SIGNAL,
    AgendaEntry,
    Amendment,
    FlagColour,
    FlagIntent,
    Note,
    Reminder,
    Vote,
)
from loops.models.org import OrgSettings
from loops.models.outcomes import SignalGap, VoteShift
from loops.models.people import Function, Person, ResetRequest
from loops.models.roles import (
    Archetype,
    CloseLevel,
    Closeness,
    FocusCompetency,
    JobFamily,
    Role,
    WeakSpot,
)

__all__ = [
    "DIMENSIONS",
    "NO_SIGNAL",
    "AgendaEntry",
    "Amendment",
    "Archetype",
    "AuditEvent",
    "Cancellation",
    "Candidate",
    "CloseLevel",
    "Closeness",
    "Debrief",
    "Decision",
    "FlagColour",
    "FlagIntent",
    "FocusCompetency",
    "Function",
    "JobFamily",
    "Loop",
    "Note",
    "Notice",
    "OrgSettings",
    "Participant",
    "Person",
    "Reminder",
    "ResetRequest",
    "Resolution",
    "Role",
    "RoundType",
    "SecondVote",
    "SignalGap",
    "Slot",
    "Stage",
    "Step",
    "Take",
    "Vote",
    "VoteShift",
    "WeakSpot",
    "audit",
]
