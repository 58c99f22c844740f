"""Who may read which second votes: one's own always, everyone's only after the reveal
and only with a seat in that debrief. The rule is the QuerySet's, so every reader
inherits it."""

import pytest

from loops.debrief import actions
from loops.models import Loop, SecondVote, Step
from tests.factories import LoopFactory, NoteFactory, PersonFactory, SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop(role):
    return LoopFactory(candidate__role=role, state=Loop.State.INTERVIEWING)


@pytest.fixture
def voting(loop, hiring_manager, interviewer):
    dana = PersonFactory(name="Dana Daily")
    for person, vote in ((interviewer, "yes"), (dana, "no")):
        NoteFactory(slot=SlotFactory(loop=loop, interviewer=person), initial_vote=vote)
    debrief = actions.start_debrief(loop, by=hiring_manager)
    actions.move_step(debrief, Step.REASSESSMENT, by=hiring_manager)
    actions.cast_vote(debrief, interviewer, "strong_no", tie="none")
    actions.cast_vote(debrief, dana, "strong_yes")
    return debrief, dana


def voters_seen_by(person) -> set[str]:
    return set(SecondVote.objects.visible_to(person).values_list("voter__name", flat=True))


def test_before_the_reveal_each_voter_reads_only_their_own(
    voting, interviewer, hiring_manager, staff
):
    _, dana = voting
    assert voters_seen_by(interviewer) == {"Ivan Interviewer"}
    assert voters_seen_by(dana) == {"Dana Daily"}
    assert voters_seen_by(hiring_manager) == set()
    assert voters_seen_by(staff) == set()


def test_after_the_reveal_everyone_with_a_seat_reads_every_vote(
    voting, interviewer, hiring_manager, staff, recruiter, outsider
):
    debrief, dana = voting
    actions.reveal_votes(debrief, by=hiring_manager)
    everyone = {"Ivan Interviewer", "Dana Daily"}
    for person in (interviewer, dana, hiring_manager, staff):
        assert voters_seen_by(person) == everyone, person
    # The role's recruiter was not invited; the outsider has no part in the loop.
    assert voters_seen_by(recruiter) == set()
    assert voters_seen_by(outsider) == set()


def test_an_invited_recruiter_reads_the_votes_after_the_reveal(
    loop, hiring_manager, interviewer, recruiter
):
    NoteFactory(slot=SlotFactory(loop=loop, interviewer=interviewer), initial_vote="yes")
    debrief = actions.start_debrief(loop, by=hiring_manager, recruiter_invited=True)
    actions.move_step(debrief, Step.REASSESSMENT, by=hiring_manager)
    actions.cast_vote(debrief, interviewer, "yes")
    assert voters_seen_by(recruiter) == set()
    actions.reveal_votes(debrief, by=hiring_manager)
    assert voters_seen_by(recruiter) == {"Ivan Interviewer"}
