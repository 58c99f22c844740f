from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from loops.models import AuditEvent

PAGE_SIZE = 50


@require_GET
def audit_trail(request):
    """The audit trail, for staff: newest first, by kind of event."""
    if not request.user.is_staff:
        raise PermissionDenied("Only staff read the audit trail.")
    action = request.GET.get("action", "")
    events = AuditEvent.objects.for_page()
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    else:
        action = ""
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "action": action,
        "actions": AuditEvent.Action.choices,
        "nav": "audit",
    }
    return render(request, "loops/audit.html", context)
