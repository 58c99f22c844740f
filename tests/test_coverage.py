"""The coverage rules of a loop, one rule at a time, over plain values (no database)."""

from datetime import datetime, timedelta
from itertools import count

from hypothesis import given, settings
from hypothesis import strategies as st

from loops.rules.coverage import (
    FocusFacts,
    RoleFacts,
    SlotFacts,
    WeakSpotFacts,
    check_coverage,
    overlaps,
)
from loops.rules.findings import Finding, Level
from tests.strategies import CLOSENESS, FUNCTIONS, roles

DISTRIBUTED = FocusFacts(1, "Distributed systems")
RELIABILITY = FocusFacts(2, "Reliability")
WORKING_WITH_SALES = WeakSpotFacts(10, "Working with sales", "sales", "Sales")

BACKEND = RoleFacts(
    is_senior_leadership=False,
    job_family="backend",
    focus=(DISTRIBUTED, RELIABILITY),
    weak_spots=(WORKING_WITH_SALES,),
    required_functions=(("product", "Product"),),
)
BARE = RoleFacts(is_senior_leadership=False, job_family="backend")
HEAD_OF = RoleFacts(is_senior_leadership=True, job_family="other")

_ids = count(1)


def slot(
    closeness="weekly",
    function="engineering",
    *,
    leader=False,
    focus=(),
    weak=(),
    person=None,
    name=None,
):
    person = next(_ids) if person is None else person
    return SlotFacts(
        interviewer_id=person,
        name=name or f"Person {person}",
        function=function,
        is_senior_leader=leader,
        closeness=closeness,
        focus_ids=frozenset(focus),
        weak_spot_ids=frozenset(weak),
    )


def loop(daily=3, further=3):
    return [slot("daily") for _ in range(daily)] + [slot("less") for _ in range(further)]


def well_built_loop():
    return [
        slot("daily", "engineering", focus={1, 2}, name="Ana"),
        slot("daily", "engineering", focus={1}, name="Ben"),
        slot("daily", "product", focus={2}, name="Cleo"),
        slot("weekly", "sales", weak={10}, name="Dev"),
        slot("less", "design", name="Eve"),
        slot("weekly", "leadership", leader=True, name="Finn"),
    ]


def messages(findings):
    return [finding.message for finding in findings]


def about(findings, words):
    return [finding for finding in findings if words in finding.message]


def about_any(findings, *words):
    return [finding for finding in findings if any(word in finding.message for word in words)]


def count_findings(findings):
    return about_any(findings, "too few", "than the candidate and the debrief")


def closeness_findings(findings):
    return about_any(findings, "daily", "weekly or less")


# Slot count


def test_five_or_six_slots_give_no_count_finding():
    for size in (5, 6):
        assert count_findings(check_coverage(BARE, loop(3, size - 3))) == []


def test_four_or_seven_slots_are_outside_the_ideal_but_not_yet_a_warning():
    assert count_findings(check_coverage(BARE, loop(2, 2))) == []
    assert count_findings(check_coverage(BARE, loop(3, 4))) == []


def test_three_slots_are_too_few_and_say_how_many_to_add():
    (finding,) = count_findings(check_coverage(BARE, loop(2, 1)))
    assert finding.level is Level.WARNING
    assert finding.message.startswith("3 slots is too few to judge fairly")
    assert "add 2 to reach 5-6" in finding.message


def test_eight_slots_are_more_than_the_debrief_can_take_and_say_how_many_to_drop():
    (finding,) = count_findings(check_coverage(BARE, loop(3, 5)))
    assert finding.level is Level.WARNING
    assert "8 slots is more than the candidate and the debrief can take" in finding.message
    assert "drop 2 to get back to 5-6" in finding.message


def test_an_empty_loop_is_too_few_and_asks_for_five():
    findings = check_coverage(BARE, [])
    assert "0 slots is too few to judge fairly: add 5" in messages(findings)[0]
    assert all(finding.level is Level.WARNING for finding in findings)


