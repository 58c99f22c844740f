"""The closeness grid of a role: who would work with whoever gets it, and how often."""

from dataclasses import dataclass

from django.db import transaction
from django.shortcuts import get_object_or_404

from loops.models import AuditEvent, CloseLevel, Closeness, Person, Role, audit

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


@transaction.atomic
def set_closeness(role: Role, person_id: int, level: str, *, by: Person) -> GridRow:
    """Set (or with an empty level, clear) one person's closeness to the role; a change
    writes the level before and after to the audit trail."""
    person = get_object_or_404(Person.objects.for_directory(), pk=person_id)
    row = Closeness.objects.select_for_update().filter(role=role, person=person).first()
    before = row.level if row else ""
    if level:
        Closeness.objects.update_or_create(role=role, person=person, defaults={"level": level})
    elif row:
        row.delete()
    if level != before:
        audit(
            AuditEvent.Action.CLOSENESS_SET,
            by=by,
            summary=f"{by.name} set {person.name}'s closeness to {role.title} from "
            f"{_said(before)} to {_said(level)}.",
            role=role.pk,
            person=person.pk,
            before=before,
            after=level,
        )
    return GridRow(person, level)


def _said(level: str) -> str:
    return CloseLevel(level).label.lower() if level else "not set"
