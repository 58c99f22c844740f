import json

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from loops.access import get_seat_for
from loops.debrief import actions, panels, record, seats
from loops.forms import bound
from loops.forms.debrief import (
    NEEDS_PREFIX,
    DecideForm,
    NeedFormSet,
    ResolveForm,
    RoleStatementForm,
    SecondVoteForm,
    StartForm,
    StepForm,
    error_messages,
)
from loops.live import stream
from loops.models import Debrief, Loop, SecondVote, Slot

PAGE = "loops/debrief.html"


def _current_version(debrief_id: int) -> int:
    return Debrief.objects.filter(pk=debrief_id).values_list("version", flat=True).get()


# Each process renders a version once per audience and shares it among its streams.
rendered_panels = stream.Panels(panels.render_panels, _current_version)


def _debrief_for(request, pk, *, facilitate: bool = False) -> tuple[Loop, Debrief, str]:
    loop, seat = get_seat_for(request.user, pk)
    debrief = Debrief.objects.filter(loop=loop).select_related("loop__role").first()
    if debrief is None:
        # Nothing to change or export yet (an uncaught ValidationError would be a 500).
        raise Http404("The debrief has not started yet.")
    if facilitate and seat != seats.FACILITATOR:
        raise PermissionDenied("Only the hiring manager runs the debrief.")
    return loop, debrief, seat


def _vote_context(debrief: Debrief, person, form: SecondVoteForm | None = None) -> dict:
    """The voter's own second vote and its form (``form``, when refused, keeps what they
    chose)."""
    slot = Slot.objects.filter(loop_id=debrief.loop_id, interviewer=person).first()
    if slot is None:
        return {}
    my_vote = SecondVote.objects.visible_to(person).filter(debrief=debrief, voter=person).first()
    if form is None:
        form = SecondVoteForm(needs=panels.role_needs(debrief), my_vote=my_vote)
    return {"is_voter": True, "my_vote": my_vote, "vote_form": form}


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
                "is_facilitator": seat == seats.FACILITATOR,
                "missing": seats.missing_notes(loop),
                "has_recruiters": loop.role.recruiters.exists(),
            },
        )
    if request.htmx and request.GET.get("waiting"):
        return HttpResponseClientRefresh()
    context = panels.panel_context(debrief, seat)
    context.update(_vote_context(debrief, request.user))
    return render(request, PAGE, context)


@require_POST
def debrief_join(request, pk):
    """Say one is in the room: the page posts it once it has opened (a GET writes nothing),
    and every screen's list of who is present follows."""
    loop, _ = get_seat_for(request.user, pk)
    debrief = get_object_or_404(Debrief, loop=loop)
    actions.join(debrief, request.user)
    return HttpResponse(status=204)


