from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from loops.access import get_person_for, require_hiring_team
from loops.forms import bound
from loops.forms.directory import DirectorySearchForm, PeopleImportForm, PersonForm
from loops.models import Person
from loops.services import accounts
from loops.services.people_import import decode, parse_people_csv, save_people
from loops.views.common import form_status

DIRECTORY_PAGE_SIZE = 200


@require_GET
def directory(request):
    form = DirectorySearchForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    function = form.cleaned_data.get("function", "")
    people = list(Person.objects.for_directory().search(query, function)[: DIRECTORY_PAGE_SIZE + 1])
    for person in people:
        person.editable = person.entry_editable_by(request.user)
    context = {
        "form": form,
        "people": people[:DIRECTORY_PAGE_SIZE],
        "more": len(people) > DIRECTORY_PAGE_SIZE,
        "filtered": bool(query or function),
        "can_edit": request.user.can_manage_hiring,
    }
    template = "loops/people.html#results" if request.htmx else "loops/people.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def person_new(request):
    require_hiring_team(request.user)
    form = bound(PersonForm, request, editor=request.user)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        person = accounts.add_person(fields, by=request.user)
        messages.success(request, f"{person.name} is in the directory.")
        return redirect("loops:people")
    return render(request, "loops/person_form.html", {"form": form}, status=form_status(form))


@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = get_person_for(request.user, pk)
    form = bound(PersonForm, request, instance=person, editor=request.user)
    if form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.fields}
        accounts.update_person(person, changes, by=request.user)
        messages.success(request, f"Saved {person.name}.")
        return redirect("loops:people")
    context = {"form": form, "person": person}
    return render(request, "loops/person_form.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def people_import(request):
    require_hiring_team(request.user)
    form = bound(PeopleImportForm, request, max_bytes=settings.PEOPLE_IMPORT_MAX_BYTES)
    errors: list[str] = []
    if form.is_valid():
        text = decode(form.cleaned_data["file"].read())
        existing = Person.objects.values_list("email", flat=True)
        result = parse_people_csv(text, existing)
        if result.ok:
            try:
                count = save_people(result.rows)
            except IntegrityError:
                result.errors.append(
                    "Someone added one of these emails while the file was being imported; "
                    "nothing was imported. Try again."
                )
            else:
                noun = "person" if count == 1 else "people"
                messages.success(request, f"Imported {count} {noun}.")
                return redirect("loops:people")
        errors = result.errors
    status = 422 if errors else form_status(form)
    return render(
        request, "loops/people_import.html", {"form": form, "errors": errors}, status=status
    )
