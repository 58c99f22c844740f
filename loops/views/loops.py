from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from loops.access import get_loop_for, get_role_for, get_slot_for, require_hiring_team
from loops.forms import bound
from loops.forms.directory import InterviewerSearchForm
from loops.forms.loops import (
    CandidateForm,
    LoopMoveForm,
    SlotForm,
    SlotMoveForm,
    SlotSwapForm,
    SuggestionPickForm,
)
from loops.models import Loop, Person, RoundType
from loops.services import builder, slot_changes
from loops.services.invites import kit_context
from loops.views.common import form_status

LOOP_CHANGED = "loop-changed"
MOVES = LoopMoveForm.MOVES


@require_GET
def loop_list(request):
    loops = Loop.objects.visible_to(request.user).for_list()
    return render(request, "loops/loops.html", {"loops": loops})


@require_http_methods(["GET", "POST"])
def candidate_new(request, pk):
    role = get_role_for(request.user, pk, manage=True)
    form = bound(CandidateForm, request)
    if form.is_valid():
        candidate = form.save(commit=False)
        loop = builder.open_loop(role, candidate, form.stages(), by=request.user)
        messages.success(request, f"Opened a loop for {candidate.name}. Now add its slots.")
        return redirect(loop)
    context = {"form": form, "role": role}
    return render(request, "loops/candidate_form.html", context, status=form_status(form))


def _loop_page(request, loop: Loop, *, partial=None, status=200, **extra):
    slots = list(loop.slots.for_loop_page())
    review = builder.review_loop(loop, slots, viewer=request.user)
    context = {
        "loop": loop,
        "role": loop.role,
        "can_facilitate": loop.role.can_facilitate(request.user),
        "slots": slots,
        "review": review,
        "slot_form": extra.pop("slot_form", None) or SlotForm(loop=loop),
        "stages": loop.candidate.stages.all(),  # queried only where a page shows them
        "moves": [
            (action, label) for action, (state, label) in MOVES.items() if loop.can_move_to(state)
        ],
        "can_schedule": loop.can_move_to(Loop.State.SCHEDULED),
        "notes_submitted": sum(
            1 for slot in slots if getattr(getattr(slot, "note", None), "is_submitted", False)
        ),
        "picks": None,
        "round_labels": dict(RoundType.choices),
        **extra,
    }
    template = f"loops/loop_detail.html#{partial}" if partial else "loops/loop_detail.html"
    return render(request, template, context, status=status)


@require_GET
def loop_detail(request, pk):
    loop = get_loop_for(request.user, pk, manage=True)
    return _loop_page(request, loop)


@require_GET
def loop_coverage(request, pk):
    loop = get_loop_for(request.user, pk, manage=True)
    return _loop_page(request, loop, partial="coverage")


def _changed(request, loop: Loop, note: str):
    """After a change to the slots: the slots region for htmx (and tell the panels), else reload."""
    if not request.htmx:
        messages.success(request, note)
        return redirect(loop)
    response = _loop_page(request, loop, partial="slots", note=note)
    return trigger_client_event(response, LOOP_CHANGED)


def _refused(request, loop: Loop, error: ValidationError):
    if not request.htmx:
        for message in error.messages:
            messages.error(request, message)
        return redirect(loop)
    return _loop_page(request, loop, partial="slots", status=422, error=" ".join(error.messages))


@require_POST
def slot_add(request, pk):
    loop = get_loop_for(request.user, pk, manage=True)
    if not loop.is_editable:
        return _refused(request, loop, ValidationError("This loop's slots can no longer change."))
    form = bound(SlotForm, request, loop=loop)
    if not form.is_valid():
        if not request.htmx:
            return _loop_page(request, loop, status=422, slot_form=form)
        return _loop_page(request, loop, partial="slots", status=422, slot_form=form)
    try:
        slot = slot_changes.add_slot(loop, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, loop, error)
    return _changed(
        request, loop, f"Added {slot.interviewer.name} ({slot.get_round_type_display()})."
    )


