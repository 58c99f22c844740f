"""Your own account, and asking for a password-reset link."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from loops.forms import bound
from loops.forms.directory import EmailChangeForm
from loops.models.people import normalise_email
from loops.services import accounts
from loops.views.common import form_status


@require_http_methods(["GET", "POST"])
def account(request):
    """Your own account: your email (your password proves it is you) and your password."""
    person = request.user
    form = bound(EmailChangeForm, request, person=person)
    if form.is_valid():
        accounts.update_person(person, {"email": form.cleaned_data["email"]}, by=person)
        # Every other session ends with the change; this one goes on.
        update_session_auth_hash(request, person)
        messages.success(
            request, f"Your email is now {person.email}. We told your old address of the change."
        )
        return redirect("loops:account")
    return render(request, "loops/account.html", {"form": form}, status=form_status(form))


@login_not_required
@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Ask for a reset link. Known and unknown emails get the same answer in the same time;
    too many asks for one email, or from one address, are refused with the reason."""
    form = bound(PasswordResetForm, request)
    status = form_status(form)
    if form.is_valid():
        try:
            accounts.request_password_reset(
                normalise_email(form.cleaned_data["email"]),
                address=request.META.get("REMOTE_ADDR"),
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except accounts.TooManyResets as refusal:
            form.add_error(None, refusal.why)
            status = 429
        else:
            return redirect("password_reset_done")
    return render(request, "registration/password_reset_form.html", {"form": form}, status=status)
