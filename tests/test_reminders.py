"""Reminders: the rules on a controlled clock (no database), then planning, claiming,
sending and sweeping the reminder rows (PostgreSQL, the locmem mailer)."""

import smtplib
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from loops.live.listener import conninfo
from loops.models import Loop, Note, Notice, OrgSettings, Reminder
from loops.rules.reminders import (
    HORIZON,
    Offsets,
    SlotFacts,
    digest_due,
    due_kinds,
    missing,
)
from loops.services.reminding import (
    MAX_ATTEMPTS,
    due_slots,
    plan_reminders,
    send_reminder,
    sweep_stuck,
)
from tests.factories import LoopFactory, SlotFactory

Kind, Status = Reminder.Kind, Reminder.Status
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
OFFSETS = Offsets()  # the defaults: vote 1 h, note 24 h, 2 h and 1 h before the debrief
MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)


def ended(ago: timedelta, **facts) -> SlotFacts:
    return SlotFacts(loop_state=Loop.State.INTERVIEWING, ends_at=NOW - ago, **facts)


def kinds(facts: SlotFacts, now=NOW, offsets=OFFSETS) -> list[tuple[str, datetime]]:
    return [(due.kind, due.due_at) for due in due_kinds(facts, offsets, now)]


# --- the rules ----------------------------------------------------------------------------


def test_nothing_is_owed_before_the_initial_vote_falls_due():
    assert kinds(ended(59 * MINUTE)) == []


def test_the_initial_vote_is_due_an_hour_after_the_interview_ends():
    facts = ended(HOUR)
    assert kinds(facts) == [(Kind.INITIAL_VOTE, NOW)]
    assert kinds(facts, now=NOW + 5 * HOUR) == [(Kind.INITIAL_VOTE, NOW)]


def test_a_recorded_initial_vote_is_not_chased():
    assert kinds(ended(2 * HOUR, initial_vote_at=NOW - HOUR)) == []


def test_the_full_note_is_due_a_day_after_the_interview_ends():
    facts = ended(25 * HOUR, initial_vote_at=NOW - 24 * HOUR)
    assert kinds(facts) == [(Kind.FULL_NOTE, NOW - HOUR)]


def test_when_both_deadlines_have_passed_only_the_latest_reminder_goes_out():
    assert kinds(ended(25 * HOUR)) == [(Kind.FULL_NOTE, NOW - HOUR)]


def test_a_note_submitted_in_time_is_owed_nothing():
    facts = ended(30 * HOUR, initial_vote_at=NOW - 29 * HOUR, submitted_at=NOW - 28 * HOUR)
    assert kinds(facts) == []
    assert missing(facts) == []


def test_the_interviewer_is_reminded_two_hours_before_the_debrief():
    facts = ended(3 * HOUR, initial_vote_at=NOW - 2 * HOUR, debrief_at=NOW + 2 * HOUR)
    assert kinds(facts) == [(Kind.BEFORE_DEBRIEF, NOW)]
    assert kinds(facts, now=NOW - MINUTE) == []
    assert missing(facts) == ["note"]


def test_no_before_debrief_reminder_once_the_debrief_has_started():
    facts = ended(3 * HOUR, initial_vote_at=NOW - 2 * HOUR, debrief_at=NOW)
    assert kinds(facts) == []


def test_a_debrief_soon_after_the_interview_waits_for_the_interview_to_end():
    ends_at = NOW + 30 * MINUTE
    facts = SlotFacts(Loop.State.INTERVIEWING, ends_at=ends_at, debrief_at=ends_at + HOUR)
    assert kinds(facts) == []
    assert kinds(facts, now=ends_at) == [(Kind.BEFORE_DEBRIEF, ends_at)]
    # An hour later the debrief starts: the initial vote is due, and nothing before it.
    assert kinds(facts, now=ends_at + HOUR) == [(Kind.INITIAL_VOTE, ends_at + HOUR)]


def test_an_interview_that_has_not_ended_is_owed_nothing():
    assert kinds(SlotFacts(Loop.State.INTERVIEWING, ends_at=NOW + MINUTE)) == []
    assert kinds(SlotFacts(Loop.State.INTERVIEWING, ends_at=None)) == []