@require_http_methods(["GET", "POST"])
def slot_edit(request, pk):
    slot = get_slot_for(request.user, pk, manage=True)
    loop = slot.loop
    form = bound(SlotForm, request, instance=slot, loop=loop)
    if request.method == "POST" and not loop.is_editable:
        messages.error(request, "This loop's slots can no longer change.")
        return redirect(loop)
    if form.is_valid():
        try:
            slot = slot_changes.edit_slot(slot, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Saved {slot.interviewer.name}'s slot.")
        return redirect(loop)
    context = {"form": form, "slot": slot, "loop": loop}
    return render(request, "loops/slot_form.html", context, status=form_status(form))


@require_POST
def slot_delete(request, pk):
    slot = get_slot_for(request.user, pk, manage=True)
    loop = slot.loop
    if not loop.is_editable:
        return _refused(request, loop, ValidationError("This loop's slots can no longer change."))
    try:
        slot_changes.remove_slot(slot, by=request.user)
    except ValidationError as error:
        return _refused(request, loop, error)
    return _changed(request, loop, f"Removed {slot.interviewer.name}'s slot.")


@require_POST
def slot_move(request, pk):
    slot = get_slot_for(request.user, pk, manage=True)
    form = bound(SlotMoveForm, request)
    if not form.is_valid():
        return _refused(request, slot.loop, ValidationError("Move the slot up or down."))
    try:
        slot_changes.move_slot(slot, form.offset, by=request.user)
    except ValidationError as error:
        return _refused(request, slot.loop, error)
    return _changed(request, slot.loop, "Moved the slot.")


@require_POST
def slot_swap(request, pk):
    slot = get_slot_for(request.user, pk, manage=True)
    form = bound(SlotSwapForm, request)
    if not form.is_valid():
        raise Http404("Choose who takes the slot.")
    person = form.cleaned_data["person"]
    try:
        slot_changes.swap_interviewer(slot, person, by=request.user)
    except ValidationError as error:
        return _refused(request, slot.loop, error)
    return _changed(request, slot.loop, f"{person.name} now holds the slot.")


@require_GET
def loop_suggest(request, pk):
    loop = get_loop_for(request.user, pk, manage=True)
    picks = builder.suggestion_for(loop)
    start = builder.next_interview_day(timezone.now())
    partial = "suggestion" if request.htmx else None
    return _loop_page(request, loop, partial=partial, picks=picks, suggest_start=start)


@require_POST
def loop_suggest_apply(request, pk):
    """Take the whole suggestion, or with ``person``, the one pick for that person."""
    loop = get_loop_for(request.user, pk, manage=True)
    form = bound(SuggestionPickForm, request)
    if not form.is_valid():
        return _refused(request, loop, ValidationError("That is not one of the suggestions."))
    picks = builder.suggestion_for(loop)
    if wanted := form.cleaned_data["person"]:
        picks = [pick for pick in picks if pick.person.id == wanted]
    try:
        created = slot_changes.add_picks(
            loop, picks, by=request.user, start=builder.next_interview_day(timezone.now())
        )
    except ValidationError as error:
        return _refused(request, loop, error)
    names = ", ".join(slot.interviewer.name for slot in created) or "nobody new"
    return _changed(request, loop, f"Added {names} from the suggestion.")


@require_POST
def loop_move(request, pk):
    loop = get_loop_for(request.user, pk, manage=True)
    form = bound(LoopMoveForm, request)
    action = form.cleaned_data["action"] if form.is_valid() else ""
    try:
        if action == LoopMoveForm.SCHEDULED:
            builder.schedule_loop(loop, by=request.user)
            note = "Scheduled: each interviewer gets an invite with their interview kit."
        elif action in MOVES:
            builder.move_loop(loop, MOVES[action][0], by=request.user)
            note = f"The loop is now {Loop.State(MOVES[action][0]).label.lower()}."
        else:
            raise ValidationError("Choose what the loop should become.")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, note)
    return redirect(loop)


@require_GET
def slot_kit(request, pk):
    slot = get_slot_for(request.user, pk)
    return render(request, "loops/slot_kit.html", kit_context(slot))


@require_GET
def people_search(request):
    """Directory matches for the interviewer field, as <option>s of a datalist."""
    require_hiring_team(request.user)
    query = InterviewerSearchForm(request.GET).words
    people = Person.objects.for_directory().search(query)[:12] if query.strip() else []
    return render(request, "loops/people_options.html", {"people": people})
