from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from loops.access import get_role_for, require_hiring_team
from loops.forms import bound
from loops.forms.directory import SearchForm
from loops.forms.roles import (
    ClosenessForm,
    FocusCompetencyForm,
    RoleForm,
    SuggestedFocusForm,
    WeakSpotForm,
)
from loops.models import FocusCompetency, Role, WeakSpot
from loops.rules.focus import role_findings, suggest_focus
from loops.services import closeness as closeness_rules
from loops.services import roles as role_writes
from loops.views.common import form_status

ROLE_CHANGED = "role-changed"


@require_GET
def role_list(request):
    roles = Role.objects.visible_to(request.user).for_list()
    return render(
        request,
        "loops/roles.html",
        {"roles": roles, "can_create": request.user.can_manage_hiring},
    )


@require_http_methods(["GET", "POST"])
def role_new(request):
    require_hiring_team(request.user)
    form = bound(RoleForm, request, initial={"hiring_manager": request.user})
    if form.is_valid():
        role = role_writes.create_role(form.cleaned_data, by=request.user)
        messages.success(request, f"Created {role.title}. Now say what it needs.")
        return redirect(role)
    return render(request, "loops/role_form.html", {"form": form}, status=form_status(form))


@require_http_methods(["GET", "POST"])
def role_edit(request, pk):
    role = get_role_for(request.user, pk, manage=True)
    form = bound(RoleForm, request, instance=role)
    if form.is_valid():
        role_writes.update_role(role, form.cleaned_data, by=request.user)
        messages.success(request, f"Saved {role.title}.")
        return redirect(role)
    context = {"form": form, "role": role}
    return render(request, "loops/role_form.html", context, status=form_status(form))


def _role_page(request, role: Role, *, partial: str | None = None, status: int = 200, **extra):
    focus = list(role.focus_competencies.all())
    weak_spots = list(role.weak_spots.all())
    context = {
        "role": role,
        "can_manage": role.can_be_managed_by(request.user),
        "focus_competencies": focus,
        "weak_spots": weak_spots,
        "findings": role_findings(len(focus), len(weak_spots)),
        "suggestions": suggest_focus(role.job_family, role.archetype, [f.name for f in focus]),
        "loops": list(role.loops.for_list()),
        "focus_form": FocusCompetencyForm(),
        "weak_spot_form": WeakSpotForm(),
        **extra,
    }
    template = f"loops/role_detail.html#{partial}" if partial else "loops/role_detail.html"
    return render(request, template, context, status=status)


@require_GET
def role_detail(request, pk):
    role = get_role_for(request.user, pk)
    return _role_page(request, role, partial="findings" if request.htmx else None)


@require_GET
def focus_form(request, pk):
    """The add-a-focus-competency form, prefilled from a suggestion."""
    role = get_role_for(request.user, pk, manage=True)
    form = FocusCompetencyForm(initial={"name": SuggestedFocusForm(request.GET).suggestion})
    if not request.htmx:
        return _role_page(request, role, focus_form=form)
    return render(request, "loops/role_detail.html#focus-form", {"role": role, "focus_form": form})


def _add_child(request, role: Role, form_class, partial: str, form_key: str, noun: str):
    form = bound(form_class, request, instance=form_class._meta.model(role=role))
    if form.is_valid():
        item = role_writes.add_to_role(form.save(commit=False), by=request.user)
        if not request.htmx:
            messages.success(request, f"Added the {noun} “{item.name}”.")
            return redirect(role)
        response = _role_page(request, role, partial=partial)
        return trigger_client_event(response, ROLE_CHANGED)
    if not request.htmx:
        return _role_page(request, role, status=422, **{form_key: form})
    return _role_page(request, role, partial=partial, status=422, **{form_key: form})


@require_POST
def focus_add(request, pk):
    role = get_role_for(request.user, pk, manage=True)
    return _add_child(request, role, FocusCompetencyForm, "focus", "focus_form", "focus competency")


@require_POST
def weak_spot_add(request, pk):
    role = get_role_for(request.user, pk, manage=True)
    return _add_child(request, role, WeakSpotForm, "weak-spots", "weak_spot_form", "weak spot")


def _delete_child(request, role: Role, model, item_pk: int, partial: str):
    item = get_object_or_404(model, role=role, pk=item_pk)
    role_writes.remove_from_role(item, by=request.user)
    if not request.htmx:
        messages.success(request, f"Removed “{item.name}”.")
        return redirect(role)
    return trigger_client_event(_role_page(request, role, partial=partial), ROLE_CHANGED)


@require_POST
def focus_delete(request, pk, item_pk):
    role = get_role_for(request.user, pk, manage=True)
    return _delete_child(request, role, FocusCompetency, item_pk, "focus")


@require_POST
def weak_spot_delete(request, pk, item_pk):
    role = get_role_for(request.user, pk, manage=True)
    return _delete_child(request, role, WeakSpot, item_pk, "weak-spots")


@require_GET
def closeness_grid(request, pk):
    role = get_role_for(request.user, pk)
    query = SearchForm(request.GET).words
    rows = closeness_rules.grid_rows(role, query)
    context = {
        "role": role,
        "rows": rows,
        "query": query,
        "can_manage": role.can_be_managed_by(request.user),
        "page_size": closeness_rules.GRID_PAGE_SIZE,
    }
    template = "loops/closeness.html#rows" if request.htmx else "loops/closeness.html"
    return render(request, template, context)


@require_POST
def closeness_set(request, pk):
    role = get_role_for(request.user, pk, manage=True)
    form = bound(ClosenessForm, request)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a person and a closeness.")
    row = closeness_rules.set_closeness(
        role, form.cleaned_data["person"], form.cleaned_data["level"], by=request.user
    )
    if not request.htmx:
        query = urlencode({"q": form.cleaned_data["q"]})
        return redirect(f"{reverse('loops:closeness', args=[role.pk])}?{query}")
    return render(
        request, "loops/closeness.html#row", {"role": role, "row": row, "can_manage": True}
    )
