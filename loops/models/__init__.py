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
from loops.models.people import Function, Person
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
    "Candidate",
    "CloseLevel",
    "Closeness",
    "FlagColour",
    "FlagIntent",
    "FocusCompetency",
    "Function",
    "JobFamily",
    "Loop",
    "Note",
    "Notice",
    "OrgSettings",
    "Person",
    "Reminder",
    "Role",
    "RoundType",
    "Slot",
    "Stage",
    "Vote",
    "WeakSpot",
]