# Closeness mix


def test_two_or_three_daily_collaborators_with_two_further_away_need_no_closeness_finding():
    assert closeness_findings(check_coverage(BARE, loop(2, 3))) == []
    assert closeness_findings(check_coverage(BARE, loop(3, 2))) == []


def test_fewer_than_two_daily_collaborators_warns_to_add_the_people_closest_to_the_role():
    (finding,) = closeness_findings(check_coverage(BARE, loop(1, 4)))
    assert finding.level is Level.WARNING
    assert finding.message.startswith("Only 1 slot with someone who would work with this person")
    assert "add 1 so the people closest to the role have a say" in finding.message
    (finding,) = closeness_findings(check_coverage(BARE, loop(0, 5)))
    assert finding.message.startswith("Only 0 slots")
    assert "add 2" in finding.message


def test_more_than_three_daily_collaborators_warns_to_swap_one_for_someone_further_away():
    (finding,) = closeness_findings(check_coverage(BARE, loop(4, 2)))
    assert finding.level is Level.WARNING
    assert "4 daily collaborators is more than 3" in finding.message
    assert "swap one for someone who works with the role weekly or less" in finding.message


def test_fewer_than_two_people_further_away_warns_and_says_a_senior_leader_counts():
    (finding,) = closeness_findings(check_coverage(BARE, loop(3, 1)))
    assert finding.level is Level.WARNING
    assert finding.message.startswith("Only 1 slot with someone who works with the role weekly")
    assert "add 1 (a senior leader counts here)" in finding.message


def test_weekly_people_count_as_further_away():
    slots = [*loop(3, 0), slot("weekly"), slot("weekly")]
    assert closeness_findings(check_coverage(BARE, slots)) == []


def test_a_senior_leader_working_daily_counts_as_further_away():
    slots = [*loop(3, 1), slot("daily", "leadership", leader=True)]
    assert closeness_findings(check_coverage(BARE, slots)) == []


def test_in_a_senior_leadership_role_a_senior_leader_counts_by_their_own_closeness():
    slots = [*loop(3, 1), slot("daily", "leadership", leader=True)]
    findings = closeness_findings(check_coverage(HEAD_OF, slots))
    assert sorted(messages(findings)) == [
        "4 daily collaborators is more than 3: swap one for someone who works with the role "
        "weekly or less, for a view from further away.",
        "Only 1 slot with someone who works with the role weekly or less: add 1.",
    ]


# Weak spots


def test_an_unprobed_weak_spot_warns_to_add_someone_from_the_function_that_judges_it():
    role = RoleFacts(is_senior_leadership=False, weak_spots=(WORKING_WITH_SALES,))
    (finding,) = about(check_coverage(role, loop()), "Working with sales")
    assert finding.level is Level.WARNING
    assert "Nobody probes “Working with sales”" in finding.message
    assert "add someone from Sales to probe it" in finding.message


def test_a_weak_spot_probed_only_by_other_functions_asks_for_the_judging_function_too():
    role = RoleFacts(is_senior_leadership=False, weak_spots=(WORKING_WITH_SALES,))
    slots = [*loop(3, 2), slot("less", "engineering", weak={10})]
    (finding,) = about(check_coverage(role, slots), "Working with sales")
    assert finding.level is Level.WARNING
    assert "“Working with sales” is probed, but by nobody from Sales" in finding.message
    assert "have someone from there probe it too" in finding.message


def test_a_weak_spot_probed_by_its_judging_function_needs_nothing():
    role = RoleFacts(is_senior_leadership=False, weak_spots=(WORKING_WITH_SALES,))
    slots = [*loop(3, 2), slot("weekly", "sales", weak={10})]
    assert about(check_coverage(role, slots), "Working with sales") == []


