def form_status(form) -> int:
    """422 for a bound form with errors, so htmx and tests can tell a rejection apart."""
    return 422 if form.errors else 200