@pytest.mark.parametrize("state", [Loop.State.DRAFT, Loop.State.CANCELLED, Loop.State.DECIDED])
def test_loops_that_want_no_notes_get_no_reminders(state):
    facts = SlotFacts(state, ends_at=NOW - 2 * HOUR, debrief_at=NOW + 30 * MINUTE)
    assert kinds(facts) == []
    assert (
        digest_due(
            loop_state=state,
            debrief_at=NOW + 30 * MINUTE,
            missing_count=3,
            offsets=OFFSETS,
            now=NOW,
        )
        is None
    )


@pytest.mark.parametrize("state", [Loop.State.SCHEDULED, Loop.State.DEBRIEF])
def test_scheduled_loops_and_loops_in_debrief_still_want_notes(state):
    assert kinds(SlotFacts(state, ends_at=NOW - HOUR)) == [(Kind.INITIAL_VOTE, NOW)]


def test_a_reminder_whose_moment_passed_beyond_the_horizon_is_not_sent():
    # The full note fell due just over a week ago: a fresh deploy does not email it.
    assert kinds(ended(HORIZON + 24 * HOUR + MINUTE)) == []
    assert kinds(ended(HORIZON + 24 * HOUR - MINUTE)) != []


def test_the_deadlines_follow_the_organisation_settings():
    org = OrgSettings(
        initial_vote_due_minutes=15,
        full_note_due_hours=2,
        reminder_before_debrief_minutes=30,
        manager_digest_before_debrief_minutes=10,
    )
    offsets = Offsets.of(org)
    assert kinds(ended(15 * MINUTE), offsets=offsets) == [(Kind.INITIAL_VOTE, NOW)]
    assert kinds(ended(2 * HOUR), offsets=offsets) == [(Kind.FULL_NOTE, NOW)]
    debrief = ended(20 * MINUTE, initial_vote_at=NOW, debrief_at=NOW + 30 * MINUTE)
    assert kinds(debrief, offsets=offsets) == [(Kind.BEFORE_DEBRIEF, NOW)]
    digest = digest_due(
        loop_state=Loop.State.INTERVIEWING,
        debrief_at=NOW + 10 * MINUTE,
        missing_count=1,
        offsets=offsets,
        now=NOW,
    )
    assert digest is not None and digest.due_at == NOW


def digest(debrief_at, missing_count=2, now=NOW):
    return digest_due(
        loop_state=Loop.State.INTERVIEWING,
        debrief_at=debrief_at,
        missing_count=missing_count,
        offsets=OFFSETS,
        now=now,
    )


def test_the_hiring_manager_hears_of_missing_notes_an_hour_before_the_debrief():
    assert digest(NOW + HOUR + MINUTE) is None
    due = digest(NOW + HOUR)
    assert (due.kind, due.due_at) == (Kind.MANAGER_DIGEST, NOW)
    assert digest(NOW + MINUTE) is not None


def test_no_digest_once_the_debrief_started_or_without_one_or_with_every_note_in():
    assert digest(NOW) is None
    assert digest(None) is None
    assert digest(NOW + 30 * MINUTE, missing_count=0) is None


def test_the_missing_parts_are_named_in_the_emails_words():
    assert missing(ended(HOUR)) == ["initial vote", "note"]
    assert missing(ended(HOUR, initial_vote_at=NOW)) == ["note"]


moments = st.integers(min_value=-20 * 24 * 60, max_value=20 * 24 * 60).map(
    lambda minutes: NOW + timedelta(minutes=minutes)
)


@given(
    ends_at=moments,
    vote_after=st.none() | st.integers(0, 3 * 24 * 60),
    submit_after=st.none() | st.integers(0, 3 * 24 * 60),
    debrief_at=st.none() | moments,
)
def test_at_most_one_reminder_a_slot_and_never_before_its_moment(
    ends_at, vote_after, submit_after, debrief_at
):
    vote_at = None if vote_after is None else ends_at + timedelta(minutes=vote_after)
    submitted_at = None if submit_after is None else ends_at + timedelta(minutes=submit_after)
    facts = SlotFacts(Loop.State.INTERVIEWING, ends_at, vote_at, submitted_at, debrief_at)
    owed = due_kinds(facts, OFFSETS, NOW)
    assert len(owed) <= 1
    for due in owed:
        assert ends_at <= due.due_at <= NOW
        assert due.due_at >= NOW - HORIZON
        assert submitted_at is None
        assert due.kind != Kind.INITIAL_VOTE or vote_at is None
        assert due.kind != Kind.BEFORE_DEBRIEF or debrief_at > NOW


