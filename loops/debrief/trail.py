"""What the live debrief's changes write to the audit trail.

Each function appends one event and is called inside the change's own transaction, so
the event exists only if the change does. Staff read the trail: it says what happened in
words and names things by id, kind or the role's own names, never by the room's words (a
resolution's note, a flag's text or a story's title inside an item's key, the role
statement, a second vote or its reasons).
"""

from loops.models import AuditEvent, Debrief, Person, Resolution, Step, Take, audit


def step_moved(debrief: Debrief, before: str, *, by: Person) -> None:
    audit(
        AuditEvent.Action.STEP_MOVED,
        by=by,
        loop=debrief.loop,
        summary=f"{by.name} moved the debrief of {debrief.loop} from "
        f"{Step(before).label.lower()} to {debrief.get_step_display().lower()}.",
        before=before,
        after=debrief.step,
    )


def item_resolved(
    debrief: Debrief, resolution: Resolution, *, label: str, first: bool, by: Person
) -> None:
    """``label`` says what the item is about without any note's words ("A red flag")."""
    # The item's key and message may quote a flag or a story title: the event names the
    # resolution and the kind of item instead, with the take, which is one of the room's
    # fixed words (dismissed, minor, real concern, blocker).
    took = f": {Take(resolution.take).label.lower()}" if resolution.take else ""
    audit(
        AuditEvent.Action.ITEM_RESOLVED,
        by=by,
        loop=debrief.loop,
        summary=f"{by.name} {'resolved' if first else 'changed the resolution of'} "
        f"{label.lower()} in the debrief of {debrief.loop}{took}.",
        resolution=resolution.pk,
        step=resolution.step,
        kind=resolution.kind,
        take=resolution.take,
    )


def role_stated(debrief: Debrief, *, by: Person) -> None:
    # The needs' names, as the role's page would show them; not why, nor the statement.
    audit(
        AuditEvent.Action.ROLE_STATED,
        by=by,
        loop=debrief.loop,
        summary=f"{by.name} recorded what {debrief.loop.role} needs in the debrief of "
        f"{debrief.loop}.",
        needs=[need["name"] for need in debrief.role_needs],
    )


def role_carried(debrief: Debrief, *, added: list[str], updated: list[str], by: Person) -> None:
    role = debrief.loop.role
    said = [f"added {name}" for name in added] + [f"updated why for {name}" for name in updated]
    audit(
        AuditEvent.Action.ROLE_CARRIED,
        by=by,
        loop=debrief.loop,
        summary=f"{by.name} carried the debrief's statement to the role {role}: "
        f"{'; '.join(said) or 'nothing to change'}.",
        role=role.pk,
        added=added,
        updated=updated,
    )


def second_vote(debrief: Debrief, *, first: bool, voter: Person) -> None:
    # That someone voted, and when: what they voted stays hidden, even after the reveal,
    # as the trail is read by people outside the room.
    audit(
        AuditEvent.Action.SECOND_VOTE,
        by=voter,
        loop=debrief.loop,
        summary=f"{voter.name} {'cast' if first else 'changed'} their second vote on "
        f"{debrief.loop}.",
        changed=not first,
    )
