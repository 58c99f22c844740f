from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from loops.models import Slot
from loops.services.accounts import send_email_changed, send_password_reset
from loops.services.invites import send_cancellation, send_invite
from loops.services.reminding import plan_reminders, send_reminder, sweep_stuck


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invite_task(slot_id: int) -> bool:
    return send_invite(slot_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_cancellation_task(cancellation_id: int) -> bool:
    return send_cancellation(cancellation_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email_changed_task(person_id: int, old_email: str, by_id: int) -> None:
    send_email_changed(person_id, old_email, by_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset_task(email: str, base_url: str) -> None:
    send_password_reset(email, base_url)


@shared_task
def send_loop_invites_task(loop_id: int) -> int:
    """Queue an invite for every slot of the loop not yet invited at its current time."""
    slot_ids = Slot.objects.filter(
        loop_id=loop_id, invited_at__isnull=True, starts_at__isnull=False
    ).values_list("pk", flat=True)
    for slot_id in slot_ids:
        send_invite_task.delay(slot_id)
    return len(slot_ids)


@shared_task
def plan_reminders_task() -> int:
    """Every minute (beat): make the reminders that fell due and queue their sending."""
    return plan_reminders()


# Acknowledged only once it ran, and given back to the queue if its worker dies, so a
# lost worker loses no reminder; the claim in send_reminder makes the redelivery harmless.
# SMTP errors are OSErrors: retried with backoff, a bounded number of times.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.REMINDER_SEND_TIME_LIMIT,
    soft_time_limit=settings.REMINDER_SEND_TIME_LIMIT * 3 / 4,
    # A lost database (a restart) is worth retrying too: the claim makes a retry harmless.
    autoretry_for=(OSError, OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def send_reminder_task(reminder_id: int) -> bool:
    return send_reminder(reminder_id)


@shared_task
def sweep_reminders_task() -> int:
    """Every few minutes (beat): send again what a dead worker or a lost message left."""
    return sweep_stuck()
