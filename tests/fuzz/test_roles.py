"""A role's forms and the closeness grid, fuzzed."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from loops.models import (
    Archetype,
    CloseLevel,
    Closeness,
    FocusCompetency,
    Function,
    JobFamily,
    Role,
    WeakSpot,
)
from tests.fuzz.harness import (
    FUZZ,
    HOW,
    JUNK,
    NUMBER,
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


def role_form(hiring_manager, recruiter) -> st.SearchStrategy:
    people = (hiring_manager.pk, recruiter.pk)
    return form(
        {
            "title": prose("Staff Engineer", "  Ingénieur·e  "),
            "team": prose("Payments"),
            "level": prose("L5"),
            "job_family": field(*JobFamily.values),
            "archetype": field(*Archetype.values),
            "is_senior_leadership": field("on"),
            "hiring_manager": field(*people),
            "recruiters": field(*people),
            "required_functions": field(*Function.values),
        }
    )


def role_rows():
    return (
        rows(Role.objects, "title", "team", "level", "job_family", "archetype", "hiring_manager"),
        rows(Role.objects, "required_functions", "is_senior_leadership"),
        rows(Role.recruiters.through.objects, "role_id", "person_id"),
    )


@FUZZ
@given(data=st.data())
def test_fuzzed_new_roles_are_stored_as_typed_or_refused_whole(
    data, manager, htmx, hiring_manager, recruiter
):
    post, how = data.draw(role_form(hiring_manager, recruiter)), data.draw(HOW)
    with rolled_back():
        before = role_rows()
        if says_why(send(manager, reverse("loops:role-new"), post, how, htmx)).refused:
            assert role_rows() == before
        else:
            assert Role.objects.latest("pk").title == last(post, "title").strip()


@FUZZ
@given(data=st.data())
def test_fuzzed_edits_of_a_role_are_stored_as_typed_or_change_nothing(
    data, manager, htmx, role, hiring_manager, recruiter
):
    post, how = data.draw(role_form(hiring_manager, recruiter)), data.draw(HOW)
    with rolled_back():
        before = role_rows()
        url = reverse("loops:role-edit", args=[role.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert role_rows() == before
        else:
            role.refresh_from_db()
            assert role.title == last(post, "title").strip()
            typed = every(post, "required_functions") if "required_functions" in post else []
            assert set(role.required_functions) == set(typed)


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["focus", "weak-spot"]))
def test_fuzzed_focus_competencies_and_weak_spots_are_added_as_typed_or_not_at_all(
    data, kind, manager, htmx, role
):
    second = {"focus": ("because", prose("the ledger is global")), "weak-spot": None}[kind]
    fields = {f"{kind}-name": prose("Latency", "Reliability", "Working with sales")}
    if second:
        fields[f"{kind}-{second[0]}"] = second[1]
    else:
        fields[f"{kind}-judged_by"] = field(*Function.values)
    post, how = data.draw(form(fields)), data.draw(HOW)
    model = FocusCompetency if kind == "focus" else WeakSpot
    with rolled_back():
        before = rows(model.objects, "name", "order")
        url = reverse(f"loops:{kind}-add", args=[role.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert rows(model.objects, "name", "order") == before
        else:
            assert model.objects.latest("pk").name == last(post, f"{kind}-name").strip()


@FUZZ
@given(data=st.data())
def test_fuzzed_clicks_on_the_closeness_grid_set_what_they_say_or_nothing(
    data, manager, htmx, role, interviewer
):
    person = st.one_of(
        st.sampled_from([str(interviewer.pk), "0", "999999999999999999", "-1"]), NUMBER
    )
    level = st.one_of(st.sampled_from([*CloseLevel.values, ""]), TEXT)
    cell = st.one_of(st.tuples(person, level).map(":".join), JUNK)
    post, how = data.draw(form({"cell": cell, "q": TEXT})), data.draw(HOW)
    with rolled_back():
        before = rows(Closeness.objects, "person", "level")
        url = reverse("loops:closeness-set", args=[role.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert rows(Closeness.objects, "person", "level") == before
        else:
            person_id, level = last(post, "cell").split(":")
            stored = Closeness.objects.filter(role=role, person_id=int(person_id))
            assert list(stored.values_list("level", flat=True)) == ([level] if level else [])
