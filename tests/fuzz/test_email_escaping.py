"""The emails escape what people typed, and keep a header on one line."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from loops.models import (
    Loop,
    Notice,
    Reminder,
)
from tests.factories import (
    SlotFactory,
)
from tests.fuzz.harness import ATTRIBUTE, SCRIPT, xss

pytestmark = pytest.mark.django_db


def test_the_invite_email_escapes_the_names_in_its_html(loop, interviewer):
    from loops.services.invites import send_invite

    loop.candidate.name = xss("candidate")
    loop.candidate.save()
    loop.role.title = xss("role")
    loop.role.save()
    interviewer.name = xss("person")
    interviewer.save()
    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.SCHEDULED)
    starts = timezone.now() + timedelta(days=1)
    slot = SlotFactory(
        loop=loop, interviewer=interviewer, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    assert send_invite(slot.pk)
    _assert_mail_escapes(mail.outbox[-1])


def test_the_invite_email_goes_out_for_a_candidate_whose_name_holds_a_line_break(loop, interviewer):
    """A candidate's name comes from a form field that keeps inner line breaks."""
    from loops.services.invites import send_invite

    loop.candidate.name = "Casey\nBcc: someone@example.com"
    loop.candidate.save()
    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.SCHEDULED)
    starts = timezone.now() + timedelta(days=1)
    slot = SlotFactory(
        loop=loop, interviewer=interviewer, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    assert send_invite(slot.pk)
    assert "\n" not in mail.outbox[-1].subject


def test_an_invite_whose_send_failed_and_was_retried_leaves_one_notice(
    loop, interviewer, monkeypatch
):
    """Found while reading the invite's send for the test above: the notice is written
    before the email goes, and stays when the send fails; the task retries SMTP errors
    (OSError) up to five times, each adding a notice."""
    from django.core.mail import EmailMultiAlternatives

    from loops.services.invites import send_invite

    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.SCHEDULED)
    starts = timezone.now() + timedelta(days=1)
    slot = SlotFactory(
        loop=loop, interviewer=interviewer, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    sent = EmailMultiAlternatives.send

    def refused(message, *args, **kwargs):
        raise ConnectionRefusedError("the mail relay is down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    with pytest.raises(OSError):
        send_invite(slot.pk)
    monkeypatch.setattr(EmailMultiAlternatives, "send", sent)
    assert send_invite(slot.pk)
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(recipient=interviewer).count() == 1


def test_the_reminder_emails_escape_the_names_in_their_html(
    loop, interviewer, hiring_manager, monkeypatch, django_capture_on_commit_callbacks
):
    from loops.services.reminding import plan_reminders, send_reminder
    from loops.tasks import send_reminder_task

    monkeypatch.setattr(send_reminder_task, "delay", lambda reminder_id: None)
    now = timezone.now().replace(microsecond=0)
    loop.candidate.name = xss("candidate")
    loop.candidate.save()
    loop.role.title = xss("role")
    loop.role.save()
    for person in (interviewer, hiring_manager):
        person.name = xss("person")
        person.save()
    Loop.objects.filter(pk=loop.pk).update(
        state=Loop.State.INTERVIEWING, debrief_at=now + timedelta(minutes=30)
    )
    SlotFactory(
        loop=loop,
        interviewer=interviewer,
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan_reminders(now)
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert Reminder.Kind.MANAGER_DIGEST in kinds and len(kinds) >= 2
    for reminder in Reminder.objects.all():
        assert send_reminder(reminder.pk, now)
    assert len(mail.outbox) == len(kinds)
    for message in mail.outbox:
        _assert_mail_escapes(message)


def _assert_mail_escapes(message) -> None:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    assert SCRIPT not in html and ATTRIBUTE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT in message.body  # the plain-text part is text: it keeps the words
