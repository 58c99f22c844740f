_SECTIONS = {
    "people": "people",
    "person": "people",
    "org": "settings",
    "loop": "loops",
    "slot": "loops",
    "candidate": "loops",
}


def navigation(request):
    """Which section of the main navigation the current page belongs to."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "loops":
        return {"nav": ""}
    prefix = match.url_name.split("-")[0]
    return {"nav": _SECTIONS.get(prefix, "roles")}
