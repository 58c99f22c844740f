"""Changing the organisation's settings."""

from django.core.cache import cache
from django.db import transaction

from loops.models import AuditEvent, OrgSettings, Person, audit
from loops.models.org import CACHE_KEY


@transaction.atomic
def update_settings(changes: dict, *, by: Person) -> OrgSettings:
    """Apply ``changes`` (field → value, already checked by the form) to the settings, and
    write each changed field's value before and after to the audit trail."""
    # As stored, not as the cached copy says, and locked: two staff saving at once apply
    # one after the other, and each event's "before" is what the other left.
    settings, _ = OrgSettings.objects.select_for_update().get_or_create(pk=1)
    before = {field: getattr(settings, field) for field in changes}
    for field, value in changes.items():
        setattr(settings, field, value)
    settings.save()
    # save() clears the cache at once; clear it again once the change is visible, so a
    # read between the two cannot cache the old values for the cache's lifetime.
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    changed = [field for field in changes if before[field] != getattr(settings, field)]
    if changed:
        label = {field: OrgSettings._meta.get_field(field).verbose_name for field in changed}
        audit(
            AuditEvent.Action.SETTINGS_CHANGED,
            by=by,
            summary=f"{by.name} changed the organisation's settings: "
            + "; ".join(
                f"{label[field]} from {before[field]} to {getattr(settings, field)}"
                for field in changed
            )
            + ".",
            fields=changed,
            before={field: before[field] for field in changed},
            after={field: getattr(settings, field) for field in changed},
        )
    return settings
