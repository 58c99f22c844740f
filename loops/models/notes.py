from django.db import models
from django.urls import reverse

from loops.models.loops import Loop, Slot
from loops.models.people import Person
from loops.vocabulary import ReminderKind, Vote

NO_SIGNAL = "no_signal"
DIMENSIONS = [
    ("correctness", "Correctness"),
    ("reasoning", "Reasoning"),
    ("signal_to_noise", "Signal-to-noise"),
    ("engineering_maturity", "Engineering maturity"),
    ("ownership", "Ownership"),
]


class FlagColour(models.TextChoices):
    YELLOW = "yellow", "Yellow"
    RED = "red", "Red"


class FlagIntent(models.TextChoices):
    CONCERN = "concern", "A concern to discuss"
    COMPLETENESS = "completeness", "Noted for completeness"


class NoteQuerySet(models.QuerySet):
    def visible_to(self, person: Person):
        """Notes whose content ``person`` may read.

        Their own note always. The role's hiring manager (and staff): every submitted note.
        Another interviewer on the loop: the submitted notes, once their own is submitted
        (no anchoring). Recruiters see who has submitted, not what: no content here.
        """
        if person.is_staff:
            return self.filter(
                models.Q(submitted_at__isnull=False) | models.Q(slot__interviewer=person)
            )
        submitted_loops = Slot.objects.filter(
            interviewer=person, note__submitted_at__isnull=False
        ).values("loop")
        return self.filter(
            models.Q(slot__interviewer=person)
            | models.Q(submitted_at__isnull=False, slot__loop__role__hiring_manager=person)
            | models.Q(submitted_at__isnull=False, slot__loop__in=submitted_loops)
        )


class Note(models.Model):
    """An interviewer's note on one slot: first vote, ratings, signals, flags, stories, text.

    Drafts save as the interviewer types; ``version`` counts the saves, so two tabs
    cannot overwrite each other unseen. The initial vote locks once recorded, the whole
    note once submitted; later words are amendments, appended, never overwriting.
    """

    slot = models.OneToOneField(Slot, on_delete=models.CASCADE, related_name="note")
    initial_vote = models.CharField(max_length=12, choices=Vote.choices, blank=True)
    initial_vote_at = models.DateTimeField(null=True, blank=True)
    # {"focus:<id>" or "dimension:<key>": a Vote value or "no_signal"}
    ratings = models.JSONField(default=dict, blank=True)
    # the signal texts ticked, from loops.rules.kit
    signals = models.JSONField(default=list, blank=True)
    # [{"colour", "text", "intent"}]
    flags = models.JSONField(default=list, blank=True)
    # [{"title", "setup", "actions", "outcome", "conclusion"}]
    stories = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["submitted_at"])]

    def __str__(self):
        return f"Note on {self.slot}"

    def get_absolute_url(self):
        return reverse("loops:note", args=[self.slot_id])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def vote_locked(self) -> bool:
        return self.initial_vote_at is not None

    @property
    def is_blank(self) -> bool:
        return not (self.text or self.ratings or self.signals or self.flags or self.stories)


class Amendment(models.Model):
    """Words added to a submitted note, kept with their time; a note is never rewritten."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Amendment to {self.note}"


class Reminder(models.Model):
    """One reminder that must go out exactly once, claimed in the database.

    Interviewer reminders are keyed by (slot, kind); the hiring manager's digest of
    missing notes by (loop, kind).
    """

    Kind = ReminderKind

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        # What it asked for was done (or its moment passed) before it went out.
        SKIPPED = "skipped", "Not needed"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="reminders")
    slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reminders")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "slot",
                "kind",
                condition=models.Q(slot__isnull=False),
                name="reminder_once_per_slot",
            ),
            models.UniqueConstraint(
                "loop", "kind", condition=models.Q(slot__isnull=True), name="reminder_once_per_loop"
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="reminder_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient}"

    @property
    def message_id(self) -> str:
        """Fixed by the row, so a rare resend is recognisably the same message."""
        return f"<reminder-{self.pk}@debrief>"


class AgendaEntry(models.Model):
    """The hiring manager's hand on the pre-read: an item added by hand, a found item
    dismissed with a reason, or a position in the agenda. Found items are recomputed from
    the notes; their entry is keyed by the item's stable key."""

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="agenda_entries")
    key = models.CharField(max_length=300)
    text = models.CharField(max_length=500, blank=True, help_text="For items added by hand.")
    dismissed_reason = models.CharField(max_length=300, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint("loop", "key", name="agenda_entry_once_per_item")]

    def __str__(self):
        return self.text or self.key
