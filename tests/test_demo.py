import pytest
from django.core.management import call_command
from django.db import models

from loops.demo.history import CANDIDATE_DOMAIN
from loops.demo.seed import DEMO_PASSWORD, demo_sign_ins, load_demo
from loops.models import (
    Closeness,
    Debrief,
    FocusCompetency,
    Person,
    Role,
    SignalGap,
    VoteShift,
    WeakSpot,
)
from loops.rules.focus import role_findings

pytestmark = pytest.mark.django_db


def _counts():
    models = (Person, Role, FocusCompetency, WeakSpot, Closeness, Debrief, VoteShift)
    return [m.objects.count() for m in models]


def test_the_demo_company_reads_like_a_real_one():
    load_demo()
    functions = set(Person.objects.values_list("function", flat=True))
    assert {"engineering", "product", "design", "data", "sales", "marketing"} <= functions
    assert 38 <= Person.objects.count() <= 45
    assert Person.objects.filter(is_senior_leader=True).count() >= 5
    assert Role.objects.count() == 3
    assert len(set(Role.objects.values_list("job_family", flat=True))) == 3
    for role in Role.objects.all():
        findings = role_findings(role.focus_competencies.count(), role.weak_spots.count())
        assert findings == [], role.title
        assert role.required_functions
        assert role.closeness.filter(level="daily").count() >= 2


def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    before = _counts()
    assert load_demo() == {"people": 0, "roles": 0, "loops": 0, "decided loops": 0}
    assert _counts() == before


def test_the_demo_sign_ins_work(client):
    load_demo()
    for _who, email in demo_sign_ins():
        assert Person.objects.get(email=email).check_password(DEMO_PASSWORD)


def test_the_command_prints_the_sign_ins(capsys):
    call_command("load_demo", "--sign-ins")
    out = capsys.readouterr().out
    assert "maya.chen@northwind.example" in out
    assert DEMO_PASSWORD in out


def test_the_demo_holds_loops_in_every_state():
    from loops.models import Loop

    load_demo()
    states = set(Loop.objects.values_list("state", flat=True))
    assert states == set(Loop.State.values)
    scheduled = Loop.objects.filter(state=Loop.State.SCHEDULED).first()
    assert 5 <= scheduled.slots.count() <= 6


def test_the_demo_holds_notes_in_every_state_and_work_for_the_demo_interviewer():
    from loops.models import Note, Slot

    load_demo()
    assert Note.objects.filter(submitted_at__isnull=False).exists()
    assert Note.objects.filter(submitted_at__isnull=True, initial_vote_at__isnull=False).exists()
    interviewing = Slot.objects.filter(loop__state="interviewing", note__isnull=True)
    assert interviewing.exists()
    assert interviewing.filter(interviewer__name="Tom Becker").exists()


def test_the_demo_loop_in_debrief_gives_a_preread_worth_reading():
    from loops.models import Loop
    from loops.services.agenda import agenda_for

    load_demo()
    loop = Loop.objects.get(state="debrief")
    kinds = {item.kind: item for item in agenda_for(loop).items}
    assert {"thin", "vote_conflict", "rating_conflict", "same_story"} <= set(kinds)
    assert "Senior leaders often keep their view in their head" in kinds["thin"].message


def test_the_demo_holds_a_year_of_decided_loops_for_the_reports():
    load_demo()
    decided = Debrief.objects.decided()
    assert decided.count() >= 150
    assert decided.exclude(against_guidance_reason="").exists()
    assert set(decided.values_list("decision", flat=True)) == {"hire", "no_hire", "more_signal"}
    # Every decided loop is recorded for the reports, with its time to decision.
    assert not decided.filter(hours_to_decision__isnull=True).exists()
    assert VoteShift.objects.values("debrief").distinct().count() == decided.count()
    assert SignalGap.objects.exists()
    # Habits show over the year: one interviewer never moves, another often does.
    history = VoteShift.objects.filter(debrief__loop__candidate__email__endswith=CANDIDATE_DOMAIN)
    steady = history.filter(person__name="Tom Becker")
    assert steady.exists() and not steady.exclude(second=models.F("initial")).exists()
    follower = history.filter(person__name="Lukas Novak")
    assert follower.exclude(second=models.F("initial")).count() * 4 >= follower.count()
