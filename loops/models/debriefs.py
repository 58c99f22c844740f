from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Rank
from django.urls import reverse

from loops.models.loops import Loop
from loops.models.people import Person
from loops.vocabulary import Decision, Tie


class Step(models.TextChoices):
    """The script of a debrief, in order."""

    INFORMATION_QUALITY = "information_quality", "Information quality"
    AMBIGUITY = "ambiguity", "Ambiguity"
    ROLE_CLARIFICATION = "role_clarification", "Role clarification"
    REASSESSMENT = "reassessment", "Reassessment"
    DECISION = "decision", "Decision"


# Each step's share of the meeting: for 45 minutes, information quality takes the
# first 10, role clarification comes about 17 minutes in.
STEP_MINUTES_OF_45 = {
    Step.INFORMATION_QUALITY: 10,
    Step.AMBIGUITY: 7,
    Step.ROLE_CLARIFICATION: 5,
    Step.REASSESSMENT: 13,
    Step.DECISION: 10,
}


def planned_minutes(meeting_minutes: int) -> dict[str, int]:
    """Each step's planned minutes for a meeting of ``meeting_minutes``."""
    return {
        step: max(1, round(share * meeting_minutes / 45))
        for step, share in STEP_MINUTES_OF_45.items()
    }


class Take(models.TextChoices):
    """The room's take on a flag or a consistency finding."""

    DISMISSED = "dismissed", "Dismissed"
    MINOR = "minor", "Minor"
    CONCERN = "concern", "Real concern"
    BLOCKER = "blocker", "Blocker"


def decided_between(queryset, *, start=None, end=None, role=None, function="", via=""):
    """Rows decided within [start, end), of one role, of one function. ``via`` is the path
    from the rows to ``decided_at``, ``role`` and ``function`` ("loop__" for debriefs,
    whose function is their role's hiring manager's)."""
    if start is not None:
        queryset = queryset.filter(decided_at__gte=start)
    if end is not None:
        queryset = queryset.filter(decided_at__lt=end)
    if role is not None:
        queryset = queryset.filter(**{f"{via}role": role})
    if function:
        path = "loop__role__hiring_manager__function" if via else "function"
        queryset = queryset.filter(**{path: function})
    return queryset


class DebriefQuerySet(models.QuerySet):
    def locked(self, pk: int) -> "Debrief":
        """The debrief's row, locked until the transaction ends, with its loop and role."""
        return (
            self.select_for_update(of=("self",))
            .select_related("loop__role", "loop__candidate")
            .get(pk=pk)
        )

    def decided(self):
        return self.filter(decided_at__isnull=False)

    def visible_to(self, person: Person):
        """Debriefs of the roles a person manages or recruits for (staff: all)."""
        if person.is_staff:
            return self
        return self.filter(
            models.Q(loop__role__hiring_manager=person) | models.Q(loop__role__recruiters=person)
        ).distinct()

    def matching(self, **filters):
        """See ``decided_between``: the function is that of the role's hiring manager."""
        return decided_between(self, via="loop__", **filters)

    def outcome_figures(self) -> dict:
        """Decisions by outcome, against the guidance, and the time from last interview to
        decision (hours, average and slowest), as aggregate expressions."""
        return {
            "decided": models.Count("pk"),
            "hires": models.Count("pk", filter=models.Q(decision=Decision.HIRE)),
            "no_hires": models.Count("pk", filter=models.Q(decision=Decision.NO_HIRE)),
            "more_signal": models.Count("pk", filter=models.Q(decision=Decision.MORE_SIGNAL)),
            "against": models.Count("pk", filter=~models.Q(against_guidance_reason="")),
            "avg_hours": models.Avg("hours_to_decision"),
            "max_hours": models.Max("hours_to_decision"),
        }

    def by_role(self):
        """One row per role with ``outcome_figures``, ranked by the slowest average."""
        return (
            self.values("loop__role")
            .annotate(title=models.F("loop__role__title"), **self.outcome_figures())
            .annotate(
                slowest_rank=models.Window(
                    Rank(), order_by=models.F("avg_hours").desc(nulls_last=True)
                )
            )
            .order_by("title", "loop__role")
        )

    def across_roles(self) -> dict:
        return self.aggregate(**self.outcome_figures())


