"""Forms check the shape of input.

Rules that need other rows live in the models and the rule modules.
"""


def bound(form_class, request, **kwargs):
    """``form_class`` bound to the request's POST and files (an empty POST included, so it
    is still validated), or unbound for any other method: how every view reads input."""
    if request.method == "POST":
        return form_class(data=request.POST, files=request.FILES, **kwargs)
    return form_class(**kwargs)
