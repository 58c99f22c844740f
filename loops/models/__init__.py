from loops.models.loops import Candidate, Loop, Notice, RoundType, Slot, Stage
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
    "Archetype",
    "Candidate",
    "CloseLevel",
    "Closeness",
    "FocusCompetency",
    "Function",
    "JobFamily",
    "Loop",
    "Notice",
    "OrgSettings",
    "Person",
    "Role",
    "RoundType",
    "Slot",
    "Stage",
    "WeakSpot",
]