def test_someone_of_the_judging_function_who_does_not_probe_the_weak_spot_does_not_count():
    role = RoleFacts(is_senior_leadership=False, weak_spots=(WORKING_WITH_SALES,))
    (finding,) = check_coverage(role, [*loop(3, 2), slot("weekly", "sales")])
    assert "Nobody probes “Working with sales”" in finding.message


def test_a_role_without_weak_spots_gives_no_weak_spot_finding():
    findings = check_coverage(BARE, [*loop(3, 2), slot("weekly", "sales", weak={10})])
    assert findings == []


# Focus competencies


def test_a_focus_competency_nobody_probes_warns_to_have_two_slots_probe_it():
    role = RoleFacts(is_senior_leadership=False, focus=(DISTRIBUTED,))
    (finding,) = check_coverage(role, loop())
    assert finding.level is Level.WARNING
    assert "Nobody probes “Distributed systems”, which this role needs" in finding.message
    assert "have 2 slots probe it" in finding.message


def test_a_focus_competency_probed_once_asks_for_more_than_one_signal():
    role = RoleFacts(is_senior_leadership=False, focus=(DISTRIBUTED,))
    (finding,) = check_coverage(role, [*loop(2, 3), slot("daily", focus={1})])
    assert finding.level is Level.WARNING
    assert "Only one slot probes “Distributed systems”" in finding.message
    assert "so the debrief has more than one signal" in finding.message


def test_a_focus_competency_probed_twice_needs_nothing():
    role = RoleFacts(is_senior_leadership=False, focus=(DISTRIBUTED,))
    slots = [*loop(1, 3), slot("daily", focus={1}), slot("less", focus={1, 2})]
    assert check_coverage(role, slots) == []


def test_each_focus_competency_is_counted_on_its_own():
    slots = [*loop(1, 3), slot("daily", focus={1}), slot("less", focus={1})]
    role = RoleFacts(is_senior_leadership=False, focus=(DISTRIBUTED, RELIABILITY))
    assert messages(check_coverage(role, slots)) == [
        "Nobody probes “Reliability”, which this role needs: have 2 slots probe it."
    ]


# Required functions


def test_a_missing_required_function_warns_naming_it():
    role = RoleFacts(is_senior_leadership=False, required_functions=(("design", "Design"),))
    (finding,) = check_coverage(role, loop())
    assert finding.level is Level.WARNING
    assert finding.message.startswith("Nobody from Design is on the loop")
    assert "add someone from Design" in finding.message


def test_a_present_required_function_needs_nothing():
    role = RoleFacts(
        is_senior_leadership=False,
        required_functions=(("design", "Design"), ("engineering", "Engineering")),
    )
    assert check_coverage(role, [*loop(3, 2), slot("less", "design")]) == []


def test_each_missing_required_function_is_its_own_finding():
    role = RoleFacts(
        is_senior_leadership=False,
        required_functions=(("design", "Design"), ("sales", "Sales")),
    )
    assert len(about(check_coverage(role, loop()), "is on the loop")) == 2


# One person, one slot


def test_one_person_holding_two_slots_is_an_error_naming_them():
    ana = slot("daily", person=900, name="Ana Lopez")
    again = slot("less", person=900, name="Ana Lopez")
    (finding,) = [f for f in check_coverage(BARE, [*loop(2, 3), ana, again]) if f.is_error]
    assert finding.level is Level.ERROR
    assert finding.message.startswith("Ana Lopez holds 2 slots")
    assert "one person holds at most one slot per loop" in finding.message
    assert "Remove one, or give it to someone else" in finding.message


def test_errors_come_before_warnings():
    ana = slot("daily", person=901, name="Ana")
    slots = [ana, ana, ana]  # too few, too few further away, and one person thrice
    findings = check_coverage(BACKEND, slots)
    assert findings[0].level is Level.ERROR
    assert "Ana holds 3 slots" in findings[0].message
    assert all(finding.level is Level.WARNING for finding in findings[1:])
    assert len(findings) > 1


def test_no_error_when_everyone_holds_one_slot():
    assert not any(finding.is_error for finding in check_coverage(BACKEND, loop(5, 5)))


