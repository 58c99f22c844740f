"""What a decided debrief leaves for the reports: one row per interviewer and one per
focus competency that lacked signal, written once, in the decision's transaction.

A decided debrief is read-only and initial votes are locked, so these facts never change
afterwards; keeping them as flat rows lets calibration and the role report aggregate
thousands of loops in the database with one query each, and filter on the role, the
date and the function without joining through loops, slots, notes and votes.
"""

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Rank

from loops.models.debriefs import Debrief, decided_between
from loops.models.people import Function, Person
from loops.models.roles import CloseLevel, Role
from loops.vocabulary import Vote


class VoteShiftQuerySet(models.QuerySet):
    def visible_to(self, person: Person):
        """Staff: everyone's. Others: their own rows, and every row of the loops of the
        roles they manage. Nothing of another role's loops."""
        if person.is_staff:
            return self
        return self.filter(Q(person=person) | Q(role__hiring_manager=person))

    def matching(self, **filters):
        return decided_between(self, **filters)

    def calibration(self):
        """One row per interviewer: how often they moved and which way, how often their
        second vote agreed with the decision, their initial votes by value, late notes;
        ranked by how often they move (1 moves most)."""
        moved = Q(second__isnull=False, initial__isnull=False) & ~Q(second=F("initial"))
        # Grouped by the person's id alone (one row per loop and person, by constraint),
        # the name read afterwards: grouping on the joined name makes PostgreSQL expect a
        # group per row and sort them all, about three times slower over 60,000 rows.
        name = Person.objects.filter(pk=OuterRef("person")).order_by().values("name")[:1]
        rows = (
            self.values("person")
            .annotate(
                loops=Count("pk"),
                voted_both=Count("pk", filter=Q(second__isnull=False, initial__isnull=False)),
                moved=Count("pk", filter=moved),
                moved_up=Count("pk", filter=moved & Q(second__gt=F("initial"))),
                moved_down=Count("pk", filter=moved & Q(second__lt=F("initial"))),
                toward_room=Count("pk", filter=Q(toward_room=True)),
                agreed=Count("pk", filter=Q(agrees=True)),
                judged=Count("pk", filter=Q(agrees__isnull=False)),
                late=Count("pk", filter=Q(late=True)),
                **vote_counts("initial"),
            )
            .annotate(
                name=Subquery(name),
                rank=Window(
                    Rank(),
                    order_by=[(F("moved") * 1000 / (F("voted_both") + 1)).desc()],
                ),
            )
        )
        return rows.order_by("rank", "name")

    def distribution(self):
        """The initial votes of all these rows, by value: {"strong_no": n, ...}."""
        return self.aggregate(**vote_counts("initial"))


def vote_counts(field: str) -> dict:
    """Count(...) per value of the scale, named by the value: strong_no, no, yes, strong_yes."""
    return {name: Count("pk", filter=Q(**{field: step})) for step, name in enumerate(Vote.values)}


class VoteShift(models.Model):
    """One interviewer of a decided loop: their initial and second vote as steps on the
    scale (0 strong no … 3 strong yes), and what the reports ask of them."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="shifts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="vote_shifts")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    decided_at = models.DateTimeField()
    function = models.CharField(max_length=20, choices=Function.choices, blank=True)
    closeness = models.CharField(max_length=8, choices=CloseLevel.choices)
    initial = models.PositiveSmallIntegerField(null=True)
    second = models.PositiveSmallIntegerField(null=True)
    why_moved = models.CharField(max_length=500, blank=True)
    # Whether the second vote fell on the decision's side (yes for hire, no for no hire);
    # null without a second vote or when more signal was needed.
    agrees = models.BooleanField(null=True)
    # For a moved vote: whether it moved toward the others' initial votes; null otherwise.
    toward_room = models.BooleanField(null=True)
    # The full note came in after its deadline, or never.
    late = models.BooleanField(default=False)

    objects = VoteShiftQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint("debrief", "person", name="vote_shift_once_per_person"),
        ]
        indexes = [
            models.Index("decided_at", "person", name="vote_shift_decided_idx"),
            models.Index("role", "decided_at", name="vote_shift_role_idx"),
        ]

    def __str__(self):
        return f"{self.person} in {self.debrief}"


class SignalGapQuerySet(models.QuerySet):
    def matching(self, **filters):
        return decided_between(self, **filters)

    def most_often(self):
        """Focus competencies by how many decided loops lacked signal on them."""
        return (
            self.values("role", "competency")
            .annotate(role_title=F("role__title"), loops=Count("debrief", distinct=True))
            .order_by("-loops", "role_title", "competency")
        )


class SignalGap(models.Model):
    """A focus competency a decided loop had fewer than two signals on."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="signal_gaps")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    decided_at = models.DateTimeField()
    # The role's hiring manager's function, for the role report's function filter.
    function = models.CharField(max_length=20, choices=Function.choices, blank=True)
    competency = models.CharField(max_length=120)

    objects = SignalGapQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint("debrief", "competency", name="signal_gap_once_per_loop"),
        ]
        indexes = [models.Index("role", "decided_at", name="signal_gap_role_idx")]

    def __str__(self):
        return self.competency
