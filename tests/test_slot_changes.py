"""What a slot change tells the interviewers of a scheduled loop (an updated invite, a
cancellation of the same calendar event, a notice), and the audit trail of every loop write."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from loops.models import AuditEvent, Cancellation, Loop, Notice
from tests.factories import ClosenessFactory, PersonFactory, SlotFactory

LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def start():
    return (timezone.localtime() + timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )


@pytest.fixture
def booked(loop, interviewer, start):
    """A slot of a scheduled loop whose invite (version 2) went out."""
    loop.state = Loop.State.SCHEDULED
    loop.save()
    return SlotFactory(
        loop=loop,
        interviewer=interviewer,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        invited_at=timezone.now(),
        invite_sequence=2,
    )


def _event(email):
    """The METHOD and the VEVENT of an email's calendar attachment."""
    (_, ics, mimetype) = email.attachments[0]
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return str(calendar["method"]), event


def _mail_to(person):
    (email,) = [email for email in mail.outbox if email.to == [person.email]]
    return email


def _assert_event(email, *, method, sequence, slot, attendee, organizer):
    got_method, event = _event(email)
    assert got_method == method
    assert event["sequence"] == sequence
    assert str(event["uid"]) == f"slot-{slot.pk}@debrief"
    assert str(event["organizer"]) == f"mailto:{organizer.email}"
    assert str(event["attendee"]) == f"mailto:{attendee.email}"


def _slot_data(person, starts, **overrides):
    return {
        "slot-interviewer": person.email,
        "slot-closeness": "",
        "slot-round_type": "coding",
        "slot-starts_at": starts.strftime(LOCAL),
        "slot-ends_at": (starts + timedelta(minutes=45)).strftime(LOCAL),
    } | overrides


@pytest.mark.django_db(transaction=True)
def test_swapping_an_interviewer_invites_the_new_one_and_cancels_the_old_one(
    client_for, hiring_manager, interviewer, booked, celery_worker, wait_for
):
    light = PersonFactory(name="Light Load", email="light@example.com")
    client_for(hiring_manager).post(
        reverse("loops:slot-swap", args=[booked.pk]), {"person": light.pk}
    )
    assert wait_for(lambda: len(mail.outbox) == 2), "the worker did not send both emails"
    _assert_event(
        _mail_to(light),
        method="REQUEST",
        sequence=3,
        slot=booked,
        attendee=light,
        organizer=hiring_manager,
    )
    cancel = _mail_to(interviewer)
    assert cancel.subject.startswith("Cancelled: interview of Casey Candidate")
    _assert_event(
        cancel,
        method="CANCEL",
        sequence=3,
        slot=booked,
        attendee=interviewer,
        organizer=hiring_manager,
    )
    assert Notice.objects.get(recipient=light).text.startswith("You are interviewing Casey")
    assert Notice.objects.get(recipient=interviewer).text.startswith("You no longer interview")


@pytest.mark.django_db(transaction=True)
def test_adding_a_slot_to_a_scheduled_loop_invites_its_interviewer(
    client_for, hiring_manager, booked, start, celery_worker, wait_for
):
    newcomer = PersonFactory(name="New Comer", email="new@example.com")
    client_for(hiring_manager).post(
        reverse("loops:slot-add", args=[booked.loop.pk]),
        _slot_data(newcomer, start + timedelta(hours=1)),
    )
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker sent no invite"
    slot = booked.loop.slots.get(interviewer=newcomer)
    _assert_event(
        _mail_to(newcomer),
        method="REQUEST",
        sequence=0,
        slot=slot,
        attendee=newcomer,
        organizer=hiring_manager,
    )
    assert Notice.objects.filter(recipient=newcomer).exists()


@pytest.mark.django_db(transaction=True)
def test_taking_a_suggested_pick_on_a_scheduled_loop_invites_them(
    client_for, hiring_manager, booked, celery_worker, wait_for
):
    pick = PersonFactory(name="Only Pick", email="pick@example.com")
    ClosenessFactory(role=booked.loop.role, person=pick, level="daily")
    client_for(hiring_manager).post(
        reverse("loops:loop-suggest-apply", args=[booked.loop.pk]), {"person": pick.pk}
    )
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker sent no invite"
    slot = booked.loop.slots.get(interviewer=pick)
    _assert_event(
        _mail_to(pick),
        method="REQUEST",
        sequence=0,
        slot=slot,
        attendee=pick,
        organizer=hiring_manager,
    )


@pytest.mark.django_db(transaction=True)
def test_removing_a_slot_cancels_its_interviewers_invite(
    client_for, hiring_manager, interviewer, booked, celery_worker, wait_for
):
    client_for(hiring_manager).post(reverse("loops:slot-delete", args=[booked.pk]))
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker sent no cancellation"
    _assert_event(
        _mail_to(interviewer),
        method="CANCEL",
        sequence=3,
        slot=booked,
        attendee=interviewer,
        organizer=hiring_manager,
    )
    assert Notice.objects.get(recipient=interviewer).text.startswith("You no longer interview")


