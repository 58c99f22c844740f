from django.db import models
from django.urls import reverse

from loops.models.people import Function, Person
from loops.vocabulary import Archetype, CloseLevel, JobFamily


class RoleQuerySet(models.QuerySet):
    def visible_to(self, person: Person):
        if person.is_staff:
            return self
        return self.filter(models.Q(hiring_manager=person) | models.Q(recruiters=person)).distinct()

    def for_list(self):
        return self.select_related("hiring_manager").annotate(
            focus_count=models.Count("focus_competencies", distinct=True),
            weak_spot_count=models.Count("weak_spots", distinct=True),
        )


class Role(models.Model):
    """The position being hired for, and what its loops must find out."""

    title = models.CharField(max_length=200)
    team = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=100, blank=True, help_text="For example “Senior” or “L5”.")
    job_family = models.CharField(max_length=32, choices=JobFamily.choices)
    archetype = models.CharField(
        "company archetype", max_length=32, choices=Archetype.choices, default=Archetype.HIGH_GROWTH
    )
    is_senior_leadership = models.BooleanField(
        "senior leadership role",
        default=False,
        help_text="Senior leaders then count as peers rather than as weekly-or-less interviewers.",
    )
    hiring_manager = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="managed_roles"
    )
    recruiters = models.ManyToManyField(Person, blank=True, related_name="recruited_roles")
    required_functions = models.JSONField(
        default=list,
        blank=True,
        help_text="Functions that sit on every loop for this role.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("loops:role-detail", args=[self.pk])

    def required_function_labels(self) -> list[str]:
        return [Function(value).label for value in self.required_functions if value in Function]

    def can_facilitate(self, person: Person) -> bool:
        """Who facilitates this role's debriefs and reads its pre-reads: its hiring manager
        (staff may stand in). The one place that says so."""
        return person.is_staff or self.hiring_manager_id == person.pk

    def can_be_managed_by(self, person: Person) -> bool:
        if self.can_facilitate(person):
            return True
        return self.recruiters.filter(pk=person.pk).exists()


class FocusCompetency(models.Model):
    """One of the 2-3 things this role needs most, with why."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="focus_competencies")
    name = models.CharField(max_length=120)
    because = models.CharField(
        max_length=300, help_text="Why the role needs it, e.g. “this role owns launch messaging”."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "focus competencies"
        constraints = [
            models.UniqueConstraint(
                "role",
                "name",
                name="focus_unique_per_role",
                violation_error_message="This role already has that focus competency.",
            )
        ]

    def __str__(self):
        return f"{self.name}, because {self.because}"


class WeakSpot(models.Model):
    """Where people in this role have historically struggled, and who can judge it."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="weak_spots")
    name = models.CharField(max_length=120)
    judged_by = models.CharField(
        "judged by",
        max_length=32,
        choices=Function.choices,
        help_text="The function that can judge it.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                "role",
                "name",
                name="weak_spot_unique_per_role",
                violation_error_message="This role already has that weak spot.",
            )
        ]

    def __str__(self):
        return self.name


class Closeness(models.Model):
    """How often a person would work with whoever gets this role."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="closeness")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="closeness")
    level = models.CharField(max_length=8, choices=CloseLevel.choices)

    class Meta:
        verbose_name_plural = "closeness"
        constraints = [
            models.UniqueConstraint("role", "person", name="closeness_unique_per_role_person")
        ]

    def __str__(self):
        return f"{self.person} → {self.role}: {self.get_level_display()}"
