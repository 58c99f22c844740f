"""Suggesting a whole loop for a role from the directory, over plain values (no database)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from loops.rules.coverage import (
    FocusFacts,
    RoleFacts,
    SlotFacts,
    WeakSpotFacts,
    check_coverage,
    counts_as_daily,
)
from loops.rules.findings import Level
from loops.rules.load import PersonFacts, lighter_alternatives
from loops.rules.suggest import suggest_loop
from tests.strategies import FUNCTIONS, roles

DISTRIBUTED = FocusFacts(1, "Distributed systems")
RELIABILITY = FocusFacts(2, "Reliability")
WORKING_WITH_SALES = WeakSpotFacts(10, "Working with sales", "sales", "Sales")

BACKEND = RoleFacts(
    is_senior_leadership=False,
    job_family="backend",
    focus=(DISTRIBUTED, RELIABILITY),
    weak_spots=(WORKING_WITH_SALES,),
    required_functions=(("product", "Product"), ("design", "Design")),
)

HANK = 1  # the hiring manager: the lightest daily engineer, and never on their own loop


def person(id, name, function, closeness, load=0, leader=False):
    return PersonFacts(id, name, function, leader, closeness, load)


POOL = [
    person(HANK, "Hank", "engineering", "daily", 0),
    person(2, "Ada", "engineering", "daily", 5),
    person(3, "Bo", "engineering", "daily", 1),
    person(4, "Cy", "engineering", "daily", 3),
    person(5, "Dee", "engineering", "weekly", 2),
    person(6, "Eli", "engineering", "less", 0),
    person(7, "Pia", "product", "daily", 2),
    person(8, "Pat", "product", "weekly", 4),
    person(9, "Dana", "design", "weekly", 1),
    person(10, "Dov", "design", "", 0),
    person(11, "Dax", "data", "daily", 6),
    person(12, "Dot", "data", "less", 3),
    person(13, "Sam", "sales", "weekly", 3),
    person(14, "Sue", "sales", "daily", 6),
    person(15, "Sid", "sales", "less", 1),
    person(16, "Mia", "marketing", "less", 2),
    person(17, "Max", "marketing", "", 0),
    person(18, "Fay", "finance", "less", 1),
    person(19, "Lee", "leadership", "daily", 4, leader=True),
    person(20, "Liv", "engineering", "weekly", 1, leader=True),
]


def as_slots(picks):
    return [
        SlotFacts(
            interviewer_id=pick.person.id,
            name=pick.person.name,
            function=pick.person.function,
            is_senior_leader=pick.person.is_senior_leader,
            closeness=pick.closeness,
            round_type=pick.round_type,
            focus_ids=frozenset(pick.focus_ids),
            weak_spot_ids=frozenset(pick.weak_spot_ids),
        )
        for pick in picks
    ]


def names(picks):
    return {pick.person.name for pick in picks}


def ids(picks):
    return [pick.person.id for pick in picks]


def suggested(role=BACKEND, pool=POOL, exclude=frozenset({HANK})):
    return suggest_loop(role, pool, exclude=set(exclude))


def by_name(picks, name):
    (pick,) = [pick for pick in picks if pick.person.name == name]
    return pick


# A well-stocked directory


def test_a_suggested_loop_has_six_people_none_of_them_twice():
    picks = suggested()
    assert len(picks) == 6
    assert len(set(ids(picks))) == len(picks)


def test_the_hiring_manager_is_never_suggested_even_as_the_lightest_daily_engineer():
    assert HANK not in ids(suggested())


def test_excluded_people_are_never_suggested():
    first = suggested()
    again = suggested(exclude={HANK, *ids(first)})
    assert not set(ids(again)) & {HANK, *ids(first)}


def test_someone_from_the_judging_function_probes_each_weak_spot():
    picks = suggested()
    judges = [pick for pick in picks if WORKING_WITH_SALES.id in pick.weak_spot_ids]
    assert judges
    assert all(judge.person.function == "sales" for judge in judges)


def test_the_weak_spot_judge_is_preferably_someone_further_away():
    sid = by_name(suggested(), "Sid")  # sales, less than weekly; Sue works daily
    assert WORKING_WITH_SALES.id in sid.weak_spot_ids
    assert "Sue" not in names(suggested())


def test_one_judge_takes_every_weak_spot_of_their_function():
    prospects = WeakSpotFacts(11, "Qualifying prospects", "sales", "Sales")
    role = RoleFacts(
        is_senior_leadership=False,
        job_family="backend",
        weak_spots=(WORKING_WITH_SALES, prospects),
    )
    picks = suggested(role)
    sales = [pick for pick in picks if pick.person.function == "sales"]
    assert len(sales) == 1
    assert sales[0].weak_spot_ids == {10, 11}
    assert "judges “Qualifying prospects”" in sales[0].explanation()


def test_every_required_function_in_the_directory_is_on_the_loop():
    functions = {pick.person.function for pick in suggested()}
    assert {"product", "design"} <= functions


def test_two_or_three_daily_collaborators_and_at_least_two_further_away():
    picks = suggested()
    daily = sum(counts_as_daily(slot, BACKEND) for slot in as_slots(picks))
    assert 2 <= daily <= 3
    assert len(picks) - daily >= 2


def test_a_senior_leader_is_on_the_loop_when_the_role_is_not_senior_leadership():
    leaders = [pick for pick in suggested() if pick.person.is_senior_leader]
    assert leaders
    assert any("a senior leader" in leader.explanation() for leader in leaders)


def test_every_focus_competency_is_probed_by_two_people():
    picks = suggested()
    for focus in BACKEND.focus:
        probing = [pick for pick in picks if focus.id in pick.focus_ids]
        assert len(probing) == 2
        assert all(f"probes “{focus.name}”" in pick.explanation() for pick in probing)


def test_focus_competencies_are_spread_the_closest_collaborators_first():
    picks = suggested()
    probing = [pick for pick in picks if DISTRIBUTED.id in pick.focus_ids]
    assert all(pick.closeness == "daily" for pick in probing)
    assert max(len(pick.focus_ids) for pick in picks) == 1


def test_the_lighter_of_two_daily_engineers_is_picked():
    picks = suggested()
    assert "Bo" in names(picks)  # 1 slot in 30 days
    assert "Ada" not in names(picks)  # 5 slots in 30 days


def test_the_lightest_of_a_function_is_picked_for_a_required_function():
    role = RoleFacts(is_senior_leadership=False, required_functions=(("data", "Data"),))
    picks = suggested(role, [p for p in POOL if p.function == "data"] + POOL[:6])
    assert "Dot" in names(picks)  # 3 slots in 30 days; Dax has 6
    assert "Data sits on every loop" in by_name(picks, "Dot").explanation()


def test_each_pick_explains_why_and_shows_their_load():
    picks = suggested()
    for pick in picks:
        slots = "slot" if pick.person.load == 1 else "slots"
        assert f"({pick.person.load} {slots} in 30 days)" in pick.explanation()
    assert (
        by_name(picks, "Sid")
        .explanation()
        .startswith("from Sales, to judge “Working with sales” (1 slot in 30 days)")
    )
    assert "works with the role daily (1 slot in 30 days)" in by_name(picks, "Bo").explanation()
    assert (
        by_name(picks, "Liv")
        .explanation()
        .startswith("a senior leader, for a view from further away")
    )


def test_someone_picked_only_for_a_required_function_says_so():
    role = RoleFacts(is_senior_leadership=False, required_functions=(("finance", "Finance"),))
    assert (
        by_name(suggested(role), "Fay")
        .explanation()
        .startswith("Finance sits on every loop (1 slot in 30 days)")
    )


def test_each_pick_gets_a_round_type_with_a_leadership_round_for_the_senior_leader():
    picks = suggested()
    assert all(pick.round_type for pick in picks)
    assert by_name(picks, "Liv").round_type == "leadership"
    rounds = [pick.round_type for pick in picks]
    assert "coding" in rounds
    assert "system_design" in rounds


def test_the_suggested_loop_passes_every_coverage_rule():
    findings = check_coverage(BACKEND, as_slots(suggested()))
    assert not any(finding.is_error for finding in findings)
    assert findings == []


def test_someone_without_closeness_is_taken_as_less_than_weekly_and_says_so():
    pool = [
        person(2, "Ada", "engineering", "daily", 0),
        person(3, "Bo", "engineering", "daily", 0),
        person(4, "Cy", "engineering", "", 0),
    ]
    picks = suggested(RoleFacts(is_senior_leadership=False), pool)
    cy = by_name(picks, "Cy")
    assert cy.closeness == "less"
    assert "closeness not set for this role: taken as less than weekly" in cy.explanation()


def test_people_with_a_closeness_come_before_those_without():
    pool = [
        person(2, "Ada", "design", "", 0),
        person(3, "Bo", "design", "weekly", 3),
    ]
    role = RoleFacts(is_senior_leadership=False, required_functions=(("design", "Design"),))
    (first, *_) = suggested(role, pool)
    assert first.person.name == "Bo"


def test_required_functions_are_filled_from_further_away_once_the_daily_seats_are_taken():
    # Four required functions, each with a daily person (0 slots) and a weekly one (1 slot):
    # the loop should not end up with four daily collaborators.
    functions = ["engineering", "product", "design", "data"]
    pool = [
        *(person(i, f"{f} daily", f, "daily", 0) for i, f in enumerate(functions, 1)),
        *(person(i, f"{f} weekly", f, "weekly", 1) for i, f in enumerate(functions, 11)),
        person(20, "Liv", "leadership", "weekly", 1, leader=True),
    ]
    role = RoleFacts(
        is_senior_leadership=False,
        job_family="backend",
        required_functions=tuple((f, f.capitalize()) for f in functions),
    )
    picks = suggest_loop(role, pool)
    assert {pick.person.function for pick in picks} >= set(functions)
    assert sum(counts_as_daily(slot, role) for slot in as_slots(picks)) <= 3
    assert check_coverage(role, as_slots(picks)) == []


def test_two_required_functions_do_not_push_the_loop_past_three_daily_collaborators():
    # Sue (sales) and Dax (data) work daily with 0 slots; Sam and Dot, of the same
    # functions, work weekly with 2. Once Ada and Bo hold the daily seats, the required
    # functions should come from further away: 2 daily + 4 further is a loop with no finding.
    pool = [
        person(1, "Ada", "engineering", "daily", 0),
        person(2, "Bo", "engineering", "daily", 0),
        person(3, "Sue", "sales", "daily", 0),
        person(4, "Dax", "data", "daily", 0),
        person(5, "Sam", "sales", "weekly", 2),
        person(6, "Dot", "data", "weekly", 2),
        person(7, "Eli", "engineering", "less", 1),
        person(8, "Liv", "leadership", "weekly", 1, leader=True),
    ]
    role = RoleFacts(
        is_senior_leadership=False,
        job_family="backend",
        required_functions=(("sales", "Sales"), ("data", "Data")),
    )
    picks = suggest_loop(role, pool)
    assert {"sales", "data"} <= {pick.person.function for pick in picks}
    assert check_coverage(role, as_slots(picks)) == []


def test_required_functions_are_not_crowded_out_by_lighter_engineers():
    # Sid judges the weak spot; product, design and data sit on every loop. Ada and Bo are
    # the lightest daily people, but a loop of Sid, Pia, Dana, Dot, Liv and one of them
    # meets every rule: 3 daily, 3 further away, every required function present.
    pool = [
        person(1, "Ada", "engineering", "daily", 0),
        person(2, "Bo", "engineering", "daily", 0),
        person(3, "Pia", "product", "daily", 1),
        person(4, "Dana", "design", "daily", 1),
        person(5, "Dot", "data", "weekly", 1),
        person(6, "Sid", "sales", "less", 1),
        person(7, "Liv", "leadership", "weekly", 1, leader=True),
    ]
    role = RoleFacts(
        is_senior_leadership=False,
        job_family="backend",
        weak_spots=(WORKING_WITH_SALES,),
        required_functions=(("product", "Product"), ("design", "Design"), ("data", "Data")),
    )
    picks = suggest_loop(role, pool)
    assert {"sales", "product", "design", "data"} <= {pick.person.function for pick in picks}
    assert check_coverage(role, as_slots(picks)) == []


# Lighter alternatives to a loaded interviewer


def test_lighter_alternatives_are_of_the_same_function_and_closeness_lightest_first():
    ada = POOL[1]  # engineering, daily, 5 slots
    alternatives = lighter_alternatives(ada, POOL, taken={ada.id})
    assert [p.name for p in alternatives] == ["Hank", "Bo", "Cy"]


def test_lighter_alternatives_leave_out_people_already_on_the_loop_and_stop_at_the_limit():
    ada = POOL[1]
    assert [p.name for p in lighter_alternatives(ada, POOL, taken={ada.id, HANK}, limit=1)] == [
        "Bo"
    ]
    assert lighter_alternatives(POOL[2], POOL, taken=set()) == [POOL[0]]  # Bo: only Hank


# Thin directories


def test_an_empty_directory_suggests_nobody():
    assert suggest_loop(BACKEND, []) == []


def test_a_directory_of_only_excluded_people_suggests_nobody():
    assert suggest_loop(BACKEND, POOL[:1], exclude={HANK}) == []


def test_a_directory_of_one_function_still_gives_nobody_two_slots():
    pool = [person(i, f"Engineer {i}", "engineering", "daily", i % 3) for i in range(1, 11)]
    picks = suggest_loop(BACKEND, pool)
    assert 0 < len(picks) <= 6
    assert len(set(ids(picks))) == len(picks)
    assert not any(f.is_error for f in check_coverage(BACKEND, as_slots(picks)))


def test_a_directory_smaller_than_a_loop_suggests_everyone_once():
    pool = [POOL[1], POOL[2], POOL[4], POOL[5]]  # Ada and Bo daily, Dee weekly, Eli less
    picks = suggested(RoleFacts(is_senior_leadership=False), pool)
    assert sorted(ids(picks)) == [2, 3, 5, 6]


def test_a_third_daily_collaborator_is_added_when_nobody_further_away_is_left():
    # Bo, Cy and Ada work daily, Dana weekly: all four make a loop of 4, with no count
    # warning and 3 daily collaborators, better than stopping at 3 slots.
    pool = [*POOL[1:4], POOL[8]]
    picks = suggested(RoleFacts(is_senior_leadership=False), pool)
    assert sorted(ids(picks)) == [2, 3, 4, 9]
    assert not any("too few" in f.message for f in check_coverage(BACKEND, as_slots(picks)))


# Properties over arbitrary roles and directories


people = st.builds(
    PersonFacts,
    id=st.integers(1, 500),
    name=st.text(max_size=10),
    function=st.sampled_from(FUNCTIONS),
    is_senior_leader=st.booleans(),
    closeness=st.sampled_from(["daily", "weekly", "less", ""]),
    load=st.integers(0, 20),
)
pools = st.lists(people, max_size=60, unique_by=lambda p: p.id)


@st.composite
def cases(draw):
    role = draw(roles())
    pool = draw(pools)
    known = [p.id for p in pool]
    exclude = draw(st.sets(st.sampled_from(known), max_size=5)) if known else set()
    exclude |= draw(st.sets(st.integers(1, 500), max_size=2))
    return role, pool, exclude


@settings(max_examples=200, deadline=None)
@given(cases())
def test_a_suggestion_never_repeats_or_includes_an_excluded_person(case):
    role, pool, exclude = case
    picks = suggest_loop(role, pool, exclude=exclude)
    chosen = ids(picks)
    assert len(set(chosen)) == len(chosen)
    assert not set(chosen) & exclude
    assert set(chosen) <= {p.id for p in pool}


@settings(max_examples=200, deadline=None)
@given(cases())
def test_a_suggestion_is_never_larger_than_the_role_needs(case):
    role, pool, exclude = case
    picks = suggest_loop(role, pool, exclude=exclude)
    assert len(picks) <= max(6, len(role.weak_spots) + len(role.required_functions) + 4)
    assert all(pick.explanation() for pick in picks)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_a_suggestion_never_breaks_the_one_person_one_slot_rule(case):
    role, pool, exclude = case
    findings = check_coverage(role, as_slots(suggest_loop(role, pool, exclude=exclude)))
    assert not any(finding.level is Level.ERROR for finding in findings)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_a_weak_spot_goes_to_its_judging_function_whenever_the_directory_has_one(case):
    role, pool, exclude = case
    picks = suggest_loop(role, pool, exclude=exclude)
    available = {p.function for p in pool if p.id not in exclude}
    for spot in role.weak_spots:
        judges = [pick for pick in picks if spot.id in pick.weak_spot_ids]
        if spot.judged_by in available:
            assert any(judge.person.function == spot.judged_by for judge in judges)
        assert all(judge.person.function == spot.judged_by for judge in judges)
