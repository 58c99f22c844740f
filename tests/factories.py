import factory

from loops.models import (
    Archetype,
    Candidate,
    CloseLevel,
    Closeness,
    FocusCompetency,
    Function,
    JobFamily,
    Loop,
    Person,
    Role,
    RoundType,
    Slot,
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
