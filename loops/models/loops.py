from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import Truncator

from loops.models.people import Person
from loops.models.roles import CloseLevel, FocusCompetency, Role, WeakSpot
from loops.vocabulary import LoopState

WEB_SCHEMES = ("http", "https")


def validate_links(text: str) -> None:
    """Each line a web address (http or https): a link in a page must never run script."""
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        link = line.strip()
        if link and not is_web_link(link):
            errors.append(
                f"Line {number}, “{Truncator(link).chars(60)}”, is not a web address: "
                "each link starts with http:// or https://."
            )
    if errors:
        raise ValidationError(errors)


def is_web_link(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


class Candidate(models.Model):
    """Someone interviewing for a role."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    links = models.TextField(
        blank=True,
        help_text="CV, portfolio, profiles: one web address (http or https) a line.",
        validators=[validate_links],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self):
        return self.name

    def link_list(self) -> list[tuple[str, bool]]:
        """Each link with whether it is a web address; only those are shown as links."""
        lines = (line.strip() for line in self.links.splitlines())
        return [(line, is_web_link(line)) for line in lines if line]


class Stage(models.Model):
    """A step before the loop, such as a recruiter screen, and how it went."""

    class Kind(models.TextChoices):
        RECRUITER_SCREEN = "recruiter_screen", "Recruiter screen"
        TECHNICAL_SCREEN = "technical_screen", "Technical screen"
        TAKE_HOME = "take_home", "Take-home exercise"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        PASSED = "passed", "Passed"
        MIXED = "mixed", "Mixed"
        FAILED = "failed", "Did not pass"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    notes = models.CharField(max_length=500, blank=True)
    happened_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["happened_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"


class LoopQuerySet(models.QuerySet):
    def visible_to(self, person: Person):
        """Loops a person has a part in: on the role's hiring team, or holding a slot."""
        if person.is_staff:
            return self
        managed = Role.objects.filter(
            models.Q(hiring_manager=person) | models.Q(recruiters=person)
        ).values("pk")
        return self.filter(
            models.Q(role__in=managed)
            | models.Q(pk__in=Slot.objects.filter(interviewer=person).values("loop"))
        )

    def for_list(self):
        return self.select_related("candidate", "role").annotate(slot_count=models.Count("slots"))


class Loop(models.Model):
    """The onsite (or virtual onsite) of one candidate: its slots, then notes and a debrief."""

    State = LoopState

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="loops")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="loops")
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    debrief_at = models.DateTimeField("debrief", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LoopQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["role", "state"]),
            models.Index(
                fields=["state"], condition=models.Q(state="cancelled"), name="loop_cancelled_idx"
            ),
            # Reminders: loops whose debrief is coming up.
            models.Index(
                fields=["debrief_at"],
                condition=models.Q(debrief_at__isnull=False),
                name="loop_debrief_idx",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} for {self.role}"

    # Where each state may go next; the debrief and decision have services of their own.
    TRANSITIONS = {
        State.DRAFT: (State.SCHEDULED, State.CANCELLED),
        State.SCHEDULED: (State.DRAFT, State.INTERVIEWING, State.CANCELLED),
        State.INTERVIEWING: (State.DEBRIEF, State.CANCELLED),
        State.DEBRIEF: (State.DECIDED, State.CANCELLED),
        State.DECIDED: (),
        State.CANCELLED: (),
    }

    def get_absolute_url(self):
        return reverse("loops:loop-detail", args=[self.pk])

    def can_move_to(self, state: str) -> bool:
        return state in self.TRANSITIONS[self.State(self.state)]

    def move_to(self, state: str) -> None:
        """Change state if the transition is allowed, else raise ValidationError saying why."""
        if not self.can_move_to(state):
            raise ValidationError(
                f"A {self.get_state_display().lower()} loop cannot become "
                f"{self.State(state).label.lower()}."
            )
        self.state = state
        self.save(update_fields=["state", "updated_at"])

    def can_be_managed_by(self, person: Person) -> bool:
        return self.role.can_be_managed_by(person)

    @property
    def is_editable(self) -> bool:
        """Slots may change while the loop is being built or is still ahead."""
        return self.state in (self.State.DRAFT, self.State.SCHEDULED)


class RoundType(models.TextChoices):
    CODING = "coding", "Coding"
    SYSTEM_DESIGN = "system_design", "System design"
    BEHAVIOURAL = "behavioural", "Behavioural"
    FUNCTIONAL = "functional", "Functional"
    LEADERSHIP = "leadership", "Leadership"
    VALUES = "values", "Values"


class SlotQuerySet(models.QuerySet):
    def for_loop_page(self):
        return self.select_related("interviewer", "note").prefetch_related("focus", "weak_spots")

    def counting_for_load(self, since):
        """Slots that count toward interviewer load: from ``since`` on, in loops not cancelled.

        Cancelled loops are few: excluding them by a subquery (on a partial index) spares a
        join with every loop.
        """
        cancelled = Loop.objects.filter(state=Loop.State.CANCELLED).values("pk")
        return self.filter(starts_at__gte=since).exclude(loop__in=cancelled)

    def load_by_person(self, person_ids, since) -> dict[int, int]:
        """Slots each person holds from ``since`` on (upcoming ones included), in loops not
        cancelled: the interviewer load. One grouped query on the (starts_at, interviewer)
        index."""
        rows = (
            self.counting_for_load(since)
            .filter(interviewer__in=person_ids)
            .values("interviewer")
            .annotate(slots=models.Count("id"))
            .values_list("interviewer", "slots")
        )
        return dict(rows)


class Slot(models.Model):
    """One interview of a loop: who, how close to the role, what kind, what it probes, when."""

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="slots")
    interviewer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="slots")
    closeness = models.CharField(max_length=8, choices=CloseLevel.choices)
    round_type = models.CharField("round type", max_length=16, choices=RoundType.choices)
    focus = models.ManyToManyField(
        FocusCompetency, blank=True, related_name="slots", verbose_name="focus competencies probed"
    )
    weak_spots = models.ManyToManyField(
        WeakSpot, blank=True, related_name="slots", verbose_name="weak spots probed"
    )
    starts_at = models.DateTimeField("starts", null=True, blank=True)
    ends_at = models.DateTimeField("ends", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Set when the interviewer's invite for the current time went out; cleared when the time moves.
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    invite_sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["order", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "loop",
                "interviewer",
                name="slot_one_per_person_per_loop",
                violation_error_message="This person already holds a slot on this loop.",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at"))
                | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__isnull=True),
                name="slot_ends_after_it_starts",
                violation_error_message="The end must come after the start.",
            ),
        ]
        indexes = [
            # Load: one person's slots from a date on.
            models.Index(fields=["interviewer", "starts_at"], name="slot_load_idx"),
            # Reminders: slots whose interview has ended.
            models.Index(fields=["ends_at"], name="slot_ends_idx"),
        ]

    def __str__(self):
        return f"{self.get_round_type_display()} with {self.interviewer}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must come after the start."})


class Notice(models.Model):
    """Something the app tells one person, shown in the app (and often also emailed)."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text
