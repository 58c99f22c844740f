import json

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from loops import debriefing, streaming
from loops.access import get_seat_for
from loops.models import Debrief, Loop, SecondVote, Slot, Vote

PAGE = "loops/debrief.html"


def _current_version(debrief_id: int) -> int:
    return Debrief.objects.filter(pk=debrief_id).values_list("version", flat=True).get()


panels = streaming.Panels(debriefing.render_panels, _current_version)


def _debrief_for(request, pk, *, facilitate: bool = False) -> tuple[Loop, Debrief, str]:
    loop, seat = get_seat_for(request.user, pk)
    debrief = Debrief.objects.filter(loop=loop).select_related("loop__role").first()
    if debrief is None:
        # Nothing to change or export yet (an uncaught ValidationError would be a 500).
        raise Http404("The debrief has not started yet.")
    if facilitate and seat != debriefing.FACILITATOR:
        raise PermissionDenied("Only the hiring manager runs the debrief.")
    return loop, debrief, seat


def _vote_context(debrief: Debrief, person) -> dict:
    slot = Slot.objects.filter(loop_id=debrief.loop_id, interviewer=person).first()
    if slot is None:
        return {}
    return {
        "is_voter": True,
        "my_vote": SecondVote.objects.filter(debrief=debrief, voter=person).first(),
        "votes": Vote.choices,
        "ties": SecondVote.Tie.choices,
        "needs": debriefing.role_needs(debrief),
    }


@require_GET
def debrief_page(request, pk):
    """Start the debrief (hiring manager), wait for it, take part in it, or read its record."""
    loop, seat = get_seat_for(request.user, pk)
    debrief = Debrief.objects.filter(loop=loop).select_related("loop__role").first()
    if debrief is None:
        if request.htmx:
            return HttpResponse(status=204)
        return render(
            request,
            "loops/debrief_start.html",
            {
                "loop": loop,
                "is_facilitator": seat == debriefing.FACILITATOR,
                "missing": debriefing.missing_notes(loop),
                "has_recruiters": loop.role.recruiters.exists(),
            },
        )
    if request.htmx and request.GET.get("waiting"):
        return HttpResponseClientRefresh()
    debriefing.join(debrief, request.user)
    debrief.refresh_from_db()
    context = debriefing.panel_context(debrief, seat)
    context.update(_vote_context(debrief, request.user))
    return render(request, PAGE, context)


