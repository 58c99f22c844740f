"""The audit trail: every debrief start, note submission, amendment, step, second vote,
reveal and decision, who and when, append-only, readable by staff alone. (The other kinds
of event, one by one: test_audit_trail.py.)"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import ProgrammingError
from django.urls import reverse

from loops.debrief import actions
from loops.models import AuditEvent, Step
from loops.models.audit import AppendOnly
from loops.services import notes
from tests.factories import NoteFactory, PersonFactory, SlotFactory

SECRET = "She mentioned an acquisition nobody knows about"
AUDIT = reverse("loops:audit")


@pytest.fixture
def voter(db):
    return PersonFactory(name="Vera Voter")


@pytest.fixture
def decided(loop, hiring_manager, interviewer, voter):
    """A loop run to its decision: two notes submitted (one amended), votes revealed."""
    loop.state = loop.State.INTERVIEWING
    loop.save()
    for person in (interviewer, voter):
        note = NoteFactory(slot=SlotFactory(loop=loop, interviewer=person), submitted_at=None)
        note.text = SECRET
        note.save()
        notes.submit_note(note, by=person)
    note.refresh_from_db()
    notes.amend_note(note, f"{SECRET}, again", by=voter)
    debrief = actions.start_debrief(loop, by=hiring_manager)
    actions.move_step(debrief, Step.REASSESSMENT, by=hiring_manager)
    actions.cast_vote(debrief, interviewer, "strong_yes")
    actions.cast_vote(debrief, voter, "yes")
    actions.reveal_votes(debrief, by=hiring_manager)
    actions.move_step(debrief, Step.DECISION, by=hiring_manager)
    return actions.decide(debrief, "hire", rationale="Clear yes.", by=hiring_manager)


def test_each_submission_amendment_start_step_vote_reveal_and_decision_is_recorded_with_who(
    decided, loop, hiring_manager, interviewer, voter
):
    events = list(AuditEvent.objects.order_by("at", "pk"))
    assert [(e.action, e.actor) for e in events] == [
        ("note_submitted", interviewer),
        ("note_submitted", voter),
        ("note_amended", voter),
        ("debrief_started", hiring_manager),
        ("step_moved", hiring_manager),
        ("second_vote", interviewer),
        ("second_vote", voter),
        ("votes_revealed", hiring_manager),
        ("step_moved", hiring_manager),
        ("decided", hiring_manager),
    ]
    assert all(event.loop_id == loop.pk and event.at is not None for event in events)
    assert events[-1].detail == {"decision": "hire", "against_guidance": False}
    assert "Maya Manager decided “Hire”" in events[-1].summary


def test_a_refused_change_leaves_no_event(loop, interviewer):
    note = NoteFactory(slot=SlotFactory(loop=loop, interviewer=interviewer), submitted_at=None)
    note.initial_vote_at = None
    note.save()
    with pytest.raises(ValidationError):
        notes.submit_note(note, by=interviewer)
    assert not AuditEvent.objects.exists()


def test_staff_read_the_trail_without_any_notes_words(client_for, staff, decided):
    page = client_for(staff).get(AUDIT).content.decode()
    assert "Second votes revealed" in page and "Decision recorded" in page
    assert "Vera Voter" in page
    assert SECRET not in page
    page = client_for(staff).get(AUDIT + "?action=note_amended").content.decode()
    assert "Note amended" in page and "Decision recorded</td>" not in page


@pytest.mark.parametrize("who", ["hiring_manager", "interviewer", "recruiter", "outsider"])
def test_only_staff_read_the_trail(request, client_for, decided, who):
    assert client_for(request.getfixturevalue(who)).get(AUDIT).status_code == 403


def test_the_trail_cannot_be_changed_or_removed_through_the_models(decided):
    event = AuditEvent.objects.first()
    event.summary = "Nothing happened"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.update(summary="Nothing happened")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 10


@pytest.mark.parametrize(
    "sql",
    ["UPDATE loops_auditevent SET summary = 'Nothing happened'", "DELETE FROM loops_auditevent"],
)
def test_the_database_refuses_to_change_or_remove_a_row_whatever_code_asks(decided, sql):
    with (
        pytest.raises(ProgrammingError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.filter(summary="Nothing happened").count() == 0
    assert AuditEvent.objects.count() == 10


def test_the_admin_shows_the_trail_read_only(client_for, staff, decided):
    client = client_for(staff)
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:loops_auditevent_changelist")).status_code == 200
    assert client.post(reverse("admin:loops_auditevent_delete", args=[event.pk])).status_code == 403
