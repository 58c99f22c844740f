"""Second votes cast at the same moment, on real PostgreSQL: each change locks the
debrief's row, so none is lost and none slips in after the reveal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from loops.debrief import actions
from loops.models import Debrief, SecondVote, Step
from tests.factories import loop_with_votes

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 12


@pytest.fixture
def at_reassessment(role, hiring_manager):
    loop = loop_with_votes(role, ["yes"] * VOTERS)
    debrief = actions.start_debrief(loop, by=hiring_manager)
    return actions.move_step(debrief, Step.REASSESSMENT, by=hiring_manager)


def voters_of(debrief):
    return [slot.interviewer for slot in debrief.loop.slots.select_related("interviewer")]


def all_at_once(jobs):
    """Run each job on its own thread, released together; what each raised, or None."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:
            outcomes[index] = error
        finally:
            # Each thread opened its own connection; the test database cannot be
            # dropped while one is left open.
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_twelve_second_votes_at_the_same_moment_are_all_recorded(at_reassessment):
    debrief = at_reassessment
    voters = voters_of(debrief)
    before = Debrief.objects.get(pk=debrief.pk).version
    votes = ["strong_yes", "yes", "no"] * (VOTERS // 3)

    outcomes = all_at_once(
        [
            lambda voter=voter, vote=vote: actions.cast_vote(debrief, voter, vote)
            for voter, vote in zip(voters, votes, strict=True)
        ]
    )

    assert outcomes == [None] * VOTERS
    recorded = dict(SecondVote.objects.filter(debrief=debrief).values_list("voter", "vote"))
    assert recorded == {voter.pk: vote for voter, vote in zip(voters, votes, strict=True)}
    assert Debrief.objects.get(pk=debrief.pk).version == before + VOTERS


def test_a_vote_after_the_reveal_is_refused_and_changes_nothing(at_reassessment, hiring_manager):
    debrief = at_reassessment
    first, late = voters_of(debrief)[:2]
    actions.cast_vote(debrief, first, "strong_yes")
    actions.reveal_votes(debrief, by=hiring_manager)
    before = Debrief.objects.get(pk=debrief.pk).version

    with pytest.raises(ValidationError, match=r"The votes are revealed: second votes are closed\."):
        actions.cast_vote(debrief, late, "strong_no", tie="none")
    with pytest.raises(ValidationError, match="second votes are closed"):
        actions.cast_vote(debrief, first, "no")

    assert dict(SecondVote.objects.values_list("voter", "vote")) == {first.pk: "strong_yes"}
    assert Debrief.objects.get(pk=debrief.pk).version == before


def test_votes_racing_the_reveal_are_either_in_the_reveal_or_refused(
    at_reassessment, hiring_manager
):
    debrief = at_reassessment
    first, *others = voters_of(debrief)
    actions.cast_vote(debrief, first, "yes")  # so that there is something to reveal
    before = Debrief.objects.get(pk=debrief.pk).version

    jobs = [lambda: actions.reveal_votes(debrief, by=hiring_manager)]
    jobs += [lambda voter=voter: actions.cast_vote(debrief, voter, "no") for voter in others]
    reveal, *votes = all_at_once(jobs)

    assert reveal is None
    refused = {voter.pk for voter, outcome in zip(others, votes, strict=True) if outcome}
    assert all(
        isinstance(outcome, ValidationError) and "second votes are closed" in str(outcome)
        for outcome in votes
        if outcome
    )
    revealed = Debrief.objects.get(pk=debrief.pk)
    recorded = set(SecondVote.objects.values_list("voter", flat=True))
    # Every vote that was not refused is in, and was cast before the reveal.
    assert recorded == {first.pk} | ({voter.pk for voter in others} - refused)
    assert not SecondVote.objects.filter(cast_at__gt=revealed.revealed_at).exists()
    # One version per change that got in: each vote before the reveal, and the reveal.
    assert revealed.version == before + len(others) - len(refused) + 1