@require_POST
def debrief_start(request, pk):
    loop, seat = get_seat_for(request.user, pk)
    if seat != debriefing.FACILITATOR:
        raise PermissionDenied("Only the hiring manager starts the debrief.")
    missing = debriefing.missing_notes(loop)
    if missing and not request.POST.get("confirm_missing"):
        messages.error(
            request,
            "Notes are still missing from "
            + ", ".join(missing)
            + ". Tick “Start without them” to start anyway.",
        )
        return redirect("loops:debrief", loop.pk)
    try:
        debriefing.start_debrief(
            loop, by=request.user, recruiter_invited=bool(request.POST.get("invite_recruiter"))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("loops:debrief", loop.pk)


def _facilitator_answer(request, loop: Loop, error: ValidationError | None = None):
    """After a change: nothing to swap (htmx), since the facilitator's screen follows its
    stream like every other screen; the panel with the reason when the change was
    refused; without htmx, back to the page."""
    if not request.htmx:
        if error is not None:
            messages.error(request, " ".join(error.messages))
        return redirect("loops:debrief", loop.pk)
    if error is None:
        return HttpResponse(status=204)
    debrief = Debrief.objects.select_related("loop__role", "loop__candidate").get(loop=loop)
    context = debriefing.panel_context(debrief, debriefing.FACILITATOR)
    context["errors"] = error.messages
    return render(request, f"{PAGE}#panel", context, status=422)


def _facilitate(request, pk, change):
    """Run one facilitator change and answer (see ``_facilitator_answer``)."""
    loop, debrief, _ = _debrief_for(request, pk, facilitate=True)
    try:
        change(debrief)
    except ValidationError as error:
        return _facilitator_answer(request, loop, error)
    return _facilitator_answer(request, loop)


@require_POST
def debrief_step(request, pk):
    step = request.POST.get("step", "")
    return _facilitate(
        request, pk, lambda debrief: debriefing.move_step(debrief, step, by=request.user)
    )


@require_POST
def debrief_resolve(request, pk):
    post = request.POST
    return _facilitate(
        request,
        pk,
        lambda debrief: debriefing.resolve_item(
            debrief,
            post.get("key", "")[:300],
            note=post.get("note", ""),
            take=post.get("take", ""),
            by=request.user,
        ),
    )


@require_POST
def debrief_role(request, pk):
    post = request.POST
    rows = [
        (post.get(f"need-{index}", ""), post.get(f"because-{index}", "")) for index in range(12)
    ]
    needs = debriefing.clean_needs(rows)
    return _facilitate(
        request,
        pk,
        lambda debrief: debriefing.state_role(
            debrief, needs, post.get("statement", ""), by=request.user
        ),
    )


@require_POST
def debrief_role_apply(request, pk):
    def apply(debrief):
        changes = debriefing.update_role_from_statement(debrief, by=request.user)
        if not request.htmx:
            messages.success(request, "; ".join(changes) or "The role already says this.")

    return _facilitate(request, pk, apply)


@require_POST
def debrief_reveal(request, pk):
    return _facilitate(
        request, pk, lambda debrief: debriefing.reveal_votes(debrief, by=request.user)
    )


@require_POST
def debrief_decide(request, pk):
    post = request.POST

    def decide(debrief):
        if not post.get("confirm"):
            raise ValidationError("Tick the confirmation: the decision is final.")
        debriefing.decide(
            debrief,
            post.get("decision", ""),
            rationale=post.get("rationale", ""),
            against_guidance_reason=post.get("against_guidance_reason", ""),
            by=request.user,
        )

    return _facilitate(request, pk, decide)


@require_POST
def debrief_vote(request, pk):
    """Cast or change one's second vote; the answer shows it to the voter alone."""
    loop, debrief, _ = _debrief_for(request, pk)
    post = request.POST
    errors = []
    # One group of choices on the form: a need by name, "something else" or "nothing".
    choice, tie, tied_to = post.get("tie_choice", ""), "", ""
    if choice == "__other":
        tie, tied_to = SecondVote.Tie.OTHER, post.get("tied_to_other", "")
    elif choice == "__none":
        tie = SecondVote.Tie.NONE
    elif choice:
        tie, tied_to = SecondVote.Tie.NEED, choice
    try:
        debriefing.cast_vote(
            debrief,
            request.user,
            post.get("vote", ""),
            why_moved=post.get("why_moved", ""),
            tie=tie,
            tied_to=tied_to,
        )
    except ValidationError as error:
        errors = error.messages
    if not request.htmx:
        for message in errors:
            messages.error(request, message)
        return redirect("loops:debrief", loop.pk)
    debrief.refresh_from_db()
    context = {"debrief": debrief, "loop": loop, "vote_errors": errors, "posted": post}
    context.update(_vote_context(debrief, request.user))
    return render(request, f"{PAGE}#my-vote", context, status=422 if errors else 200)


@require_GET
def debrief_record(request, pk, fmt):
    """The decided debrief's record, as Markdown or JSON."""
    if fmt not in ("md", "json"):
        raise Http404("The record exports as .md or .json.")
    loop, debrief, seat = _debrief_for(request, pk)
    if not debrief.is_decided:
        raise PermissionDenied("The record exists once the debrief is decided.")
    data = debriefing.record(debrief, can_read_notes=seat != debriefing.RESTRICTED)
    name = f"debrief-{loop.pk}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
    else:
        text = render_to_string("loops/debrief_record.md", {"record": data})
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_not_required
async def debrief_stream(request, pk):
    """The live panel as Server-Sent Events (see ``loops.streaming``)."""
    user = await request.auser()
    # auser() read the person on this request's own thread; give that connection back
    # to the pool now, or each open stream would hold one until it ends.
    await sync_to_async(connections.close_all)()
    if not user.is_authenticated:
        return HttpResponse(status=401)
    status, debrief_id, seat = await streaming.pooled(_stream_seat)(user, pk)
    if status != 200:
        return HttpResponse(status=status)
    response = StreamingHttpResponse(
        streaming.events(panels, debrief_id, seat, streaming.last_event_id(request)),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"
    return response


def _stream_seat(user, pk) -> tuple[int, int | None, str]:
    """(status, debrief id, seat) for a stream: 404 and 403 as for the page, 204 (nothing
    to stream) before the debrief starts."""
    try:
        loop, seat = get_seat_for(user, pk)
    except Http404:
        return 404, None, ""
    except PermissionDenied:
        return 403, None, ""
    debrief_id = Debrief.objects.filter(loop=loop).values_list("pk", flat=True).first()
    return (200, debrief_id, seat) if debrief_id else (204, None, "")
