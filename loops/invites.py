"""Telling interviewers about their slot: an email with an ICS invite and the interview kit,
and the same news as an in-app notice. Each invite goes out once per slot time."""

import logging
from datetime import timedelta

import icalendar
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from loops.kit import signals_for
from loops.models import Loop, Notice, Slot
from loops.reminding import one_line

log = logging.getLogger(__name__)


def kit_context(slot: Slot) -> dict:
    role = slot.loop.role
    return {
        "slot": slot,
        "loop": slot.loop,
        "role": role,
        "focus": list(role.focus_competencies.all()),
        "probed_focus": set(slot.focus.values_list("pk", flat=True)),
        "weak_spots": list(slot.weak_spots.all()),
        "signals": signals_for(slot.round_type),
        "kit_url": settings.SITE_URL + reverse("loops:slot-kit", args=[slot.pk]),
    }


def ics_for(slot: Slot) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Debrief//Interview invites//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"slot-{slot.pk}@debrief")
    event.add("sequence", slot.invite_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at or slot.starts_at + timedelta(minutes=45))
    event.add(
        "summary",
        f"Interview: {slot.loop.candidate.name} ({slot.get_round_type_display()}) "
        f"for {slot.loop.role.title}",
    )
    event.add("description", settings.SITE_URL + reverse("loops:slot-kit", args=[slot.pk]))
    calendar.add_component(event)
    return calendar.to_ical()


def claim_invite(slot_id: int) -> bool:
    """Claim the right to send one slot's invite: true for exactly one caller per slot time."""
    return (
        Slot.objects.filter(pk=slot_id, invited_at__isnull=True, starts_at__isnull=False)
        .exclude(loop__state=Loop.State.CANCELLED)
        .update(invited_at=timezone.now())
        == 1
    )


def send_invite(slot_id: int) -> bool:
    """Email one interviewer their invite and kit, and leave a notice; False if already sent."""
    with transaction.atomic():
        if not claim_invite(slot_id):
            return False
        slot = Slot.objects.select_related("interviewer", "loop__candidate", "loop__role").get(
            pk=slot_id
        )
        context = kit_context(slot)
        # A send that fails gives the claim back and is retried: one notice all the same.
        Notice.objects.get_or_create(
            recipient=slot.interviewer,
            text=(
                f"You are interviewing {slot.loop.candidate.name} for {slot.loop.role.title} "
                f"({slot.get_round_type_display().lower()}), "
                f"{timezone.localtime(slot.starts_at):%a %d %b %H:%M}."
            )[:300],
            url=reverse("loops:slot-kit", args=[slot.pk]),
        )
    subject = one_line(f"Interview: {slot.loop.candidate.name} for {slot.loop.role.title}")
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("loops/email/invite.txt", context),
        to=[slot.interviewer.email],
    )
    message.attach_alternative(render_to_string("loops/email/invite.html", context), "text/html")
    message.attach("invite.ics", ics_for(slot), "text/calendar; method=REQUEST")
    try:
        message.send()
    except Exception:
        # Give the claim back so the next attempt sends it.
        Slot.objects.filter(pk=slot_id).update(invited_at=None)
        log.exception("Could not send the invite for slot %s", slot_id)
        raise
    return True