# --- planning, sending and sweeping the rows ------------------------------------------------


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def interviewing(loop):
    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.INTERVIEWING)
    loop.refresh_from_db()
    return loop


def interview(loop, now, ended_ago, *, vote=False, submitted=False, **interviewer):
    ends_at = now - ended_ago
    slot = SlotFactory(
        loop=loop,
        starts_at=ends_at - 45 * MINUTE,
        ends_at=ends_at,
        **{f"interviewer__{key}": value for key, value in interviewer.items()},
    )
    if vote or submitted:
        Note.objects.create(
            slot=slot,
            initial_vote="yes",
            initial_vote_at=ends_at + 10 * MINUTE,
            submitted_at=ends_at + 20 * MINUTE if submitted else None,
        )
    return slot


@pytest.fixture
def queued(monkeypatch):
    """The reminder ids queued for sending, in order (instead of sent to Redis)."""
    from loops.tasks import send_reminder_task

    ids = []
    monkeypatch.setattr(send_reminder_task, "delay", ids.append)
    return ids


@pytest.fixture
def plan(queued, django_capture_on_commit_callbacks):
    """plan_reminders, with what it queues on commit run (and captured in ``queued``)."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return plan_reminders(now)

    return run


@pytest.fixture
def sweep(queued, django_capture_on_commit_callbacks):
    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return sweep_stuck(now)

    return run


def test_planning_twice_makes_each_reminder_once(interviewing, now, plan, queued):
    slots = [interview(interviewing, now, 2 * HOUR) for _ in range(3)]
    assert plan(now) == 3
    assert plan(now) == 0
    rows = Reminder.objects.order_by("slot_id")
    assert [(r.slot_id, r.kind, r.recipient_id) for r in rows] == [
        (slot.pk, Kind.INITIAL_VOTE, slot.interviewer_id) for slot in slots
    ]
    assert sorted(queued) == sorted(rows.values_list("pk", flat=True))


def test_a_minute_with_nothing_new_is_one_query(interviewing, now, plan, django_assert_num_queries):
    interview(interviewing, now, 2 * HOUR)
    plan(now)
    with django_assert_num_queries(1):
        assert plan(now + MINUTE) == 0


def test_the_due_query_uses_the_end_of_interview_index(interviewing, now):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table would be scanned anyway
        sql, params = due_slots(now, OFFSETS).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "slot_ends_idx" in plan
    assert "loop_debrief_idx" in plan


def test_nothing_is_planned_for_what_is_not_owed(interviewing, now, plan):
    interview(interviewing, now, 30 * HOUR, submitted=True)  # submitted in time
    interview(interviewing, now, 2 * HOUR, vote=True)  # vote in, note not yet due
    interview(interviewing, now, -HOUR)  # not ended
    interview(interviewing, now, HORIZON + 26 * HOUR)  # long ago
    cancelled = LoopFactory(role=interviewing.role, state=Loop.State.CANCELLED)
    interview(cancelled, now, 2 * HOUR)
    assert plan(now) == 0
    assert not Reminder.objects.exists()


def test_a_reminder_is_sent_once_however_often_it_is_claimed(interviewing, now, plan):
    slot = interview(interviewing, now, 2 * HOUR, email="ivan.i@example.com")
    plan(now)
    reminder = Reminder.objects.get()
    assert send_reminder(reminder.pk, now) is True
    assert send_reminder(reminder.pk, now) is False
    (email,) = mail.outbox
    assert email.to == ["ivan.i@example.com"]
    assert email.message()["Message-ID"] == f"<reminder-{reminder.pk}@debrief>"
    assert email.subject == "Your initial vote on Casey Candidate is due"
    note_url = settings.SITE_URL + reverse("loops:note", args=[slot.pk])
    assert note_url in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and f'href="{note_url}"' in html
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Status.SENT, 1)
    assert reminder.sent_at is not None
    notice = Notice.objects.get(recipient=slot.interviewer)
    assert notice.text.startswith("Your initial vote on Casey Candidate was due")
    assert notice.url == reverse("loops:note", args=[slot.pk])


def test_a_note_submitted_before_the_send_sends_nothing(interviewing, now, plan):
    slot = interview(interviewing, now, 25 * HOUR)
    plan(now)
    Note.objects.create(slot=slot, initial_vote="no", initial_vote_at=now, submitted_at=now)
    reminder = Reminder.objects.get()
    assert send_reminder(reminder.pk, now + MINUTE) is False
    reminder.refresh_from_db()
    assert reminder.status == Status.SKIPPED
    assert mail.outbox == []
    assert not Notice.objects.exists()


def test_a_reminder_overtaken_by_a_later_one_is_skipped(interviewing, now, plan):
    interview(interviewing, now, 2 * HOUR)
    plan(now)
    later = now + 23 * HOUR
    plan(later)
    initial, full = Reminder.objects.order_by("due_at")
    assert (initial.kind, full.kind) == (Kind.INITIAL_VOTE, Kind.FULL_NOTE)
    assert send_reminder(initial.pk, later) is False
    assert send_reminder(full.pk, later) is True
    assert [e.subject for e in mail.outbox] == ["Your note on Casey Candidate is due"]


def test_the_digest_lists_the_missing_notes_before_the_debrief(interviewing, now, plan):
    Loop.objects.filter(pk=interviewing.pk).update(debrief_at=now + 30 * MINUTE)
    interview(interviewing, now, 30 * HOUR, name="Ada Submitted", submitted=True)
    interview(interviewing, now, 30 * HOUR, name="Ben Voted", vote=True)
    interview(interviewing, now, 29 * HOUR, name="Cleo Nothing", email="cleo@example.com")
    assert plan(now) == 3
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == sorted(
        [Kind.BEFORE_DEBRIEF, Kind.BEFORE_DEBRIEF, Kind.MANAGER_DIGEST]
    )
    digest = Reminder.objects.get(kind=Kind.MANAGER_DIGEST)
    assert digest.slot is None
    assert digest.recipient == interviewing.role.hiring_manager
    assert send_reminder(digest.pk, now) is True
    (email,) = mail.outbox
    assert email.to == ["maya@example.com"]
    assert "2 notes still missing" in email.body
    assert "- Ben Voted (coding): no note <" in email.body
    assert "- Cleo Nothing (coding): no initial vote, no note <cleo@example.com>" in email.body
    assert "Ada Submitted" not in email.body
    notes_url = settings.SITE_URL + reverse("loops:loop-notes", args=[interviewing.pk])
    assert notes_url in email.body
    html = email.alternatives[0][0]
    assert 'href="mailto:cleo@example.com"' in html and f'href="{notes_url}"' in html
    notice = Notice.objects.get(recipient=interviewing.role.hiring_manager)
    assert "Ben Voted, Cleo Nothing" in notice.text


def test_the_digest_is_skipped_when_every_note_came_in(interviewing, now, plan):
    Loop.objects.filter(pk=interviewing.pk).update(debrief_at=now + 30 * MINUTE)
    slot = interview(interviewing, now, 25 * HOUR)
    plan(now)
    Note.objects.create(slot=slot, initial_vote="yes", initial_vote_at=now, submitted_at=now)
    digest = Reminder.objects.get(kind=Kind.MANAGER_DIGEST)
    assert send_reminder(digest.pk, now) is False
    digest.refresh_from_db()
    assert digest.status == Status.SKIPPED


def test_markup_in_names_is_shown_as_text_in_the_emails(interviewing, now, plan):
    interviewing.candidate.name = "<script>alert('x')</script>"
    interviewing.candidate.save()
    interviewing.role.title = "Engineer <b>bold</b>"
    interviewing.role.save()
    Loop.objects.filter(pk=interviewing.pk).update(debrief_at=now + 30 * MINUTE)
    interview(interviewing, now, 25 * HOUR, name='<img src=x onerror="alert(1)">')
    plan(now)
    for reminder in Reminder.objects.all():
        assert send_reminder(reminder.pk, now) is True
    assert len(mail.outbox) == 2
    for email in mail.outbox:
        html = email.alternatives[0][0]
        assert "<script>" not in html and "<img" not in html and "<b>" not in html
        assert "&lt;script&gt;" in html
        assert "<script>alert('x')</script>" in email.body  # plain text shows it as text
    digest = next(e for e in mail.outbox if e.to == ["maya@example.com"])
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in digest.alternatives[0][0]


def test_a_name_with_a_line_break_does_not_break_the_subject(interviewing, now, plan):
    interviewing.candidate.name = "Casey\nBcc: someone@example.net"
    interviewing.candidate.save()
    interview(interviewing, now, 2 * HOUR)
    plan(now)
    assert send_reminder(Reminder.objects.get().pk, now) is True
    assert mail.outbox[0].subject == "Your initial vote on Casey Bcc: someone@example.net is due"


class FlakyMailer(LocmemBackend):
    """Fails the next ``failures`` sends with ``error``, then delivers to the outbox."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def send_messages(self, messages):
        if FlakyMailer.failures:
            FlakyMailer.failures -= 1
            raise FlakyMailer.error
        return super().send_messages(messages)


