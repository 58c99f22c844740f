from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from loops.access import get_loop_for
from loops.forms import bound
from loops.forms.debrief import AgendaChangeForm, error_messages
from loops.models import Loop
from loops.services import agenda as agenda_rules


def _manager_loop(request, pk) -> Loop:
    """The pre-read is the hiring manager's (and staff's): interviewers never see it."""
    loop = get_loop_for(request.user, pk)
    if not loop.role.can_facilitate(request.user):
        raise PermissionDenied("Only the hiring manager reads the pre-read.")
    return loop


def _render_agenda(request, loop: Loop, refusal: str = ""):
    context = {
        "loop": loop,
        "agenda": agenda_rules.agenda_for(loop),
        "refusal": refusal,
        "form": AgendaChangeForm(auto_id=False),
    }
    template = "loops/preread.html#agenda" if request.htmx else "loops/preread.html"
    return render(request, template, context, status=422 if refusal else 200)


@require_GET
def preread_page(request, pk):
    return _render_agenda(request, _manager_loop(request, pk))


@require_GET
def preread_json(request, pk):
    loop = _manager_loop(request, pk)
    return JsonResponse(agenda_rules.agenda_json(loop, agenda_rules.agenda_for(loop)))


@require_POST
def preread_change(request, pk):
    """Add an item by hand, dismiss or restore one, or move it up or down."""
    loop = _manager_loop(request, pk)
    form = bound(AgendaChangeForm, request)
    try:
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        data = form.cleaned_data
        agenda_rules.change(
            loop,
            data["action"],
            data["key"],
            text=data["text"],
            reason=data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        if request.htmx:
            return _render_agenda(request, loop, refusal=" ".join(error.messages))
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return _render_agenda(request, loop)
    return redirect("loops:preread", loop.pk)
