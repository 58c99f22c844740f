"""The live debrief's forms, fuzzed."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from loops.debrief import actions, panels
from loops.models import (
    Debrief,
    FocusCompetency,
    Loop,
    Notice,
    Participant,
    Resolution,
    SecondVote,
    SignalGap,
    Step,
    Take,
    Vote,
    VoteShift,
)
from loops.models.debriefs import Decision
from tests.fuzz.harness import (
    FUZZ,
    HOW,
    NUMBER,
    TEXT,
    field,
    form,
    last,
    prose,
    rolled_back,
    rows,
    says_why,
    send,
)

pytestmark = pytest.mark.django_db


def debrief_rows():
    return (
        rows(Debrief.objects, "step", "version", "revealed_at", "decided_at", "decision"),
        rows(Debrief.objects, "role_needs", "role_statement", "rationale"),
        rows(Loop.objects, "state"),
        rows(Resolution.objects, "key", "take", "note"),
        rows(SecondVote.objects, "voter", "vote", "why_moved", "tie", "tied_to"),
        rows(Participant.objects, "person"),
        rows(Notice.objects, "recipient", "text"),
        VoteShift.objects.count(),
        SignalGap.objects.count(),
        rows(FocusCompetency.objects, "name", "because"),
    )


@FUZZ
@given(data=st.data())
def test_a_fuzzed_start_of_the_debrief_starts_it_or_changes_nothing(
    data, manager, htmx, ready_loop
):
    post = data.draw(form({"confirm_missing": field("on", "1"), "invite_recruiter": field("on")}))
    how = data.draw(HOW)
    with rolled_back():
        before = debrief_rows()
        url = reverse("loops:debrief-start", args=[ready_loop.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            ready_loop.refresh_from_db()
            assert ready_loop.state == Loop.State.DEBRIEF and hasattr(ready_loop, "debrief")


@FUZZ
@given(data=st.data())
def test_fuzzed_steps_of_the_debrief_move_to_a_step_or_nowhere(data, manager, htmx, debrief):
    post, how = data.draw(form({"step": field(*Step.values)})), data.draw(HOW)
    with rolled_back():
        before = debrief_rows()
        url = reverse("loops:debrief-step", args=[debrief.loop_id])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            debrief.refresh_from_db()
            assert debrief.step == last(post, "step")


@pytest.mark.parametrize("step", [Step.INFORMATION_QUALITY, Step.AMBIGUITY])
@FUZZ
@given(data=st.data())
def test_fuzzed_resolutions_settle_an_item_of_the_step_or_nothing(
    data, step, manager, htmx, debrief, hiring_manager
):
    how = data.draw(HOW)
    with rolled_back():
        actions.move_step(debrief, step, by=hiring_manager)
        keys = [item.key for item in panels.script_items(debrief.loop).for_step(step)]
        post = data.draw(
            form(
                {
                    "key": field(*keys),
                    "note": prose("Asked them; it was a one-off."),
                    "take": field(*Take.values),
                }
            )
        )
        before = debrief_rows()
        url = reverse("loops:debrief-resolve", args=[debrief.loop_id])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            resolution = Resolution.objects.get(debrief=debrief, key=last(post, "key")[:300])
            assert resolution.note == last(post, "note").strip()[:500]  # maxlength="500"


@FUZZ
@given(data=st.data())
def test_fuzzed_statements_of_the_role_are_recorded_as_said_or_not_at_all(
    data, manager, htmx, debrief, hiring_manager
):
    needs = {f"need-{index}-name": prose("Reliability", "Latency") for index in (0, 1, 11, 12)}
    needs |= {f"need-{index}-because": prose("checkout stops") for index in (0, 1)}
    rows = field(2, 2, 12, 13, also=NUMBER)
    management = {"need-TOTAL_FORMS": rows, "need-INITIAL_FORMS": field(0)}
    post, how = data.draw(form({**management, **needs, "statement": TEXT})), data.draw(HOW)
    with rolled_back():
        actions.move_step(debrief, Step.ROLE_CLARIFICATION, by=hiring_manager)
        before = debrief_rows()
        url = reverse("loops:debrief-role", args=[debrief.loop_id])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            debrief.refresh_from_db()
            assert debrief.role_statement == last(post, "statement").strip()[:5000]
            typed = {last(post, f"need-{index}-name").strip() for index in range(12)}
            assert {need["name"] for need in debrief.role_needs} <= typed


@FUZZ
@given(data=st.data())
def test_fuzzed_second_votes_are_recorded_as_cast_or_not_at_all(
    data, client_for, htmx, debrief, hiring_manager, interviewer
):
    client = client_for(interviewer)
    needs = [need["name"] for need in panels.role_needs(debrief)]
    post = data.draw(
        form(
            {
                "vote": field(*Vote.values),
                "why_moved": prose("The design answer won me over"),
                "tie_choice": field(*(f"need:{need}" for need in needs), "other", "none"),
                "tied_to_other": prose("Failover drills"),
            }
        )
    )
    how = data.draw(HOW)
    with rolled_back():
        actions.move_step(debrief, Step.REASSESSMENT, by=hiring_manager)
        before = debrief_rows()
        url = reverse("loops:debrief-vote", args=[debrief.loop_id])
        if says_why(send(client, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            vote = SecondVote.objects.get(debrief=debrief, voter=interviewer)
            assert vote.vote == last(post, "vote")
            assert vote.why_moved == last(post, "why_moved").strip()[:500]  # maxlength="500"


@FUZZ
@given(data=st.data())
def test_fuzzed_decisions_are_recorded_whole_or_not_at_all(data, manager, htmx, revealed):
    post = data.draw(
        form(
            {
                "decision": field(*Decision.values),
                "rationale": prose("The room agreed after the reveal."),
                "against_guidance_reason": prose("The blocker was ruled out."),
                "confirm": field("on"),
            }
        )
    )
    how = data.draw(HOW)
    with rolled_back():
        before = debrief_rows()
        url = reverse("loops:debrief-decide", args=[revealed.loop_id])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert debrief_rows() == before
        else:
            revealed.refresh_from_db()
            assert revealed.decision == last(post, "decision")
            assert revealed.rationale == last(post, "rationale").strip()[:5000]
            assert revealed.loop.state == Loop.State.DECIDED
            assert VoteShift.objects.filter(debrief=revealed).exists()
