"""Reminders in the database: which are due, one row each, and each sent exactly once.

The rules of who is owed what live in ``loops.rules.reminders``; this module finds the slots
they apply to, keeps one ``Reminder`` row per (slot, kind) or (loop, kind), and sends
each row's email through a claim, so that two planners, retries and parallel workers
cannot send one twice:

1. ``plan_reminders`` (every minute) reads the due slots in one indexed query, inserts
   the rows it finds owed with ON CONFLICT DO NOTHING and, after commit, queues a send
   for each pending one.
2. ``send_reminder`` claims its row (``pending`` → ``sending``, a conditional UPDATE);
   whoever changes no row does nothing. It checks the reminder is still wanted, leaves
   the in-app notice, sends the email with a Message-ID fixed by the row and marks the
   row sent in the very next statement.
3. ``sweep_stuck`` (every few minutes) gives back claims older than any live sender can
   be (the task's time limit kills one that runs longer) and queues again pending rows
   whose message was lost (a worker killed, Redis restarted).

One window cannot be closed: the SMTP server has accepted the message and the sender
dies before its next statement marks the row. The sweep then sends it again, with the
same Message-ID, so the copy is recognisably the same message.
"""

import logging
import smtplib
import time
from collections import defaultdict
from contextlib import suppress
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.text import Truncator

from loops.models import OrgSettings, Reminder, Slot
from loops.rules.reminders import (
    HORIZON,
    REMINDED_STATES,
    Offsets,
    SlotFacts,
    digest_due,
    due_kinds,
)
from loops.services.reminder_mail import compose

log = logging.getLogger(__name__)

Kind, Status = Reminder.Kind, Reminder.Status

# Claims (first sends, retries and sweeps together) before a reminder counts as failed.
MAX_ATTEMPTS = 6
# Rows one sweep queues again at most; the next sweep takes the rest.
SWEEP_BATCH = 1000
# Whether a (slot, kind) or the loop's digest already has its row, per kind.
_REMINDED = {kind: f"reminded_{kind}" for kind in Kind.values}


def offsets() -> Offsets:
    return Offsets.of(OrgSettings.load())


def claim_lifetime() -> timedelta:
    """How old a claim must be for its sender to be surely gone.

    Twice the send task's time limit: the worker kills a send that runs longer, so
    a claim this old belongs to nobody.
    """
    return timedelta(seconds=2 * settings.REMINDER_SEND_TIME_LIMIT)


# --- planning ---------------------------------------------------------------------------


def due_slots(now: datetime, offsets: Offsets):
    """Ended interviews whose note is not submitted, in loops that still want notes, that
    may be owed a reminder at ``now``: one query, values rows.

    Two index range scans joined by UNION: interviews that ended within the lookback
    (``slot_ends_idx``) and the interviews of loops whose debrief is within the lookahead
    (``loop_debrief_idx``). Each row says which reminders it already has, so a minute
    with nothing new writes nothing.
    """
    reminded = {
        kind: Exists(Reminder.objects.filter(slot=OuterRef("pk"), kind=kind))
        for kind in (Kind.INITIAL_VOTE, Kind.FULL_NOTE, Kind.BEFORE_DEBRIEF)
    }
    reminded[Kind.MANAGER_DIGEST] = Exists(
        Reminder.objects.filter(loop=OuterRef("loop"), slot__isnull=True, kind=Kind.MANAGER_DIGEST)
    )
    owing = (
        Slot.objects.filter(
            ends_at__lte=now,
            loop__state__in=REMINDED_STATES,
            note__submitted_at__isnull=True,
        )
        .annotate(**{_REMINDED[kind]: exists for kind, exists in reminded.items()})
        .values(
            "pk",
            "loop_id",
            "interviewer_id",
            "ends_at",
            "loop__state",
            "loop__debrief_at",
            "loop__role__hiring_manager_id",
            "note__initial_vote_at",
            *_REMINDED.values(),
        )
        .order_by()
    )
    recent = owing.filter(ends_at__gte=now - offsets.lookback)
    debrief_coming = owing.filter(
        loop__debrief_at__gt=now, loop__debrief_at__lte=now + offsets.lookahead
    )
    return recent.union(debrief_coming).order_by()


