"""Changes to a person's directory entry and account: one transaction each, written to
the audit trail, and the old address told when an email changes.

An email is where a password reset goes, so changing it is changing who can take the
account: the rules for who may (``Person.fields_editable_by``, ``EmailChangeForm``) sit
with the person, and every change ends the person's sessions (the session hash covers
the email) and mails the old address, so a takeover cannot go unnoticed.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from loops.models import AuditEvent, Person, ResetRequest, audit

# How long reset requests are kept: well past the limits' window.
RESET_ROWS_KEPT = timedelta(days=1)


@transaction.atomic
def add_person(fields: dict, *, by: Person) -> Person:
    """A new directory entry. Nobody can sign in with it until they set a password (a
    reset link, or staff), so the hiring team may still correct its email."""
    person = Person.objects.create_user(fields.pop("email"), password=None, **fields)
    audit(
        AuditEvent.Action.PERSON_CHANGED,
        by=by,
        summary=f"{by} added {person} to the directory",
        person=person.pk,
        fields=["added"],
    )
    return person


@transaction.atomic
def update_person(person: Person, changes: dict, *, by: Person) -> Person:
    """Apply ``changes`` (field → value, already checked by the form) to ``person``."""
    # As stored, not as the instance says: a bound ModelForm has already set its fields.
    before = Person.objects.select_for_update().values(*changes).get(pk=person.pk)
    for field, value in changes.items():
        setattr(person, field, value)
    person.save()
    changed = sorted(field for field in changes if before[field] != getattr(person, field))
    if changed:
        audit(
            AuditEvent.Action.PERSON_CHANGED,
            by=by,
            summary=f"{by} changed {', '.join(changed)} of {person}",
            person=person.pk,
            fields=changed,
        )
    if "email" in changed:
        _tell_old_address(person, before["email"], by=by)
    return person


def _tell_old_address(person: Person, old_email: str, *, by: Person) -> None:
    from loops.tasks import send_email_changed_task

    send_email_changed_task.delay_on_commit(person.pk, old_email, by.pk)


def send_email_changed(person_id: int, old_email: str, by_id: int) -> None:
    """Mail the old address that the account's email changed, and who changed it."""
    person = Person.objects.get(pk=person_id)
    by = Person.objects.get(pk=by_id)
    context = {
        "person": person,
        "old_email": old_email,
        "by": by,
        "by_self": by.pk == person.pk,
        "at": timezone.localtime(),
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject="Your Debrief email was changed",
        body=render_to_string("loops/email/email_changed.txt", context),
        to=[old_email],
    )
    message.attach_alternative(
        render_to_string("loops/email/email_changed.html", context), "text/html"
    )
    message.send()


class TooManyResets(Exception):
    """Refused: too many links were asked for, for this email or from this address."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def request_password_reset(email: str, *, address: str | None, base_url: str) -> None:
    """Queue a reset link for ``email``, within the limits; raise TooManyResets beyond them.

    The same work whether or not the email is anyone's (a row, a queued task): the lookup
    and the sending happen in the worker, so the answer's time tells nothing either.
    """
    now = timezone.now()
    window = now - settings.PASSWORD_RESET_WINDOW
    recent = ResetRequest.objects.since(window)
    if recent.filter(email=email).count() >= settings.PASSWORD_RESET_LIMIT_PER_EMAIL:
        raise TooManyResets(
            "Several links were sent to this email in the last hour. Use the newest one, "
            "or wait an hour before asking again."
        )
    if address and recent.filter(address=address).count() >= (
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    ):
        raise TooManyResets(
            "Too many reset links were asked for from your network in the last hour. "
            "Wait an hour, or ask a member of staff."
        )
    from loops.tasks import send_password_reset_task

    with transaction.atomic():
        ResetRequest.objects.filter(at__lt=now - RESET_ROWS_KEPT).delete()
        ResetRequest.objects.create(email=email, address=address or None)
        send_password_reset_task.delay_on_commit(email, base_url)


def send_password_reset(email: str, base_url: str) -> None:
    """Send the reset link to each active account with this email (none if unknown)."""
    protocol, _, domain = base_url.partition("://")
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=protocol == "https",
            email_template_name="registration/password_reset_email.html",
            extra_email_context={"site_name": "Debrief"},
        )
