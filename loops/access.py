"""Who may see and change what. Views fetch every object through these helpers.

Someone with no part in an object gets 404, so its existence is not revealed;
someone who may see it but lacks the right to change it gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from loops.models import Person, Role


def require_hiring_team(person: Person) -> None:
    if not person.can_manage_hiring:
        raise PermissionDenied("Only the hiring team can do this.")


def get_role_for(person: Person, pk: int, *, manage: bool = False) -> Role:
    """The role if ``person`` may see it (and, with ``manage``, change it)."""
    role = get_object_or_404(
        Role.objects.visible_to(person).select_related("hiring_manager"), pk=pk
    )
    if manage and not role.can_be_managed_by(person):
        raise PermissionDenied(
            "Only the role's hiring manager, its recruiters and staff can change it."
        )
    return role


def get_person_for(person: Person, pk: int) -> Person:
    """A directory entry ``person`` may edit: the hiring team edits anyone."""
    require_hiring_team(person)
    return get_object_or_404(Person, pk=pk)