@pytest.mark.django_db(transaction=True)
def test_moving_a_slot_sends_its_interviewer_the_next_version(
    client_for, hiring_manager, interviewer, booked, start, celery_worker, wait_for
):
    client_for(hiring_manager).post(
        reverse("loops:slot-edit", args=[booked.pk]),
        _slot_data(interviewer, start + timedelta(hours=2)),
    )
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker sent no updated invite"
    email = _mail_to(interviewer)
    _assert_event(
        email,
        method="REQUEST",
        sequence=3,
        slot=booked,
        attendee=interviewer,
        organizer=hiring_manager,
    )
    assert _event(email)[1].decoded("dtstart") == start + timedelta(hours=2)
    assert not Cancellation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_editing_a_slot_to_someone_else_invites_them_and_cancels_the_old_one(
    client_for, hiring_manager, interviewer, booked, start, celery_worker, wait_for
):
    other = PersonFactory(name="Other One", email="other@example.com")
    client_for(hiring_manager).post(
        reverse("loops:slot-edit", args=[booked.pk]), _slot_data(other, start)
    )
    assert wait_for(lambda: len(mail.outbox) == 2), "the worker did not send both emails"
    _assert_event(
        _mail_to(other),
        method="REQUEST",
        sequence=3,
        slot=booked,
        attendee=other,
        organizer=hiring_manager,
    )
    _assert_event(
        _mail_to(interviewer),
        method="CANCEL",
        sequence=3,
        slot=booked,
        attendee=interviewer,
        organizer=hiring_manager,
    )


def test_a_cancellation_goes_out_once(client_for, hiring_manager, interviewer, booked):
    from loops.services.invites import send_cancellation

    # Queued after commit, which a test inside one transaction never reaches: send by hand.
    client_for(hiring_manager).post(reverse("loops:slot-delete", args=[booked.pk]))
    cancellation = Cancellation.objects.get(interviewer=interviewer)
    assert send_cancellation(cancellation.pk) is True
    assert send_cancellation(cancellation.pk) is False
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(recipient=interviewer).count() == 1


def test_changes_to_a_draft_loop_tell_nobody(client_for, hiring_manager, loop, start):
    slot = SlotFactory(loop=loop, starts_at=start, ends_at=start + timedelta(minutes=45))
    client = client_for(hiring_manager)
    client.post(reverse("loops:slot-swap", args=[slot.pk]), {"person": PersonFactory().pk})
    client.post(reverse("loops:slot-delete", args=[slot.pk]))
    assert not Cancellation.objects.exists()
    assert not Notice.objects.exists()


def _actions(loop):
    return list(
        AuditEvent.objects.filter(loop=loop).order_by("pk").values_list("action", flat=True)
    )


def test_each_slot_write_leaves_an_audit_event(client_for, hiring_manager, loop, start):
    client = client_for(hiring_manager)
    first, second = PersonFactory(name="First"), PersonFactory(name="Second")
    client.post(reverse("loops:slot-add", args=[loop.pk]), _slot_data(first, start))
    slot = loop.slots.get()
    client.post(
        reverse("loops:slot-edit", args=[slot.pk]),
        _slot_data(first, start + timedelta(hours=1)),
    )
    client.post(reverse("loops:slot-swap", args=[slot.pk]), {"person": second.pk})
    pick = PersonFactory(name="Only Pick")
    ClosenessFactory(role=loop.role, person=pick, level="daily")
    client.post(reverse("loops:loop-suggest-apply", args=[loop.pk]), {"person": pick.pk})
    client.post(reverse("loops:slot-move", args=[slot.pk]), {"direction": "down"})
    client.post(reverse("loops:slot-delete", args=[slot.pk]))
    assert _actions(loop) == [
        "slot_added",
        "slot_changed",
        "slot_swapped",
        "slot_added",
        "slot_reordered",
        "slot_removed",
    ]
    events = AuditEvent.objects.filter(loop=loop)
    assert all(event.actor == hiring_manager for event in events)
    changed = events.get(action="slot_changed")
    assert changed.detail["before"]["starts_at"] != changed.detail["after"]["starts_at"]
    swapped = events.get(action="slot_swapped")
    assert (swapped.detail["before"], swapped.detail["after"]) == (first.pk, second.pk)
    assert "Only Pick" in events.get(action="slot_added", summary__contains="suggestion").summary


def test_moving_a_loop_leaves_an_audit_event(client_for, hiring_manager, loop, start):
    SlotFactory(loop=loop, starts_at=start, ends_at=start + timedelta(minutes=45))
    client = client_for(hiring_manager)
    client.post(reverse("loops:loop-move", args=[loop.pk]), {"action": "scheduled"})
    client.post(reverse("loops:loop-move", args=[loop.pk]), {"action": "cancelled"})
    events = AuditEvent.objects.filter(loop=loop, action="loop_moved").order_by("pk")
    assert [(e.detail["before"], e.detail["after"]) for e in events] == [
        ("draft", "scheduled"),
        ("scheduled", "cancelled"),
    ]
    assert all(event.actor == hiring_manager for event in events)


def test_adding_a_candidate_leaves_an_audit_event(client_for, hiring_manager, role):
    client_for(hiring_manager).post(
        reverse("loops:candidate-new", args=[role.pk]),
        {"name": "Casey Candidate", "email": "", "links": "", "recruiter_screen": "passed"},
    )
    loop = Loop.objects.get(candidate__name="Casey Candidate")
    (event,) = AuditEvent.objects.filter(loop=loop)
    assert event.action == "candidate_added"
    assert event.actor == hiring_manager
