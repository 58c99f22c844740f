"""The audit trail: who changed what, and when, for every state change of the app.

Append-only. The model refuses to change or delete a row, its QuerySet refuses bulk
updates and deletes, and on PostgreSQL a trigger refuses UPDATE and DELETE whatever
code runs them (migration 0010). Rows name the loop by id and say what happened in
words, without the words of any note, so the trail outlives the rows it speaks of and
leaks nothing to the staff who read it.
"""

from django.db import models
from django.utils import timezone

from loops.models.people import Person


class AppendOnly(Exception):
    """Raised on any attempt to change or remove an audit row."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The audit trail is append-only.")

    def delete(self):
        raise AppendOnly("The audit trail is append-only.")

    def for_page(self):
        return self.select_related("actor").order_by("-at", "-pk")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        DEBRIEF_STARTED = "debrief_started", "Debrief started"
        NOTE_SUBMITTED = "note_submitted", "Note submitted"
        NOTE_AMENDED = "note_amended", "Note amended"
        VOTES_REVEALED = "votes_revealed", "Second votes revealed"
        DECIDED = "decided", "Decision recorded"
        PERSON_CHANGED = "person_changed", "Directory entry changed"
        CANDIDATE_ADDED = "candidate_added", "Candidate added"
        SLOT_ADDED = "slot_added", "Slot added"
        SLOT_CHANGED = "slot_changed", "Slot changed"
        SLOT_SWAPPED = "slot_swapped", "Slot given to someone else"
        SLOT_REORDERED = "slot_reordered", "Slot moved in the running order"
        SLOT_REMOVED = "slot_removed", "Slot removed"
        LOOP_MOVED = "loop_moved", "Loop state changed"
        INITIAL_VOTE = "initial_vote", "Initial vote recorded"
        STEP_MOVED = "step_moved", "Debrief step changed"
        ITEM_RESOLVED = "item_resolved", "Debrief item resolved"
        ROLE_STATED = "role_stated", "Role's needs stated in the debrief"
        ROLE_CARRIED = "role_carried", "Role updated from the debrief"
        SECOND_VOTE = "second_vote", "Second vote cast"
        SETTINGS_CHANGED = "settings_changed", "Organisation settings changed"
        ROLE_CREATED = "role_created", "Role created"
        ROLE_CHANGED = "role_changed", "Role changed"
        FOCUS_ADDED = "focus_added", "Focus competency added"
        FOCUS_REMOVED = "focus_removed", "Focus competency removed"
        WEAK_SPOT_ADDED = "weak_spot_added", "Weak spot added"
        WEAK_SPOT_REMOVED = "weak_spot_removed", "Weak spot removed"
        CLOSENESS_SET = "closeness_set", "Closeness set"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    # People are deactivated, not deleted; PROTECT keeps the actor of every row.
    actor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # By id, without a constraint: the trail keeps its rows if the loop is ever removed.
    loop = models.ForeignKey(
        "loops.Loop",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    summary = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index("loop", "at", name="audit_loop_idx")]

    def __str__(self):
        return self.summary

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The audit trail is append-only.")


def audit(action: str, *, by: Person, loop=None, summary: str, **detail) -> AuditEvent:
    """Append one event, in the caller's transaction: it exists only if the change does."""
    return AuditEvent.objects.create(
        action=action, actor=by, loop=loop, summary=summary[:300], detail=detail
    )
