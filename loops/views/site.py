from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages (like the admin's) that name no icon."""
    return redirect(static("favicon.svg"), permanent=True)
