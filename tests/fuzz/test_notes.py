"""The note's autosave, initial vote and amendments, fuzzed."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from loops.models import (
    DIMENSIONS,
    Amendment,
    FlagColour,
    FlagIntent,
    Note,
    Vote,
)
from loops.rules.kit import signals_for
from loops.vocabulary import STORY_PARTS
from tests.fuzz.harness import (
    FUZZ,
    HOW,
    TEXT,
    every,
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


def note_rows():
    fields = ("ratings", "signals", "flags", "stories", "text", "version", "initial_vote")
    return rows(Note.objects, *fields, "submitted_at")


@FUZZ
@given(data=st.data())
def test_fuzzed_autosaves_save_the_draft_as_typed_or_nothing(data, client_for, htmx, slot, draft):
    """Also the JSON answer the autosaving script reads (Accept: application/json)."""
    client, note = client_for(slot.interviewer), draft
    ratings = {
        f"rating-focus:{focus.pk}": field(*Vote.values, "no_signal") for focus in slot.focus.all()
    }
    ratings |= {f"rating-dimension:{key}": field(*Vote.values) for key, _ in DIMENSIONS[:2]}
    story = {f"story-{name}": prose("Outage") for name in STORY_PARTS}
    offered = [signal for group in signals_for(slot.round_type).values() for signal in group]
    post = data.draw(
        form(
            {
                "version": field(3, 3, 3, 2, 4),
                **ratings,
                "signal": field(*offered[:2]),
                "flag-colour": field(*FlagColour.values),
                "flag-text": prose("Interrupted a lot"),
                "flag-intent": field(*FlagIntent.values),
                **story,
                "text": TEXT,
            }
        )
    )
    how = data.draw(HOW)
    accept = data.draw(st.sampled_from(["application/json", "text/html"]))
    with rolled_back():
        before = note_rows()
        url = reverse("loops:note-autosave", args=[slot.pk])
        response = send(client, url, post, how, htmx, Accept=accept)
        if says_why(response).refused:
            assert note_rows() == before
        else:
            note.refresh_from_db()
            assert note.version == 4
            assert note.text == last(post, "text")
            parts = (every(post, f"flag-{part}") for part in ("colour", "text", "intent"))
            typed = zip(*parts, strict=False)
            assert [flag["text"] for flag in note.flags] == [
                text.strip() for _, text, intent in typed if text.strip() or intent
            ]


@FUZZ
@given(data=st.data())
def test_fuzzed_initial_votes_are_recorded_as_chosen_or_not_at_all(
    data, client_for, htmx, slot, draft
):
    client = client_for(slot.interviewer)
    post, how = data.draw(form({"vote": field(*Vote.values)})), data.draw(HOW)
    with rolled_back():
        before = note_rows()
        url = reverse("loops:note-vote", args=[slot.pk])
        if says_why(send(client, url, post, how, htmx)).refused:
            assert note_rows() == before
        else:
            assert Note.objects.get(slot=slot).initial_vote == last(post, "vote")


@FUZZ
@given(data=st.data())
def test_fuzzed_amendments_are_added_as_typed_or_not_at_all(
    data, client_for, htmx, slot, submitted
):
    client = client_for(slot.interviewer)
    post, how = (
        data.draw(form({"text": prose("I forgot: they asked good questions.")})),
        data.draw(HOW),
    )
    with rolled_back():
        before = rows(Amendment.objects, "text")
        url = reverse("loops:note-amend", args=[slot.pk])
        if says_why(send(client, url, post, how, htmx)).refused:
            assert rows(Amendment.objects, "text") == before
        else:
            assert Amendment.objects.latest("pk").text == last(post, "text").strip()
