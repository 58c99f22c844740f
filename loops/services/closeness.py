"""The closeness grid of a role: who would work with whoever gets it, and how often."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from loops.models import CloseLevel, Closeness, Person, Role

GRID_PAGE_SIZE = 150


@dataclass(frozen=True)
class GridRow:
    person: Person
    level: str  # "" when not set

    def cells(self):
        """(level, label, pressed) for each column of the grid."""
        return [(value, label, value == self.level) for value, label in CloseLevel.choices]


def grid_rows(role: Role, query: str = "") -> list[GridRow]:
    """The directory's active people matching ``query``, with their closeness to ``role``.

    Two queries whatever the directory's size: the people, then their closeness rows.
    """
    people = list(Person.objects.for_directory().search(query)[:GRID_PAGE_SIZE])
    levels = dict(
        Closeness.objects.filter(role=role, person__in=people).values_list("person_id", "level")
    )
    return [GridRow(person, levels.get(person.pk, "")) for person in people]


def set_closeness(role: Role, person_id: int, level: str) -> GridRow:
    """Set (or with an empty level, clear) one person's closeness to the role."""
    person = get_object_or_404(Person.objects.for_directory(), pk=person_id)
    if level:
        Closeness.objects.update_or_create(role=role, person=person, defaults={"level": level})
    else:
        Closeness.objects.filter(role=role, person=person).delete()
    return GridRow(person, level)
