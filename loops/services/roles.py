"""Writing a role: creating and changing it, and its focus competencies and weak spots.

Each write is one transaction that leaves its event on the audit trail. Events name the
role and what changed by field and by name: a role's own words are not a note's.
"""

from django.db import transaction

from loops.models import AuditEvent, FocusCompetency, Person, Role, WeakSpot, audit

# What each kind of row on a role is called, and its events when added and removed.
CHILDREN = {
    FocusCompetency: (
        "focus competency",
        AuditEvent.Action.FOCUS_ADDED,
        AuditEvent.Action.FOCUS_REMOVED,
    ),
    WeakSpot: ("weak spot", AuditEvent.Action.WEAK_SPOT_ADDED, AuditEvent.Action.WEAK_SPOT_REMOVED),
}


@transaction.atomic
def create_role(fields: dict, *, by: Person) -> Role:
    """Create a role from ``fields`` (field → value, already checked by the form;
    ``recruiters`` may be among them)."""
    fields = dict(fields)
    recruiters = fields.pop("recruiters", ())
    role = Role.objects.create(**fields)
    role.recruiters.set(recruiters)
    audit(
        AuditEvent.Action.ROLE_CREATED,
        by=by,
        summary=f"{by.name} created the role {role.title}.",
        role=role.pk,
    )
    return role


def _comparable(role: Role, field: str):
    if field == "recruiters":
        return sorted(role.recruiters.values_list("pk", flat=True))
    if field == "hiring_manager":
        return role.hiring_manager_id
    return getattr(role, field)


@transaction.atomic
def update_role(role: Role, changes: dict, *, by: Person) -> Role:
    """Apply ``changes`` (field → value, already checked by the form) to ``role``, and
    write which fields changed to the audit trail."""
    # As stored, not as the instance says: a bound ModelForm has already set its fields.
    stored = Role.objects.select_for_update().get(pk=role.pk)
    before = {field: _comparable(stored, field) for field in changes}
    for field, value in changes.items():
        if field == "recruiters":
            role.recruiters.set(value)
        else:
            setattr(role, field, value)
    role.save()
    changed = [field for field in changes if before[field] != _comparable(role, field)]
    if changed:
        names = ", ".join(str(Role._meta.get_field(field).verbose_name) for field in changed)
        audit(
            AuditEvent.Action.ROLE_CHANGED,
            by=by,
            summary=f"{by.name} changed the role {role.title}: {names}.",
            role=role.pk,
            fields=changed,
        )
    return role


@transaction.atomic
def add_to_role(item: FocusCompetency | WeakSpot, *, by: Person) -> FocusCompetency | WeakSpot:
    """Add ``item`` (unsaved, its role set) last on its role's list."""
    # The role's row is locked so that two additions at once take different places.
    role = Role.objects.select_for_update().get(pk=item.role_id)
    noun, added, _ = CHILDREN[type(item)]
    item.order = type(item).objects.filter(role=role).count()
    item.save()
    audit(
        added,
        by=by,
        summary=f"{by.name} added the {noun} “{item.name}” to the role {role.title}.",
        role=role.pk,
        name=item.name,
    )
    return item


@transaction.atomic
def remove_from_role(item: FocusCompetency | WeakSpot, *, by: Person) -> None:
    """Remove ``item`` from its role."""
    noun, _, removed = CHILDREN[type(item)]
    role = item.role
    item.delete()
    audit(
        removed,
        by=by,
        summary=f"{by.name} removed the {noun} “{item.name}” from the role {role.title}.",
        role=role.pk,
        name=item.name,
    )