def _facts(row: dict) -> SlotFacts:
    return SlotFacts(
        loop_state=row["loop__state"],
        ends_at=row["ends_at"],
        initial_vote_at=row["note__initial_vote_at"],
        debrief_at=row["loop__debrief_at"],
    )


def owed_reminders(rows, offsets: Offsets, now: datetime) -> list[Reminder]:
    """The reminder rows owed at ``now`` that ``rows`` (from ``due_slots``) do not have yet."""
    owed = []
    missing_by_loop = defaultdict(list)
    for row in rows:
        for due in due_kinds(_facts(row), offsets, now):
            if not row[_REMINDED[due.kind]]:
                owed.append(
                    Reminder(
                        kind=due.kind,
                        loop_id=row["loop_id"],
                        slot_id=row["pk"],
                        recipient_id=row["interviewer_id"],
                        due_at=due.due_at,
                    )
                )
        missing_by_loop[row["loop_id"]].append(row)
    for loop_id, missing_rows in missing_by_loop.items():
        first = missing_rows[0]
        due = digest_due(
            loop_state=first["loop__state"],
            debrief_at=first["loop__debrief_at"],
            missing_count=len(missing_rows),
            offsets=offsets,
            now=now,
        )
        if due and not first[_REMINDED[Kind.MANAGER_DIGEST]]:
            owed.append(
                Reminder(
                    kind=due.kind,
                    loop_id=loop_id,
                    recipient_id=first["loop__role__hiring_manager_id"],
                    due_at=due.due_at,
                )
            )
    return owed


def plan_reminders(now: datetime | None = None) -> int:
    """Make the reminder rows owed at ``now`` and queue their sending; how many were owed.

    Safe to run twice at once: a row's unique key makes the second insert do nothing,
    and both queue the row, whose claim lets one send through.
    """
    now = now or timezone.now()
    org = offsets()
    owed = owed_reminders(due_slots(now, org), org, now)
    if not owed:
        return 0
    keys = {(reminder.slot_id, reminder.loop_id, reminder.kind) for reminder in owed}
    with transaction.atomic():
        Reminder.objects.bulk_create(owed, ignore_conflicts=True, batch_size=1000)
        # ON CONFLICT DO NOTHING returns no ids: read back the pending rows of these keys,
        # whether this call or a concurrent one inserted them.
        candidates = Reminder.objects.filter(status=Status.PENDING, attempts=0).filter(
            Q(slot_id__in={slot for slot, _, _ in keys if slot})
            | Q(slot__isnull=True, loop_id__in={loop for slot, loop, _ in keys if not slot})
        )
        pending = [
            pk
            for pk, slot, loop, kind in candidates.values_list("pk", "slot_id", "loop_id", "kind")
            if (slot, loop, kind) in keys
        ]
        queue_sends(pending)
    return len(owed)


def queue_sends(reminder_ids) -> None:
    """Queue a send for each reminder once the current transaction commits."""
    from loops.tasks import send_reminder_task

    for pk in reminder_ids:
        send_reminder_task.delay_on_commit(pk)


# --- sending ----------------------------------------------------------------------------


def send_reminder(reminder_id: int, now: datetime | None = None) -> bool:
    """Send one reminder, if this caller claims it; True only for the caller that sent it.

    False when another caller holds or finished it, when it is no longer wanted (what it
    asked for was done, or a later reminder took its place: marked skipped), or when it
    failed for good (marked failed). An SMTP or network error that may pass gives the
    claim back and is raised, for the task to retry with backoff.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            claimed = Reminder.objects.filter(pk=reminder_id, status=Status.PENDING).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
            if not claimed:
                return False
            reminder = Reminder.objects.select_related(
                "recipient", "loop__candidate", "loop__role", "slot__note"
            ).get(pk=reminder_id)
            composed = compose(reminder, now)
            if composed is None:
                Reminder.objects.filter(pk=reminder_id).update(status=Status.SKIPPED)
                return False
            message, notice = composed
            # The in-app notice comes with the first claim, not with each retry; made
            # here rather than after sending, so the statement after the SMTP server's
            # answer can be the one that marks the row.
            if reminder.attempts == 1:
                notice.save()
    except Exception as exc:
        _note_failed_claim(reminder_id, exc)
        raise

    mailer = mailers.default
    try:
        try:
            mailer.open()
            mailer.send_messages([message])
        except Exception as exc:
            if _give_back(reminder, now, exc):
                raise
            return False
        # The server has the message: nothing comes between its answer and this mark,
        # not even the goodbye (QUIT) to the server.
        marked = _mark_sent(reminder_id, now)
    finally:
        with suppress(OSError):
            mailer.close()
    if not marked:
        log.warning("Reminder %s was sent after its claim had been swept.", reminder_id)
    return True


def _mark_sent(reminder_id: int, claimed_at: datetime) -> int:
    """Mark a sent reminder sent. The email is out, so the mark must land: a database
    connection lost meanwhile (a restart) is dropped and the mark tried again, for up to
    half the send's time limit. Given up, the sweep would send the reminder twice."""
    deadline = time.monotonic() + settings.REMINDER_SEND_TIME_LIMIT / 2
    delay = 0.2
    while True:
        try:
            return Reminder.objects.filter(
                pk=reminder_id, status=Status.SENDING, claimed_at=claimed_at
            ).update(status=Status.SENT, sent_at=timezone.now())
        except (OperationalError, InterfaceError) as exc:
            if time.monotonic() + delay > deadline:
                log.error("Reminder %s was sent but could not be marked sent: %s", reminder_id, exc)
                raise
            log.warning("Reminder %s sent; marking it again after %s", reminder_id, exc)
            connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def _describe(exc: BaseException) -> str:
    return Truncator(f"{exc.__class__.__name__}: {exc}").chars(300)


