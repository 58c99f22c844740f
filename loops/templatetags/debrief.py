from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or None: for dicts keyed by ids."""
    return mapping.get(key) if mapping else None


@register.filter
def as_dict(pairs):
    """A dict from (key, label) pairs, such as a model's choices."""
    return dict(pairs)


@register.filter
def add_no_signal(labels):
    return {**labels, "no_signal": "No signal"}
