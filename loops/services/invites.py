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

from loops.models import Cancellation, Loop, Notice, Slot
from loops.rules.kit import signals_for
from loops.services.mail import one_line

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


def _calendar(
    method: str,
    *,
    uid: str,
    sequence: int,
    starts_at,
    ends_at,
    summary: str,
    role,
    interviewer,
    description: str = "",
) -> bytes:
    """One event as an iTIP message (RFC 5546): the hiring manager organises, the
    interviewer attends; a CANCEL carries the UID of the invite it withdraws."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Debrief//Interview invites//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at or starts_at + timedelta(minutes=45))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    manager = role.hiring_manager
    organizer = icalendar.vCalAddress(f"mailto:{manager.email}")
    organizer.params["cn"] = icalendar.vText(manager.name)
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{interviewer.email}")
    attendee.params["cn"] = icalendar.vText(interviewer.name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    else:
        attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
        attendee.params["rsvp"] = icalendar.vText("TRUE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()


def invite_uid(slot_id: int) -> str:
    return f"slot-{slot_id}@debrief"


def _summary(loop: Loop, round_label: str) -> str:
    return f"Interview: {loop.candidate.name} ({round_label}) for {loop.role.title}"


def ics_for(slot: Slot) -> bytes:
    return _calendar(
        "REQUEST",
        uid=invite_uid(slot.pk),
        sequence=slot.invite_sequence,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_summary(slot.loop, slot.get_round_type_display()),
        description=settings.SITE_URL + reverse("loops:slot-kit", args=[slot.pk]),
        role=slot.loop.role,
        interviewer=slot.interviewer,
    )


def cancellation_ics(cancellation: Cancellation) -> bytes:
    return _calendar(
        "CANCEL",
        uid=cancellation.uid,
        sequence=cancellation.sequence,
        starts_at=cancellation.starts_at,
        ends_at=cancellation.ends_at,
        summary=_summary(cancellation.loop, cancellation.get_round_type_display()),
        role=cancellation.loop.role,
        interviewer=cancellation.interviewer,
    )


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
        slot = Slot.objects.select_related(
            "interviewer", "loop__candidate", "loop__role__hiring_manager"
        ).get(pk=slot_id)
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


def send_cancellation(cancellation_id: int) -> bool:
    """Tell an interviewer taken off a slot that it is off their calendar, by email with an
    ICS CANCEL and by a notice; False if already sent."""
    with transaction.atomic():
        claimed = (
            Cancellation.objects.filter(pk=cancellation_id, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
            == 1
        )
        if not claimed:
            return False
        cancellation = Cancellation.objects.select_related(
            "interviewer", "loop__candidate", "loop__role__hiring_manager"
        ).get(pk=cancellation_id)
        loop = cancellation.loop
        when = f"{timezone.localtime(cancellation.starts_at):%a %d %b %H:%M}"
        text = (
            f"You no longer interview {loop.candidate.name} for {loop.role.title} "
            f"({cancellation.get_round_type_display().lower()}), {when}."
        )[:300]
        Notice.objects.get_or_create(recipient=cancellation.interviewer, text=text, url="")
    message = EmailMultiAlternatives(
        subject=one_line(f"Cancelled: interview of {loop.candidate.name} for {loop.role.title}"),
        body=render_to_string(
            "loops/email/cancellation.txt", {"cancellation": cancellation, "loop": loop}
        ),
        to=[cancellation.interviewer.email],
    )
    message.attach("cancel.ics", cancellation_ics(cancellation), "text/calendar; method=CANCEL")
    try:
        message.send()
    except Exception:
        # Give the claim back so the next attempt sends it.
        Cancellation.objects.filter(pk=cancellation_id).update(sent_at=None)
        log.exception("Could not send the cancellation %s", cancellation_id)
        raise
    return True