class Debrief(models.Model):
    """The meeting for one loop, run live: the script, the second vote, the decision.

    ``version`` counts the changes; every change bumps it in the transaction that makes
    it, so a browser that shows version N shows the whole state as of N.
    """

    loop = models.OneToOneField(Loop, on_delete=models.CASCADE, related_name="debrief")
    version = models.PositiveIntegerField(default=1)
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.INFORMATION_QUALITY)
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    planned_minutes = models.PositiveSmallIntegerField(default=45)
    step_started_at = models.DateTimeField()
    # {step: seconds spent in it before the current visit}
    step_seconds = models.JSONField(default=dict, blank=True)
    recruiter_invited = models.BooleanField(default=False)
    # Role clarification: [{"name", "because"}] and the hiring manager's words.
    role_needs = models.JSONField(default=list, blank=True)
    role_statement = models.TextField(blank=True)
    role_updated_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    revealed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    rationale = models.TextField(blank=True)
    against_guidance_reason = models.TextField(blank=True)
    # The guidance as it stood when the decision was taken, in words.
    guidance_at_decision = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # From the end of the loop's last interview to the decision.
    hours_to_decision = models.FloatField(null=True, blank=True)

    objects = DebriefQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True) | ~models.Q(decision=""),
                name="debrief_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True) | models.Q(revealed_at__isnull=False),
                name="debrief_decided_after_reveal",
            ),
        ]

    def __str__(self):
        return f"Debrief of {self.loop}"

    def get_absolute_url(self):
        return reverse("loops:debrief", args=[self.loop_id])

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    @property
    def steps(self) -> list[Step]:
        return list(Step)

    @property
    def step_index(self) -> int:
        return list(Step.values).index(self.step)

    def can_facilitate(self, person: Person) -> bool:
        return self.loop.role.can_facilitate(person)

    def check_open(self) -> None:
        if self.is_decided:
            raise ValidationError("The debrief is decided: its record is read-only.")

    def move_to_step(self, step: str, now: datetime) -> None:
        """Go to ``step``, adding the time spent in the current one to its total."""
        self.check_open()
        if step not in Step.values:
            raise ValidationError("No such step.")
        if step == self.step:
            return
        if step == Step.DECISION and not self.is_revealed:
            raise ValidationError("Reveal the second votes before moving on to the decision.")
        self.step_seconds = self.seconds_by_step(now)
        self.step = step
        self.step_started_at = now

    def seconds_by_step(self, now: datetime) -> dict[str, int]:
        """Seconds spent in each step so far, the current visit included."""
        seconds = dict(self.step_seconds)
        current = max(0, int((now - self.step_started_at).total_seconds()))
        seconds[self.step] = seconds.get(self.step, 0) + current
        return seconds

    def elapsed(self, now: datetime) -> timedelta:
        return now - self.started_at


class Participant(models.Model):
    """Someone who joined the debrief, and when."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint("debrief", "person", name="participant_once_per_debrief")
        ]

    def __str__(self):
        return f"{self.person} in {self.debrief}"


class Resolution(models.Model):
    """How the room settled one item: a pre-read item with a short note, or a flag or
    consistency finding with the room's take. The item's words are kept as they stood,
    so the record reads the same later."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="resolutions")
    step = models.CharField(max_length=20, choices=Step.choices)
    key = models.CharField(max_length=300)
    kind = models.CharField(max_length=30)
    message = models.TextField()
    take = models.CharField(max_length=10, choices=Take.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint("debrief", "key", name="resolution_once_per_item")]

    def __str__(self):
        return self.message


class SecondVoteQuerySet(models.QuerySet):
    """Second votes are hidden until the reveal: every page, partial, stream, export and
    admin list reads them through ``visible_to`` (or ``revealed`` for what a panel shows
    every seat of a debrief alike)."""

    def revealed(self):
        """Votes of debriefs whose votes were revealed."""
        return self.filter(debrief__revealed_at__isnull=False)

    def visible_to(self, person: Person):
        """One's own votes, always; after the reveal, every vote of a debrief where one has
        a seat (staff, the role's hiring manager, the loop's interviewers, a recruiter of
        the role when the debrief invited its recruiters)."""
        seat = (
            models.Q(debrief__loop__role__hiring_manager=person)
            | models.Q(debrief__loop__slots__interviewer=person)
            | models.Q(debrief__recruiter_invited=True, debrief__loop__role__recruiters=person)
        )
        if person.is_staff:
            seat = models.Q()
        others = self.revealed().filter(seat).values("pk")
        return self.filter(models.Q(voter=person) | models.Q(pk__in=others))


class SecondVote(models.Model):
    """One person's vote after the discussion, hidden until the reveal."""

    Tie = Tie

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="second_votes")
    voter = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="second_votes")
    vote = models.CharField(max_length=12)
    why_moved = models.CharField("why I moved", max_length=500, blank=True)
    # For a strong no: the need of the role it ties to, in words (blank with Tie.NONE).
    tie = models.CharField(max_length=8, choices=Tie.choices, blank=True)
    tied_to = models.CharField(max_length=300, blank=True)
    cast_at = models.DateTimeField()

    objects = SecondVoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint("debrief", "voter", name="second_vote_once_per_person"),
        ]

    def __str__(self):
        return f"Second vote of {self.voter}"
