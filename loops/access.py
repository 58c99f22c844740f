"""Who may see and change what. Views fetch every object through these helpers.

Someone with no part in an object gets 404, so its existence is not revealed;
someone who may see it but lacks the right to change it gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from loops.debrief.seats import seat_of
from loops.models import Loop, Person, Role, Slot


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
    """A directory entry ``person`` may change something of (``Person.fields_editable_by``)."""
    require_hiring_team(person)
    entry = get_object_or_404(Person, pk=pk)
    if not entry.entry_editable_by(person):
        raise PermissionDenied(
            "Only staff change the entry of staff and of the hiring team; ask a member of staff."
        )
    return entry


def get_loop_for(person: Person, pk: int, *, manage: bool = False) -> Loop:
    """The loop if ``person`` has a part in it; with ``manage``, only its role's hiring team."""
    loops = Loop.objects.visible_to(person).select_related("candidate", "role__hiring_manager")
    loop = get_object_or_404(loops, pk=pk)
    if manage and not loop.can_be_managed_by(person):
        raise PermissionDenied(
            "Only the role's hiring manager, its recruiters and staff can do this."
        )
    return loop


def get_slot_for(person: Person, pk: int, *, manage: bool = False) -> Slot:
    """A slot of a loop ``person`` has a part in.

    Its interviewer may see it; the role's hiring team may see and (``manage``) change it.
    """
    slot = get_object_or_404(
        Slot.objects.select_related("loop__role", "loop__candidate", "interviewer"), pk=pk
    )
    loop = slot.loop
    if not Loop.objects.visible_to(person).filter(pk=loop.pk).exists():
        raise Http404("No such slot.")
    manager = loop.can_be_managed_by(person)
    if (manage and not manager) or not (manager or slot.interviewer_id == person.pk):
        raise PermissionDenied("Only the interviewer and the role's hiring team can see this slot.")
    return slot


def get_seat_for(person: Person, loop_pk: int) -> tuple[Loop, str]:
    """The loop and how ``person`` takes part in its debrief (see ``seats.seat_of``).

    People outside the loop get 404; a recruiter who was not invited gets 403.
    """
    loop = get_loop_for(person, loop_pk)
    seat = seat_of(loop, person)
    if seat is None:
        raise PermissionDenied("Only the loop's interviewers and hiring manager join its debrief.")
    return loop, seat
