from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from loops.forms import bound
from loops.forms.settings import OrgSettingsForm
from loops.models import OrgSettings
from loops.services.settings import update_settings
from loops.views.common import form_status


@require_http_methods(["GET", "POST"])
def org_settings(request):
    if not request.user.is_staff:
        raise PermissionDenied("Only staff can change the organisation's settings.")
    form = bound(OrgSettingsForm, request, instance=OrgSettings.load())
    if form.is_valid():
        update_settings(form.cleaned_data, by=request.user)
        messages.success(request, "Saved the organisation's settings.")
        return redirect("loops:org-settings")
    return render(request, "loops/org_settings.html", {"form": form}, status=form_status(form))
