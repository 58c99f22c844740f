"""Calibration and the role report, on crafted decided loops.

Fran always moves toward where the room started; Sid never moves; Pat sits on every
loop. The third loop is hired against the guidance (nobody was a strong yes).
"""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from loops.debrief import actions, outcomes
from loops.models import CloseLevel, Function, Loop, SignalGap, Step, VoteShift
from tests.factories import (
    FocusCompetencyFactory,
    LoopFactory,
    NoteFactory,
    PersonFactory,
    RoleFactory,
    SlotFactory,
)

NOW = timezone.now().replace(microsecond=0)
SECRET = "Candidate mentioned a confidential acquisition"
AGAINST = "We know her work from a contract: the room's doubt was about nerves."
CALIBRATION = reverse("loops:calibration")
ROLES = reverse("loops:role-report")


@pytest.fixture
def fran(db):
    return PersonFactory(name="Fran Follower", function=Function.PRODUCT)


@pytest.fixture
def sid(db):
    return PersonFactory(name="Sid Steady", function=Function.SALES)


@pytest.fixture
def pat(interviewer):
    return interviewer


def decided_loop(role, seats, decision, *, days_ago, against="", rated=(), late=()):
    """A loop of ``role`` decided ``days_ago`` days ago through the debrief's own steps.
    ``seats`` are (person, initial vote, second vote); the last interview ended two days
    before the decision; people in ``rated`` rated the role's first focus competency."""
    decided_at = NOW - timedelta(days=days_ago)
    ended = decided_at - timedelta(hours=48)
    loop = LoopFactory(candidate__role=role, state=Loop.State.INTERVIEWING)
    focus = role.focus_competencies.first()
    for person, initial, _ in seats:
        slot = SlotFactory(
            loop=loop,
            interviewer=person,
            closeness=CloseLevel.DAILY,
            starts_at=ended - timedelta(hours=1),
            ends_at=ended,
        )
        NoteFactory(
            slot=slot,
            initial_vote=initial,
            text=SECRET,
            ratings={f"focus:{focus.pk}": "yes"} if person in rated else {},
            submitted_at=ended + timedelta(hours=30 if person in late else 2),
        )
    manager = role.hiring_manager
    debrief = actions.start_debrief(loop, by=manager, now=decided_at - timedelta(minutes=40))
    actions.move_step(debrief, Step.REASSESSMENT, by=manager)
    for person, _, second in seats:
        actions.cast_vote(debrief, person, second, why_moved=SECRET if second else "")
    actions.reveal_votes(debrief, by=manager)
    actions.move_step(debrief, Step.DECISION, by=manager)
    return actions.decide(
        debrief,
        decision,
        rationale="Decided on the second vote.",
        against_guidance_reason=against,
        by=manager,
        now=decided_at,
    )


@pytest.fixture
def history(role, fran, sid, pat):
    """Three decided loops of the cast's role (see the module's docstring)."""
    return [
        decided_loop(
            role,
            [(fran, "no", "yes"), (sid, "yes", "yes"), (pat, "yes", "strong_yes")],
            "hire",
            days_ago=40,
            rated=(fran, sid),
        ),
        decided_loop(
            role,
            [(fran, "strong_yes", "no"), (sid, "no", "no"), (pat, "no", "no")],
            "no_hire",
            days_ago=20,
            late=(sid,),
        ),
        decided_loop(
            role,
            [(fran, "no", "yes"), (sid, "yes", "yes"), (pat, "yes", "yes")],
            "hire",
            days_ago=5,
            against=AGAINST,
        ),
    ]