# The whole loop


def test_a_well_built_six_slot_loop_has_no_findings_at_all():
    assert check_coverage(BACKEND, well_built_loop()) == []


def test_in_a_senior_leadership_role_a_daily_senior_leader_makes_one_daily_too_many():
    role = RoleFacts(is_senior_leadership=True, focus=(DISTRIBUTED, RELIABILITY))
    slots = [*well_built_loop()[:5], slot("daily", "leadership", leader=True)]
    # Ana, Ben, Cleo and the leader are all daily here: one too many.
    assert messages(check_coverage(role, slots)) == [
        "4 daily collaborators is more than 3: swap one for someone who works with the role "
        "weekly or less, for a view from further away.",
    ]


# Time ranges

NINE = datetime(2026, 3, 2, 9, 0)
HOUR = timedelta(hours=1)


def test_back_to_back_slots_do_not_overlap():
    assert not overlaps(NINE, NINE + HOUR, NINE + HOUR, NINE + 2 * HOUR)
    assert not overlaps(NINE + HOUR, NINE + 2 * HOUR, NINE, NINE + HOUR)


def test_partly_overlapping_slots_overlap_either_way_round():
    assert overlaps(NINE, NINE + HOUR, NINE + HOUR / 2, NINE + 2 * HOUR)
    assert overlaps(NINE + HOUR / 2, NINE + 2 * HOUR, NINE, NINE + HOUR)


def test_a_slot_inside_another_overlaps_it():
    assert overlaps(NINE, NINE + 3 * HOUR, NINE + HOUR, NINE + 2 * HOUR)


def test_slots_far_apart_do_not_overlap():
    assert not overlaps(NINE, NINE + HOUR, NINE + 3 * HOUR, NINE + 4 * HOUR)


# Properties over arbitrary roles and loops


@st.composite
def slot_lists(draw, role):
    focus_ids = [focus.id for focus in role.focus] + [50, 51]  # some not in the role
    spot_ids = [spot.id for spot in role.weak_spots] + [500]
    slots = []
    for _ in range(draw(st.integers(0, 10))):
        person = draw(st.integers(1, 8))  # a small range, so people repeat
        slots.append(
            SlotFacts(
                interviewer_id=person,
                name=f"Person {person}",
                function=draw(st.sampled_from(FUNCTIONS)),
                is_senior_leader=draw(st.booleans()),
                closeness=draw(st.sampled_from(CLOSENESS)),
                focus_ids=frozenset(draw(st.sets(st.sampled_from(focus_ids)))),
                weak_spot_ids=frozenset(draw(st.sets(st.sampled_from(spot_ids)))),
            )
        )
    return slots


@st.composite
def roles_and_loops(draw):
    role = draw(roles())
    return role, draw(slot_lists(role))


@settings(max_examples=200, deadline=None)
@given(roles_and_loops())
def test_check_coverage_never_raises_and_returns_findings(role_and_slots):
    role, slots = role_and_slots
    findings = check_coverage(role, slots)
    assert isinstance(findings, list)
    assert all(isinstance(finding, Finding) for finding in findings)
    assert all(finding.level in (Level.ERROR, Level.WARNING) for finding in findings)
    assert all(finding.message for finding in findings)


@settings(max_examples=200, deadline=None)
@given(roles_and_loops())
def test_exactly_one_error_per_person_holding_more_than_one_slot(role_and_slots):
    role, slots = role_and_slots
    findings = check_coverage(role, slots)
    ids = [slot.interviewer_id for slot in slots]
    doubled = {person for person in ids if ids.count(person) > 1}
    errors = [finding for finding in findings if finding.is_error]
    assert len(errors) == len(doubled)
    for person in doubled:
        assert sum(error.message.startswith(f"Person {person} holds") for error in errors) == 1
    # errors first
    levels = [finding.level for finding in findings]
    assert levels == sorted(levels, key=lambda level: level is not Level.ERROR)