@pytest.fixture
def flaky_mailer(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyMailer"}}
    yield FlakyMailer
    FlakyMailer.failures = 0


class ConnectionCuttingMailer(LocmemBackend):
    """Delivers, then has the database end this worker's connection, as a restart would,
    in the moment between the SMTP server's answer and the mark."""

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        pid = connection.connection.info.backend_pid
        with psycopg.connect(**conninfo(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return sent


@pytest.mark.django_db(transaction=True)
def test_a_reminder_sent_as_the_database_restarts_is_marked_sent_not_sent_again(
    settings, interviewing, now, plan
):
    interview(interviewing, now, 2 * HOUR)
    plan(now)
    reminder = Reminder.objects.get()
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.ConnectionCuttingMailer"}}
    assert send_reminder(reminder.pk, now) is True
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


def test_an_smtp_error_gives_the_claim_back_for_a_retry(interviewing, now, plan, flaky_mailer):
    slot = interview(interviewing, now, 2 * HOUR)
    plan(now)
    reminder = Reminder.objects.get()
    flaky_mailer.failures = 1
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_reminder(reminder.pk, now)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Status.PENDING, 1)
    assert "SMTPServerDisconnected" in reminder.last_error
    assert send_reminder(reminder.pk, now + MINUTE) is True
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Status.SENT, 2)
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(recipient=slot.interviewer).count() == 1


def test_a_reminder_fails_for_good_after_its_last_attempt(interviewing, now, plan, flaky_mailer):
    interview(interviewing, now, 2 * HOUR)
    plan(now)
    reminder = Reminder.objects.get()
    Reminder.objects.filter(pk=reminder.pk).update(attempts=MAX_ATTEMPTS - 1)
    flaky_mailer.failures = 1
    assert send_reminder(reminder.pk, now) is False
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Status.FAILED, MAX_ATTEMPTS)