def calibration_table(client, query=""):
    response = client.get(f"{reverse('loops:calibration-csv')}{query}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    return {row["Interviewer"]: row for row in rows}


# The figures ---------------------------------------------------------------------------


def test_someone_who_always_moves_toward_the_room_shows_it(client_for, hiring_manager, history):
    fran = calibration_table(client_for(hiring_manager))["Fran Follower"]
    assert fran["Decided loops"] == "3"
    assert (fran["Votes cast twice"], fran["Moved"]) == ("3", "3")
    assert (fran["Moved up"], fran["Moved down"]) == ("2", "1")
    assert fran["Moved toward the room"] == "3"
    assert fran["Second vote agreed with the decision"] == "3"


def test_someone_who_never_moves_shows_no_moves_and_their_own_votes(
    client_for, hiring_manager, history
):
    sid = calibration_table(client_for(hiring_manager))["Sid Steady"]
    assert (sid["Moved"], sid["Moved up"], sid["Moved down"]) == ("0", "0", "0")
    assert [sid[v] for v in ("Strong no", "No", "Yes", "Strong yes")] == ["0", "1", "2", "0"]
    assert sid["Late notes"] == "1"


def test_the_page_ranks_the_one_who_moves_most_first_with_rates(
    client_for, hiring_manager, history
):
    page = client_for(hiring_manager).get(CALIBRATION).content.decode()
    assert page.index("Fran Follower") < page.index("Sid Steady")
    assert '100% <span class="meta">(3 of 3)</span>' in page
    # The organisation's initial votes over the same loops: 9 votes in all.
    assert 'data-votes="0,4,4,1"' in page


def test_the_role_report_counts_outcomes_time_and_the_decision_against_guidance(
    client_for, hiring_manager, role, history
):
    client = client_for(hiring_manager)
    page = client.get(ROLES).content.decode()
    assert AGAINST.replace("'", "&#x27;") in page
    assert 'data-days="2.0"' in page
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(reverse("loops:role-report-csv", args=["roles"])).content.decode()
            )
        )
    )
    assert rows == [
        {
            "Role": role.title,
            "Decided loops": "3",
            "Hire": "2",
            "No hire": "1",
            "More signal needed": "0",
            "Against the guidance": "1",
            "Average hours from last interview to decision": "48.0",
            "Slowest (hours)": "48.0",
        }
    ]


