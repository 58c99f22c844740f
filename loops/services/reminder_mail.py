"""What a reminder says: its email (text and HTML) and its in-app notice, written from
the same rules that planned it, so a reminder no longer wanted is not sent."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from loops.models import Notice, OrgSettings, Reminder
from loops.rules.reminders import (
    Offsets,
    SlotFacts,
    deadlines,
    digest_due,
    due_kinds,
    missing,
)
from loops.services.mail import one_line

Kind = Reminder.Kind

SUBJECTS = {
    Kind.INITIAL_VOTE: "Your initial vote on {candidate} is due",
    Kind.FULL_NOTE: "Your note on {candidate} is due",
    Kind.BEFORE_DEBRIEF: "Your note on {candidate} before the debrief",
    Kind.MANAGER_DIGEST: "Notes missing before the debrief on {candidate}",
}


# --- composing --------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def compose(reminder: Reminder, now: datetime) -> tuple[EmailMultiAlternatives, Notice] | None:
    """The email and in-app notice of a reminder, or None if it is no longer wanted at
    ``now`` (checked by the same rules that planned it)."""
    if reminder.kind == Kind.MANAGER_DIGEST:
        context = _digest_context(reminder, now)
        template = "loops/email/reminder_digest"
    else:
        context = _interviewer_context(reminder, now)
        template = "loops/email/reminder"
    if context is None:
        return None
    subject = one_line(SUBJECTS[reminder.kind].format(candidate=reminder.loop.candidate.name))
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[reminder.recipient.email],
        headers={"Message-ID": reminder.message_id},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    notice = Notice(
        recipient=reminder.recipient,
        text=Truncator(context["headline"]).chars(Notice._meta.get_field("text").max_length),
        url=context["path"],
    )
    return message, notice


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%a %d %b, %H:%M}"


def _interviewer_context(reminder: Reminder, now: datetime) -> dict | None:
    slot, loop = reminder.slot, reminder.loop
    note = getattr(slot, "note", None)
    facts = SlotFacts(
        loop_state=loop.state,
        ends_at=slot.ends_at,
        initial_vote_at=note.initial_vote_at if note else None,
        submitted_at=note.submitted_at if note else None,
        debrief_at=loop.debrief_at,
    )
    org = Offsets.of(OrgSettings.load())
    if reminder.kind not in {due.kind for due in due_kinds(facts, org, now)}:
        return None
    due = deadlines(facts, org)
    candidate = loop.candidate.name
    headline = {
        Kind.INITIAL_VOTE: (
            f"Your initial vote on {candidate} was due {_when(due[Kind.INITIAL_VOTE])}."
        ),
        Kind.FULL_NOTE: f"Your note on {candidate} was due {_when(due[Kind.FULL_NOTE])}.",
        Kind.BEFORE_DEBRIEF: (
            f"The debrief on {candidate} is {_when(loop.debrief_at)}: "
            "your note is not submitted yet."
        ),
    }[reminder.kind]
    path = reverse("loops:note", args=[slot.pk])
    return {
        "kind": reminder.kind,
        "headline": headline,
        "interviewer": reminder.recipient,
        "candidate": loop.candidate,
        "role": loop.role,
        "slot": slot,
        "round_type": slot.get_round_type_display().lower(),
        "missing": missing(facts),
        "vote_recorded": facts.initial_vote_at is not None,
        "initial_vote_due": due[Kind.INITIAL_VOTE],
        "full_note_due": due[Kind.FULL_NOTE],
        "debrief_at": loop.debrief_at,
        "path": path,
        "note_url": _absolute(path),
    }


def _digest_context(reminder: Reminder, now: datetime) -> dict | None:
    loop = reminder.loop
    slots = list(
        loop.slots.filter(ends_at__lte=now, note__submitted_at__isnull=True)
        .select_related("interviewer", "note")
        .order_by("ends_at", "id")
    )
    due = digest_due(
        loop_state=loop.state,
        debrief_at=loop.debrief_at,
        missing_count=len(slots),
        offsets=Offsets.of(OrgSettings.load()),
        now=now,
    )
    if due is None:
        return None
    rows = []
    for slot in slots:
        note = getattr(slot, "note", None)
        facts = SlotFacts(
            loop_state=loop.state,
            ends_at=slot.ends_at,
            initial_vote_at=note.initial_vote_at if note else None,
        )
        rows.append(
            {
                "interviewer": slot.interviewer,
                "round_type": slot.get_round_type_display().lower(),
                "missing": missing(facts),
            }
        )
    count = len(rows)
    path = reverse("loops:loop-notes", args=[loop.pk])
    return {
        "headline": (
            f"{count} note{'s' if count != 1 else ''} still missing before the debrief on "
            f"{loop.candidate.name}, {_when(loop.debrief_at)}: "
            + ", ".join(row["interviewer"].name for row in rows)
            + "."
        ),
        "manager": reminder.recipient,
        "candidate": loop.candidate,
        "role": loop.role,
        "debrief_at": loop.debrief_at,
        "rows": rows,
        "path": path,
        "notes_url": _absolute(path),
        "loop_url": _absolute(loop.get_absolute_url()),
    }