def test_a_refused_recipient_is_not_retried(interviewing, now, plan, flaky_mailer):
    slot = interview(interviewing, now, 2 * HOUR)
    plan(now)
    flaky_mailer.failures = 1
    flaky_mailer.error = smtplib.SMTPRecipientsRefused(
        {slot.interviewer.email: (550, b"5.1.1 No such user")}
    )
    reminder = Reminder.objects.get()
    assert send_reminder(reminder.pk, now) is False
    reminder.refresh_from_db()
    assert reminder.status == Status.FAILED
    assert "No such user" in reminder.last_error


def test_a_claim_whose_sender_died_is_swept_back_and_sent_once(
    interviewing, now, plan, sweep, queued
):
    interview(interviewing, now, 2 * HOUR)
    plan(now)
    reminder = Reminder.objects.get()
    queued.clear()
    # A worker claimed it, then was killed before sending.
    Reminder.objects.filter(pk=reminder.pk).update(
        status=Status.SENDING, claimed_at=now, attempts=1
    )
    assert sweep(now + MINUTE) == 0  # its sender may still be at work
    reminder.refresh_from_db()
    assert reminder.status == Status.SENDING
    later = now + timedelta(seconds=2 * settings.REMINDER_SEND_TIME_LIMIT + 1)
    assert sweep(later) == 1
    assert sweep(later) == 1  # a second sweep queues it again: harmless
    assert queued == [reminder.pk, reminder.pk]
    assert send_reminder(reminder.pk, later) is True
    assert send_reminder(reminder.pk, later) is False
    (email,) = mail.outbox
    assert email.message()["Message-ID"] == reminder.message_id  # a copy would carry it too


