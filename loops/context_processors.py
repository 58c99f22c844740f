_SECTIONS = {
    "people": "people",
    "person": "people",
    "org": "settings",
    "loop": "loops",
    "slot": "loops",
    "candidate": "loops",
    "notices": "notices",
    "my": "interviews",
    "note": "interviews",
    "debrief": "loops",
    "preread": "loops",
}


def navigation(request):
    """Which section of the main navigation the current page belongs to."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "loops":
        return {"nav": ""}
    prefix = match.url_name.split("-")[0]
    return {"nav": _SECTIONS.get(prefix, "roles")}


def unread_notices(request):
    """How many notices the signed-in person has not read, counted only if a page asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from django.utils.functional import SimpleLazyObject

    from loops.models import Notice

    return {
        "unread_notices": SimpleLazyObject(
            lambda: Notice.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
