import factory
from django.utils import timezone

from loops.models import (
    Archetype,
    Candidate,
    CloseLevel,
    Closeness,
    FocusCompetency,
    Function,
    JobFamily,
    Loop,
    Note,
    Person,
    Role,
    RoundType,
    Slot,
    Vote,
    WeakSpot,
)

PASSWORD = "correct horse battery staple"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    function = Function.ENGINEERING
    title = "Engineer"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save(update_fields=["password"])


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Backend Engineer {n}")
    team = "Payments"
    job_family = JobFamily.BACKEND
    archetype = Archetype.HIGH_GROWTH
    hiring_manager = factory.SubFactory(PersonFactory, is_hiring_team=True)

    @factory.post_generation
    def recruiters(self, create, extracted, **kwargs):
        if create and extracted:
            self.recruiters.set(extracted)


class FocusCompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusCompetency

    role = factory.SubFactory(RoleFactory)
    name = factory.Sequence(lambda n: f"Competency {n}")
    because = "the role needs it"


class WeakSpotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeakSpot

    role = factory.SubFactory(RoleFactory)
    name = factory.Sequence(lambda n: f"Weak spot {n}")
    judged_by = Function.SALES


class ClosenessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closeness

    role = factory.SubFactory(RoleFactory)
    person = factory.SubFactory(PersonFactory)
    level = CloseLevel.DAILY


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    role = factory.SubFactory(RoleFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.net")


class LoopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loop

    candidate = factory.SubFactory(CandidateFactory)
    role = factory.SelfAttribute("candidate.role")


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot
        skip_postgeneration_save = True

    loop = factory.SubFactory(LoopFactory)
    interviewer = factory.SubFactory(PersonFactory)
    closeness = CloseLevel.WEEKLY
    round_type = RoundType.CODING

    @factory.post_generation
    def focus(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus.set(extracted)

    @factory.post_generation
    def weak_spots(self, create, extracted, **kwargs):
        if create and extracted:
            self.weak_spots.set(extracted)


class NoteFactory(factory.django.DjangoModelFactory):
    """A submitted note with an initial vote; pass ``submitted_at=None`` for a draft."""

    class Meta:
        model = Note

    slot = factory.SubFactory(SlotFactory)
    initial_vote = Vote.YES
    initial_vote_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)
    text = "Clarified the constraints first, then wrote tested code and talked trade-offs."


def loop_with_votes(role, votes, **loop_fields) -> Loop:
    """An interviewing loop of ``role`` with one slot per initial vote, each with its
    submitted note (a blank vote: a slot whose note is not in)."""
    loop = LoopFactory(candidate__role=role, state=Loop.State.INTERVIEWING, **loop_fields)
    for vote in votes:
        slot = SlotFactory(loop=loop)
        if vote:
            NoteFactory(slot=slot, initial_vote=vote)
    return loop
