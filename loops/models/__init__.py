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
    "CloseLevel",
    "Closeness",
    "FocusCompetency",
    "Function",
    "JobFamily",
    "OrgSettings",
    "Person",
    "Role",
    "WeakSpot",
]
