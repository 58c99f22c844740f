from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    ValidationError,
)
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from loops.access import get_loop_for, get_slot_for
from loops.forms import bound
from loops.forms.debrief import error_messages
from loops.forms.notes import AmendmentForm, DraftForm, InitialVoteForm
from loops.models import DIMENSIONS, Loop, Note, OrgSettings, Slot, Vote
from loops.models.notes import FlagColour, FlagIntent
from loops.rules.kit import signals_for
from loops.services import notes as note_rules
from loops.vocabulary import STORY_PARTS


def _my_slot(request, pk) -> Slot:
    slot = get_slot_for(request.user, pk)
    if slot.interviewer_id != request.user.pk:
        raise PermissionDenied("Only the interviewer writes this note.")
    return slot


@require_GET
def my_interviews(request):
    now = timezone.now()
    full_note_due = timedelta(hours=OrgSettings.load().full_note_due_hours)
    slots = (
        Slot.objects.filter(interviewer=request.user)
        .exclude(loop__state=Loop.State.CANCELLED)
        .select_related("loop__candidate", "loop__role", "note")
        .order_by("starts_at", "id")
    )
    rows = []
    for slot in slots:
        note = getattr(slot, "note", None)
        rows.append((slot, note_rules.note_status(note, slot, now, full_note_due)))
    upcoming = [row for row in rows if not row[0].ends_at or row[0].ends_at > now]
    past = [row for row in rows if row not in upcoming][::-1]
    return render(request, "loops/my_interviews.html", {"upcoming": upcoming, "past": past})


def _note_context(slot: Slot, note: Note) -> dict:
    return {
        "slot": slot,
        "loop": slot.loop,
        "note": note,
        "votes": Vote.choices,
        "rating_rows": note_rules.rating_rows(slot),
        "dimensions": DIMENSIONS,
        "signals": signals_for(slot.round_type),
        "flag_colours": FlagColour.choices,
        "flag_intents": FlagIntent.choices,
        "story_fields": STORY_PARTS,
        "problems": note_rules.submission_problems(note) if not note.is_submitted else [],
        "amendments": note.amendments.select_related("author") if note.is_submitted else [],
        "vote_form": InitialVoteForm(),
        "amendment_form": AmendmentForm(auto_id="amendment-%s"),
    }


@require_GET
def note_page(request, pk):
    slot = get_slot_for(request.user, pk)
    if slot.interviewer_id != request.user.pk:
        return redirect(f"{slot.loop.get_absolute_url()}notes/#slot-{slot.pk}")
    note = note_rules.note_for(slot)
    return render(request, "loops/note.html", _note_context(slot, note))


def _answer(request, slot, *, status=200, error="", **data):
    """JSON for the autosaving script; a message and the note page for a plain form post."""
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": error, **data} if error else data, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Draft saved.")
    return redirect("loops:note", slot.pk)


@require_POST
def note_autosave(request, pk):
    slot = _my_slot(request, pk)
    try:
        form = bound(DraftForm, request, slot=slot)
    except RequestDataTooBig:
        return _answer(
            request,
            slot,
            status=413,
            error="This is too much to save at once (over 2.5 MB): shorten the note. "
            "Your text is kept in this browser until it saves.",
        )
    note = note_rules.note_for(slot)
    if note.is_submitted:
        return _answer(request, slot, status=409, error="This note is submitted: add an amendment.")
    if not form.is_valid():
        if form.version_is_missing:
            return _answer(
                request, slot, status=400, error="Reload the page: the draft's version is missing."
            )
        return _answer(request, slot, status=422, error=" ".join(_draft_errors(form)))
    try:
        version = note_rules.save_draft(
            note, form.draft(), version=form.cleaned_data["version"], by=request.user
        )
    except note_rules.Conflict:
        note.refresh_from_db()
        return _answer(
            request,
            slot,
            status=409,
            error="This note was saved from another tab or window. Reload to see that version; "
            "what you typed here is kept in this browser.",
            version=note.version,
        )
    saved = timezone.localtime().strftime("%H:%M")
    return _answer(request, slot, version=version, saved_at=saved)


def _draft_errors(form: DraftForm) -> list[str]:
    """A draft's errors in words; the note's own text and rows say theirs unlabelled, as
    each message names what it is about."""
    messages = []
    for name, errors in form.errors.items():
        label = "" if name in (NON_FIELD_ERRORS, "text") else f"{form.fields[name].label}: "
        messages += [label + error for error in errors]
    return list(dict.fromkeys(messages))


@require_POST
def note_vote(request, pk):
    slot = _my_slot(request, pk)
    note = note_rules.note_for(slot)
    form = bound(InitialVoteForm, request)
    try:
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        note_rules.record_initial_vote(note, form.cleaned_data["vote"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Initial vote recorded: {note.get_initial_vote_display()}.")
    return redirect("loops:note", slot.pk)


@require_POST
def note_submit(request, pk):
    slot = _my_slot(request, pk)
    note = note_rules.note_for(slot)
    try:
        note_rules.submit_note(note, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("loops:note", slot.pk)
    messages.success(request, "Note submitted. You can now read the others' notes.")
    return redirect("loops:loop-notes", slot.loop_id)


@require_POST
def note_amend(request, pk):
    slot = _my_slot(request, pk)
    note = note_rules.note_for(slot)
    form = bound(AmendmentForm, request)
    try:
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        note_rules.amend_note(note, form.cleaned_data["text"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Amendment added.")
    return redirect("loops:note", slot.pk)


@require_GET
def loop_notes(request, pk):
    """Who has submitted, and the notes this person may read (no anchoring)."""
    loop = get_loop_for(request.user, pk)
    slots = list(loop.slots.select_related("interviewer", "note").order_by("order", "starts_at"))
    readable = {
        note.slot_id: note
        for note in Note.objects.visible_to(request.user)
        .filter(slot__loop=loop)
        .prefetch_related("amendments")
    }
    mine = next((slot for slot in slots if slot.interviewer_id == request.user.pk), None)
    waiting_on_mine = (
        mine is not None
        and not loop.can_be_managed_by(request.user)
        and not getattr(getattr(mine, "note", None), "is_submitted", False)
    )
    context = {
        "loop": loop,
        "can_facilitate": loop.role.can_facilitate(request.user),
        "slots": slots,
        "readable": readable,
        "mine": mine,
        "waiting_on_mine": waiting_on_mine,
        "rating_labels": dict(Vote.choices) | {"no_signal": "No signal"},
        "intent_labels": dict(FlagIntent.choices),
        "rating_names": {f"focus:{f.pk}": f.name for f in loop.role.focus_competencies.all()}
        | {f"dimension:{key}": label for key, label in DIMENSIONS},
    }
    return render(request, "loops/loop_notes.html", context)