def test_the_focus_competency_lacking_signal_most_often_comes_first(
    client_for, hiring_manager, role, history
):
    # Only the first loop had two signals on the first focus competency.
    response = client_for(hiring_manager).get(reverse("loops:role-report-csv", args=["gaps"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    first, second = role.focus_competencies.order_by("order", "pk")
    assert rows == [[role.title, second.name, "3"], [role.title, first.name, "2"]]


def test_guidance_followed_everywhere_says_so(client_for, hiring_manager, role, fran, sid, pat):
    decided_loop(role, [(fran, "yes", "strong_yes"), (sid, "yes", "yes")], "hire", days_ago=3)
    page = client_for(hiring_manager).get(ROLES).content.decode()
    assert "Every decision here followed the guidance." in page


# Filters -------------------------------------------------------------------------------


def test_a_date_range_keeps_the_loops_decided_within_it(client_for, hiring_manager, history):
    start = (NOW - timedelta(days=25)).date().isoformat()
    end = (NOW - timedelta(days=10)).date().isoformat()
    fran = calibration_table(client_for(hiring_manager), f"?start={start}&end={end}")
    assert fran["Fran Follower"]["Decided loops"] == "1"
    assert fran["Fran Follower"]["Moved down"] == "1"


def test_the_function_filter_keeps_interviewers_of_that_function(
    client_for, hiring_manager, history
):
    table = calibration_table(client_for(hiring_manager), "?function=sales")
    assert list(table) == ["Sid Steady"]


def test_an_end_before_the_start_is_refused_with_a_message(client_for, hiring_manager, history):
    response = client_for(hiring_manager).get(CALIBRATION + "?start=2026-06-01&end=2026-01-01")
    assert "The end date comes before the start date." in response.content.decode()


def test_the_role_filter_offers_only_roles_one_may_see(
    client_for, hiring_manager, outsider, history
):
    other = RoleFactory(title="Chief Secret Officer", hiring_manager=outsider)
    response = client_for(hiring_manager).get(ROLES + f"?role={other.pk}")
    page = response.content.decode()
    assert "Chief Secret Officer" not in page
    assert "Select a valid choice" in page


# Who sees what -------------------------------------------------------------------------


def test_an_interviewer_sees_only_their_own_calibration(client_for, pat, history):
    client = client_for(pat)
    assert list(calibration_table(client)) == [pat.name]
    page = client.get(CALIBRATION).content.decode()
    assert "Fran Follower" not in page and "Sid Steady" not in page


def test_an_interviewer_sees_no_role_report(client_for, pat, role, history):
    page = client_for(pat).get(ROLES).content.decode()
    assert "No decided loops" in page
    assert AGAINST not in page
    response = client_for(pat).get(reverse("loops:role-report-csv", args=["against"]))
    assert response.content.decode().count("\n") == 1  # the header alone


def test_a_hiring_manager_sees_their_roles_people_but_nothing_of_another_roles_loops(
    client_for, hiring_manager, outsider, fran, sid, history
):
    elsewhere = FocusCompetencyFactory(role=RoleFactory(hiring_manager=outsider)).role
    decided_loop(elsewhere, [(fran, "yes", "no"), (sid, "no", "no")], "no_hire", days_ago=2)
    mine = calibration_table(client_for(hiring_manager))
    assert mine["Fran Follower"]["Decided loops"] == "3"
    theirs = calibration_table(client_for(outsider))
    assert set(theirs) == {"Fran Follower", "Sid Steady"}
    assert theirs["Fran Follower"]["Decided loops"] == "1"
    page = client_for(outsider).get(ROLES).content.decode()
    assert AGAINST not in page


def test_staff_see_everyone(client_for, staff, outsider, fran, sid, history):
    elsewhere = FocusCompetencyFactory(role=RoleFactory(hiring_manager=outsider)).role
    decided_loop(elsewhere, [(fran, "yes", "no"), (sid, "no", "no")], "no_hire", days_ago=2)
    assert calibration_table(client_for(staff))["Fran Follower"]["Decided loops"] == "4"


def test_no_note_content_reaches_the_reports(client_for, hiring_manager, pat, staff, history):
    urls = [CALIBRATION, ROLES, reverse("loops:calibration-csv")] + [
        reverse("loops:role-report-csv", args=[table]) for table in ("roles", "against", "gaps")
    ]
    for person in (hiring_manager, pat, staff):
        client = client_for(person)
        for url in urls:
            assert SECRET not in client.get(url).content.decode(), (person, url)


def test_signing_in_comes_first(client, history):
    for url in (CALIBRATION, ROLES, reverse("loops:calibration-csv")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_an_unknown_export_is_not_found(client_for, hiring_manager):
    assert client_for(hiring_manager).get("/reports/roles-notes.csv").status_code == 404


def test_a_reason_that_looks_like_a_formula_is_exported_as_text(
    client_for, hiring_manager, role, fran, sid
):
    decided_loop(
        role,
        [(fran, "yes", "yes"), (sid, "yes", "yes")],
        "hire",
        days_ago=1,
        against='=HYPERLINK("http://bad.example")',
    )
    response = client_for(hiring_manager).get(reverse("loops:role-report-csv", args=["against"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][-1].startswith("'=HYPERLINK")


def test_empty_reports_explain_themselves(client_for, hiring_manager):
    client = client_for(hiring_manager)
    assert "No decided loops." in client.get(CALIBRATION).content.decode()
    assert "No decided loops." in client.get(ROLES).content.decode()


# Cost ----------------------------------------------------------------------------------


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_reports_cost_the_same_queries_whatever_the_number_of_loops(
    client_for, hiring_manager, role, history
):
    client = client_for(hiring_manager)
    before = {url: queries_for(client, url) for url in (CALIBRATION, ROLES)}
    people = [PersonFactory() for _ in range(5)]
    for days_ago in range(6, 16):
        decided_loop(
            role, [(person, "yes", "no") for person in people], "no_hire", days_ago=days_ago
        )
    assert {url: queries_for(client, url) for url in (CALIBRATION, ROLES)} == before
    assert before[CALIBRATION] <= 6 and before[ROLES] <= 8


# Recording -----------------------------------------------------------------------------


def test_the_decision_records_one_shift_per_interviewer_once(history):
    assert VoteShift.objects.count() == 9
    assert SignalGap.objects.count() == 5


def test_debriefs_decided_before_the_reports_are_recorded_once(history):
    VoteShift.objects.all().delete()
    SignalGap.objects.all().delete()
    assert outcomes.record_missing_outcomes() == 3
    assert outcomes.record_missing_outcomes() == 0
    assert VoteShift.objects.count() == 9
    assert SignalGap.objects.count() == 5
