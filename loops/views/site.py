from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    """Where each person's work is: the hiring team's loops, an interviewer's interviews."""
    if request.user.can_manage_hiring:
        return redirect("loops:loop-list")
    return redirect("loops:my-interviews")


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages (like the admin's) that name no icon."""
    return redirect(static("favicon.svg"), permanent=True)
