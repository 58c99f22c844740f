def form_status(form) -> int:
    """422 for a bound form with errors, so htmx and tests can tell a rejection apart."""
    return 422 if form.errors else 200


def bound(form_class, request, **kwargs):
    """``form_class`` bound to the request's POST (an empty POST included, so it is still
    validated), or unbound for any other method."""
    if request.method == "POST":
        return form_class(data=request.POST, files=request.FILES, **kwargs)
    return form_class(**kwargs)