def test_a_reminder_whose_message_was_lost_is_queued_again(interviewing, now, plan, sweep, queued):
    interview(interviewing, now, 2 * HOUR)
    plan(now)
    queued.clear()
    reminder = Reminder.objects.get()
    assert sweep(timezone.now()) == 0  # just made: its message is on its way
    Reminder.objects.filter(pk=reminder.pk).update(created_at=now - HOUR)
    assert sweep(timezone.now()) == 1
    assert queued == [reminder.pk]


def test_a_reminder_that_keeps_killing_its_sender_fails_in_the_end(interviewing, now, plan, sweep):
    interview(interviewing, now, 2 * HOUR)
    plan(now)
    reminder = Reminder.objects.get()
    Reminder.objects.filter(pk=reminder.pk).update(
        status=Status.SENDING, claimed_at=now - HOUR, attempts=MAX_ATTEMPTS
    )
    sweep(now)
    reminder.refresh_from_db()
    assert reminder.status == Status.FAILED


def test_a_reminder_that_cannot_be_prepared_stays_pending_then_fails_past_the_horizon(
    interviewing, now, plan, sweep, monkeypatch
):
    slot = interview(interviewing, now, 2 * HOUR)
    plan(now)
    reminder = Reminder.objects.get()

    def broken(reminder, now):
        raise LookupError("no such template")

    monkeypatch.setattr("loops.services.reminding.compose", broken)
    with pytest.raises(LookupError):
        send_reminder(reminder.pk, now)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Status.PENDING, 0)
    assert "no such template" in reminder.last_error
    due_at = reminder.due_at
    sweep(due_at + HORIZON - MINUTE)
    reminder.refresh_from_db()
    assert reminder.status == Status.PENDING
    sweep(due_at + HORIZON + MINUTE)
    reminder.refresh_from_db()
    assert reminder.status == Status.FAILED
    assert not Notice.objects.filter(recipient=slot.interviewer).exists()


def test_the_beat_runs_the_planner_every_minute_and_the_sweep():
    from debrief.celery import app
    from loops import tasks

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["plan-reminders"]["schedule"] == 60.0
    for entry in schedule.values():
        assert entry["task"] in app.tasks
    send = tasks.send_reminder_task
    assert send.acks_late and send.reject_on_worker_lost
    assert send.time_limit == settings.REMINDER_SEND_TIME_LIMIT
    assert send.max_retries == 5 and send.retry_backoff
    assert tasks.sweep_reminders_task.name == schedule["sweep-reminders"]["task"]


def test_the_digest_goes_to_the_roles_hiring_manager_not_the_recruiter(interviewing, now, plan):
    Loop.objects.filter(pk=interviewing.pk).update(debrief_at=now + 10 * MINUTE)
    interview(interviewing, now, 3 * HOUR)
    other_loop = LoopFactory(role=interviewing.role, state=Loop.State.INTERVIEWING)
    interview(other_loop, now, 3 * HOUR)  # its debrief is not set: no digest
    plan(now)
    digests = Reminder.objects.filter(kind=Kind.MANAGER_DIGEST)
    assert [(d.loop_id, d.recipient_id) for d in digests] == [
        (interviewing.pk, interviewing.role.hiring_manager_id)
    ]
