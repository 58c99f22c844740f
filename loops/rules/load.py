"""Interviewer load: how many slots each person holds from 30 days ago on."""

from dataclasses import dataclass
from datetime import datetime, timedelta

LOAD_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class PersonFacts:
    """A possible interviewer, as the load and suggestion rules see them."""

    id: int
    name: str
    function: str
    is_senior_leader: bool
    closeness: str  # to the role: a CloseLevel value, or "" when not set
    load: int = 0


def load_since(now: datetime) -> datetime:
    return now - LOAD_WINDOW


def lighter_alternatives(
    loaded: PersonFacts, pool: list[PersonFacts], taken: set[int], limit: int = 3
) -> list[PersonFacts]:
    """Up to ``limit`` people of the same function and closeness with fewer slots.

    Lightest first; nobody in ``taken`` (already on the loop).
    """
    alike = [
        person
        for person in pool
        if person.id not in taken
        and person.id != loaded.id
        and person.function == loaded.function
        and person.closeness == loaded.closeness
        and person.load < loaded.load
    ]
    return sorted(alike, key=lambda person: (person.load, person.name))[:limit]
