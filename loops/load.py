"""Interviewer load: how many slots each person holds from 30 days ago on."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count

from loops.models import Slot

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


def load_by_person(person_ids, now: datetime) -> dict[int, int]:
    """Slots held from 30 days ago on (upcoming ones included), in loops not cancelled.

    One grouped query on the (starts_at, interviewer) index.
    """
    rows = (
        Slot.objects.counting_for_load(load_since(now))
        .filter(interviewer__in=person_ids)
        .values("interviewer")
        .annotate(slots=Count("id"))
        .values_list("interviewer", "slots")
    )
    return dict(rows)


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
