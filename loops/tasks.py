from celery import shared_task

from loops.invites import send_invite
from loops.models import Slot


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invite_task(slot_id: int) -> bool:
    return send_invite(slot_id)


@shared_task
def send_loop_invites_task(loop_id: int) -> int:
    """Queue an invite for every slot of the loop not yet invited at its current time."""
    slot_ids = Slot.objects.filter(
        loop_id=loop_id, invited_at__isnull=True, starts_at__isnull=False
    ).values_list("pk", flat=True)
    for slot_id in slot_ids:
        send_invite_task.delay(slot_id)
    return len(slot_ids)