def _is_permanent(exc: BaseException) -> bool:
    """Whether the server refused the message itself (5xx), so that retrying cannot help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code >= 500


def _give_back(reminder: Reminder, claimed_at: datetime, exc: BaseException) -> bool:
    """Release a claim whose send failed; whether the reminder will be tried again."""
    failed = _is_permanent(exc) or reminder.attempts >= MAX_ATTEMPTS
    Reminder.objects.filter(pk=reminder.pk, status=Status.SENDING, claimed_at=claimed_at).update(
        status=Status.FAILED if failed else Status.PENDING, last_error=_describe(exc)
    )
    log.warning(
        "Reminder %s, attempt %s, was not sent (%s)%s",
        reminder.pk,
        reminder.attempts,
        _describe(exc),
        ": giving up" if failed else "",
    )
    return not failed


def _note_failed_claim(reminder_id: int, exc: BaseException) -> None:
    """Keep the error of a claim that was rolled back (preparing the email failed).

    The row stays pending with its attempts unchanged (the notice goes with the first
    claim that commits); the sweep tries it again, and fails it once its moment is past
    the horizon.
    """
    log.exception("Reminder %s could not be prepared", reminder_id)
    with suppress(Exception):
        Reminder.objects.filter(pk=reminder_id, status=Status.PENDING).update(
            last_error=_describe(exc)
        )


# --- sweeping ---------------------------------------------------------------------------


def sweep_stuck(now: datetime | None = None, *, stuck_after: timedelta | None = None) -> int:
    """Give back claims whose sender is gone and queue again reminders whose message was
    lost; how many were queued.

    A claim older than ``stuck_after`` (by default ``claim_lifetime()``) goes back to pending,
    or to failed after ``MAX_ATTEMPTS``. Pending rows neither claimed nor created within
    it are queued again: their message died with a worker or a Redis restart. A pending
    row whose moment passed beyond the horizon fails: it would not be sent any more.
    Safe to run twice at once, and beside the senders: a queued row is sent only by
    whoever claims it.
    """
    now = now or timezone.now()
    cutoff = now - (stuck_after if stuck_after is not None else claim_lifetime())
    with transaction.atomic():
        stuck = Reminder.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff)
        gone = "Its sender stopped before it was marked sent."
        stuck.filter(attempts__gte=MAX_ATTEMPTS).update(status=Status.FAILED, last_error=gone)
        released = stuck.update(status=Status.PENDING, last_error=gone)
        if released:
            log.warning("%s reminders were stuck in sending; they go out again.", released)
        expired = Reminder.objects.filter(status=Status.PENDING, due_at__lt=now - HORIZON)
        if failed := expired.update(status=Status.FAILED, last_error="Its moment passed."):
            log.warning("%s reminders could not be sent before their moment passed.", failed)
        lost = list(
            Reminder.objects.filter(status=Status.PENDING)
            .filter(Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True, created_at__lt=cutoff))
            .order_by("due_at")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        queue_sends(lost)
    return len(lost)