@require_POST
def debrief_start(request, pk):
    loop, seat = get_seat_for(request.user, pk)
    if seat != seats.FACILITATOR:
        raise PermissionDenied("Only the hiring manager starts the debrief.")
    form = bound(StartForm, request, missing=seats.missing_notes(loop))
    if not form.is_valid():
        for message in error_messages(form):
            messages.error(request, message)
        return redirect("loops:debrief", loop.pk)
    try:
        actions.start_debrief(
            loop, by=request.user, recruiter_invited=form.cleaned_data["invite_recruiter"]
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
    context = panels.panel_context(debrief, seats.FACILITATOR)
    context["errors"] = error.messages
    return render(request, f"{PAGE}#panel", context, status=422)


def _facilitate(request, pk, change, *forms):
    """Check the facilitator's ``forms`` (bound to the post), run one change with them
    and answer (see ``_facilitator_answer``); a form's errors answer like a refusal."""
    loop, debrief, _ = _debrief_for(request, pk, facilitate=True)
    refused = [message for form in forms if not form.is_valid() for message in error_messages(form)]
    if refused:
        return _facilitator_answer(request, loop, ValidationError(refused))
    try:
        change(debrief)
    except ValidationError as error:
        return _facilitator_answer(request, loop, error)
    return _facilitator_answer(request, loop)


@require_POST
def debrief_step(request, pk):
    form = bound(StepForm, request)
    return _facilitate(
        request,
        pk,
        lambda debrief: actions.move_step(debrief, form.cleaned_data["step"], by=request.user),
        form,
    )


@require_POST
def debrief_resolve(request, pk):
    form = bound(ResolveForm, request)

    def resolve(debrief):
        data = form.cleaned_data
        actions.resolve_item(
            debrief, data["key"], note=data["note"], take=data["take"], by=request.user
        )

    return _facilitate(request, pk, resolve, form)


@require_POST
def debrief_role(request, pk):
    needs = bound(NeedFormSet, request, prefix=NEEDS_PREFIX)
    form = bound(RoleStatementForm, request)

    def state(debrief):
        actions.state_role(
            debrief,
            actions.clean_needs(needs.rows()),
            form.cleaned_data["statement"],
            by=request.user,
        )

    return _facilitate(request, pk, state, needs, form)


@require_POST
def debrief_role_apply(request, pk):
    def apply(debrief):
        changes = actions.update_role_from_statement(debrief, by=request.user)
        if not request.htmx:
            messages.success(request, "; ".join(changes) or "The role already says this.")

    return _facilitate(request, pk, apply)


@require_POST
def debrief_reveal(request, pk):
    return _facilitate(request, pk, lambda debrief: actions.reveal_votes(debrief, by=request.user))


@require_POST
def debrief_decide(request, pk):
    form = bound(DecideForm, request)

    def decide(debrief):
        data = form.cleaned_data
        actions.decide(
            debrief,
            data["decision"],
            rationale=data["rationale"],
            against_guidance_reason=data["against_guidance_reason"],
            by=request.user,
        )

    return _facilitate(request, pk, decide, form)


@require_POST
def debrief_vote(request, pk):
    """Cast or change one's second vote; the answer shows it to the voter alone."""
    loop, debrief, _ = _debrief_for(request, pk)
    form = bound(SecondVoteForm, request, needs=panels.role_needs(debrief))
    errors = [] if form.is_valid() else error_messages(form)
    if not errors:
        data = form.cleaned_data
        try:
            actions.cast_vote(
                debrief,
                request.user,
                data["vote"],
                why_moved=data["why_moved"],
                tie=data["tie"],
                tied_to=data["tied_to"],
            )
        except ValidationError as error:
            errors = error.messages
    if not request.htmx:
        for message in errors:
            messages.error(request, message)
        return redirect("loops:debrief", loop.pk)
    debrief.refresh_from_db()
    context = {"debrief": debrief, "loop": loop, "vote_errors": errors}
    context.update(_vote_context(debrief, request.user, form if errors else None))
    return render(request, f"{PAGE}#my-vote", context, status=422 if errors else 200)


@require_GET
def debrief_record(request, pk, fmt):
    """The decided debrief's record, as Markdown or JSON."""
    if fmt not in ("md", "json"):
        raise Http404("The record exports as .md or .json.")
    loop, debrief, seat = _debrief_for(request, pk)
    if not debrief.is_decided:
        raise PermissionDenied("The record exists once the debrief is decided.")
    data = record.record(debrief, can_read_notes=seat != seats.RESTRICTED)
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
    """The live panel as Server-Sent Events (see ``loops.live.stream``)."""
    user = await request.auser()
    # auser() read the person on this request's own thread; give that connection back
    # to the pool now, or each open stream would hold one until it ends.
    await sync_to_async(connections.close_all)()
    if not user.is_authenticated:
        return HttpResponse(status=401)
    status, debrief_id, seat = await stream.pooled(_stream_seat)(user, pk)
    if status != 200:
        return HttpResponse(status=status)
    response = StreamingHttpResponse(
        stream.events(rendered_panels, debrief_id, seat, stream.last_event_id(request)),
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
