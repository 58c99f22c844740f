from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from loops import agenda as agenda_rules
from loops.access import get_loop_for
from loops.models import Loop

SCHEMA_VERSION = 1


def _manager_loop(request, pk) -> Loop:
    """The pre-read is the hiring manager's (and staff's): interviewers never see it."""
    loop = get_loop_for(request.user, pk)
    if not (request.user.is_staff or loop.role.hiring_manager_id == request.user.pk):
        raise PermissionDenied("Only the hiring manager reads the pre-read.")
    return loop


def agenda_json(loop: Loop, agenda) -> dict:
    """The pre-read in the documented JSON schema (see the README)."""

    def item(entry):
        return {
            "key": entry.key,
            "kind": entry.kind,
            "message": entry.message,
            "people": list(entry.people),
            "slots": list(entry.slots),
            "subject": entry.subject,
            "added_by_hand": entry.by_hand,
            "dismissed_reason": entry.dismissed_reason or None,
        }

    return {
        "schema": SCHEMA_VERSION,
        "loop": loop.pk,
        "candidate": loop.candidate.name,
        "role": loop.role.title,
        "generated_at": timezone.now().isoformat(),
        "items": [item(entry) for entry in agenda.items],
        "dismissed": [item(entry) for entry in agenda.dismissed],
    }


def _render_agenda(request, loop: Loop):
    context = {"loop": loop, "agenda": agenda_rules.agenda_for(loop)}
    template = "loops/preread.html#agenda" if request.htmx else "loops/preread.html"
    return render(request, template, context)


@require_GET
def preread_page(request, pk):
    return _render_agenda(request, _manager_loop(request, pk))


@require_GET
def preread_json(request, pk):
    loop = _manager_loop(request, pk)
    return JsonResponse(agenda_json(loop, agenda_rules.agenda_for(loop)))


@require_POST
def preread_change(request, pk):
    """Add an item by hand, dismiss or restore one, or move it up or down."""
    loop = _manager_loop(request, pk)
    action, key = request.POST.get("action", ""), request.POST.get("key", "")[:300]
    if action == "add" and request.POST.get("text", "").strip():
        agenda_rules.add_item(loop, request.POST["text"], by=request.user)
    elif action == "dismiss" and key:
        agenda_rules.dismiss_item(loop, key, request.POST.get("reason", ""), by=request.user)
    elif action == "restore" and key:
        agenda_rules.restore_item(loop, key, by=request.user)
    elif action in ("up", "down") and key:
        agenda_rules.move_item(loop, key, -1 if action == "up" else 1, by=request.user)
    else:
        messages.error(request, "Say what to do with the pre-read: write the item, or pick one.")
    if request.htmx:
        return _render_agenda(request, loop)
    return redirect("loops:preread", loop.pk)
