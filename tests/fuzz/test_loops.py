"""The loop builder's forms, fuzzed."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from loops.models import (
    Candidate,
    CloseLevel,
    Loop,
    RoundType,
    Slot,
    Stage,
)
from tests.fuzz.harness import (
    DATETIME,
    FEW,
    FUZZ,
    HOW,
    JUNK,
    Field,
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


@FUZZ
@given(data=st.data())
def test_fuzzed_new_candidates_open_a_loop_as_typed_or_nothing_at_all(data, manager, htmx, role):
    outcomes = [*Stage.Outcome.values, ""]
    post = data.draw(
        form(
            {
                "name": prose("Casey Candidate", "  Łukasz Żółć  "),
                "email": field("casey@example.net", also=st.emails()),
                "links": prose("https://example.com/cv\nhttps://example.com/git"),
                "recruiter_screen": field(*outcomes),
                "technical_screen": field(*outcomes),
            }
        )
    )
    how = data.draw(HOW)

    def counts():
        return Candidate.objects.count(), Loop.objects.count(), Stage.objects.count()

    with rolled_back():
        before = counts()
        url = reverse("loops:candidate-new", args=[role.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert counts() == before
        else:
            candidate = Candidate.objects.latest("pk")
            assert candidate.name == last(post, "name").strip()
            assert candidate.loops.count() == 1
            stages = {kind: last(post, kind) for kind in ("recruiter_screen", "technical_screen")}
            assert {s.kind: s.outcome for s in candidate.stages.all()} == {
                kind: outcome for kind, outcome in stages.items() if outcome
            }


def slot_form(role, people) -> st.SearchStrategy:
    focus = [f.pk for f in role.focus_competencies.all()]
    weak = [w.pk for w in role.weak_spots.all()]
    named = [p.email for p in people] + [p.name for p in people]
    named += [f"{p.name} <{p.email.upper()}>" for p in people]
    return form(
        {
            "slot-interviewer": field(*named),
            "slot-closeness": field(*CloseLevel.values, ""),
            "slot-round_type": field(*RoundType.values),
            "slot-focus": field(*focus),
            "slot-weak_spots": field(*weak),
            "slot-starts_at": Field(DATETIME),
            "slot-ends_at": Field(DATETIME),
        }
    )


def slot_rows():
    return (
        rows(Slot.objects, "loop", "interviewer", "closeness", "round_type", "order"),
        rows(Slot.objects, "starts_at", "ends_at", "invited_at", "invite_sequence"),
        rows(Slot.focus.through.objects, "slot_id", "focuscompetency_id"),
        rows(Slot.weak_spots.through.objects, "slot_id", "weakspot_id"),
    )


@FUZZ
@given(data=st.data())
def test_fuzzed_new_slots_are_added_whole_or_not_at_all(
    data, manager, htmx, loop, role, interviewer, dana
):
    post, how = data.draw(slot_form(role, [interviewer, dana])), data.draw(HOW)
    with rolled_back():
        before = slot_rows()
        url = reverse("loops:slot-add", args=[loop.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert slot_rows() == before
        else:
            added = Slot.objects.latest("pk")
            assert added.loop == loop and added.interviewer in (interviewer, dana)
            assert added.round_type == last(post, "slot-round_type")


@FUZZ
@given(data=st.data())
def test_fuzzed_edits_of_a_slot_are_saved_whole_or_change_nothing(
    data, manager, htmx, slot, role, interviewer, dana
):
    post, how = data.draw(slot_form(role, [interviewer, dana])), data.draw(HOW)
    with rolled_back():
        before = slot_rows()
        url = reverse("loops:slot-edit", args=[slot.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert slot_rows() == before
        else:
            slot.refresh_from_db()
            assert slot.round_type == last(post, "slot-round_type")


@FUZZ
@given(data=st.data())
def test_fuzzed_swaps_of_a_slots_interviewer_swap_or_change_nothing(
    data, manager, htmx, slot, interviewer, dana
):
    person = field(dana.pk, interviewer.pk, 0, "999999999999999999")
    post, how = data.draw(form({"person": person})), data.draw(HOW)
    with rolled_back():
        before = slot_rows()
        url = reverse("loops:slot-swap", args=[slot.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert slot_rows() == before
        else:
            slot.refresh_from_db()
            assert slot.interviewer_id == int(last(post, "person"))


@FUZZ
@given(data=st.data())
def test_fuzzed_moves_of_a_loop_follow_its_states_or_change_nothing(data, manager, htmx, slot):
    loop = slot.loop
    post = data.draw(form({"action": field("scheduled", "draft", "interviewing", "cancelled")}))
    how = data.draw(HOW)
    with rolled_back():
        before = rows(Loop.objects, "state")
        url = reverse("loops:loop-move", args=[loop.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert rows(Loop.objects, "state") == before
        else:
            loop.refresh_from_db()
            assert loop.state == last(post, "action")


# Posts with one small field or none: junk in the field, or in fields they ignore, must not
# break them.
SMALL_POSTS = {
    "slot-move": ("slot", {"direction": field("up", "down")}),
    "slot-delete": ("slot", {}),
    "focus-delete": ("focus", {}),
    "weak-spot-delete": ("weak_spot", {}),
    "loop-suggest-apply": ("loop", {"person": JUNK}),
    "note-submit": ("slot", {}),
    "debrief-reveal": ("loop_in_debrief", {}),
    "debrief-role-apply": ("loop_in_debrief", {}),
}


@pytest.mark.parametrize("name", SMALL_POSTS)
@FEW
@given(data=st.data())
def test_fuzzed_fields_on_small_posts_never_break_them(
    data, name, client_for, htmx, hiring_manager, interviewer, slot, role, debrief
):
    target, fields = SMALL_POSTS[name]
    focus, weak = role.focus_competencies.first(), role.weak_spots.first()
    args = {
        "slot": [slot.pk],
        "loop": [slot.loop_id],
        "loop_in_debrief": [debrief.loop_id],
        "focus": [role.pk, focus.pk],
        "weak_spot": [role.pk, weak.pk],
    }[target]
    client = client_for(interviewer if name.startswith("note-") else hiring_manager)
    post, how = data.draw(form(fields)), data.draw(HOW)
    with rolled_back():
        says_why(send(client, reverse(f"loops:{name}", args=args), post, how, htmx))
