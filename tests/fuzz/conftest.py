"""The fuzz tests' cast beyond the standing one: the hiring manager's client, a second
interviewer, a slot, a loop ready for its debrief, a debrief and a revealed one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from loops.debrief import actions
from loops.models import (
    Function,
    Loop,
    Note,
    Step,
)
from loops.services import agenda as agenda_rules
from tests.factories import (
    LoopFactory,
    NoteFactory,
    PersonFactory,
    SlotFactory,
)


@pytest.fixture
def manager(client_for, hiring_manager):
    return client_for(hiring_manager)


@pytest.fixture
def dana(db):
    return PersonFactory(name="Dana Daily", email="dana@example.com", function=Function.SALES)


@pytest.fixture
def slot(loop, interviewer, role):
    """The interviewer's slot on the cast's draft loop, probing both focus competencies."""
    starts = timezone.now() - timedelta(hours=3)
    return SlotFactory(
        loop=loop,
        interviewer=interviewer,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        focus=list(role.focus_competencies.all()),
        weak_spots=list(role.weak_spots.all()),
    )


@pytest.fixture
def ready_loop(role, interviewer, dana):
    """Interviews done: Ivan says yes with a red flag, Dana says no, Nora's note is missing."""
    loop = LoopFactory(
        candidate__role=role, candidate__name="Robin Ready", state=Loop.State.INTERVIEWING
    )
    ended = timezone.now() - timedelta(hours=2)
    times = {"starts_at": ended - timedelta(hours=1), "ends_at": ended}
    NoteFactory(
        slot=SlotFactory(loop=loop, interviewer=interviewer, **times),
        initial_vote="yes",
        flags=[{"colour": "red", "text": "Blamed the team", "intent": "concern"}],
    )
    NoteFactory(slot=SlotFactory(loop=loop, interviewer=dana, **times), initial_vote="no")
    SlotFactory(loop=loop, interviewer__name="Nora Pending", **times)
    return loop


@pytest.fixture
def debrief(ready_loop, hiring_manager):
    return actions.start_debrief(ready_loop, by=hiring_manager)


@pytest.fixture
def revealed(debrief, hiring_manager, interviewer, dana):
    """Second votes in and revealed: Ivan a strong no tied to a need, Dana a yes."""
    actions.move_step(debrief, Step.REASSESSMENT, by=hiring_manager)
    actions.cast_vote(debrief, interviewer, "strong_no", tie="other", tied_to="Failover")
    actions.cast_vote(debrief, dana, "yes", why_moved="Convinced")
    actions.reveal_votes(debrief, by=hiring_manager)
    return debrief


@pytest.fixture
def draft(slot):
    """The interviewer's draft note, saved three times (the note page makes it on opening)."""
    return Note.objects.create(slot=slot, text="What I saw", version=3)


@pytest.fixture
def submitted(slot):
    return NoteFactory(slot=slot)


@pytest.fixture
def by_hand(ready_loop, hiring_manager):
    return agenda_rules.add_item(ready_loop, "Ask about the migration", by=hiring_manager)
