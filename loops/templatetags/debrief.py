from django import template

from loops.rules import items
from loops.vocabulary import Vote

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


@register.filter
def clock(seconds):
    """Seconds as minutes and seconds: 754 → "12:34"."""
    seconds = max(0, int(seconds or 0))
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def vote_label(value):
    """A vote's label, or a dash when there is none."""
    return Vote(value).label if Vote.step(value) is not None else "—"


@register.filter
def kind_label(kind):
    """What a pre-read item is about, without the words of any note."""
    return items.kind_label(kind)


@register.filter
def days_value(hours):
    """Hours as days with one decimal (a number for data attributes), blank for none."""
    from loops.reports.figures import days as to_days

    value = to_days(hours)
    return "" if value is None else value


@register.filter
def days(hours):
    """Hours as people read a wait: "5 h" under a day, "2.5 days" from a day on."""
    if hours is None:
        return "—"
    if hours < 24:
        return f"{round(hours)} h"
    value = round(hours / 24, 1)
    return f"{value:g} day" if value == 1 else f"{value:g} days"


# What Markdown (or the HTML it may carry) would read as markup in text people wrote.
_MARKDOWN_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        **{char: "\\" + char for char in "\\`*_[]|~#"},
    }
)


@register.filter
def markdown_text(value, where=""):
    """Text people wrote, for a Markdown file: shown as written wherever it is rendered.
    HTML becomes entities and Markdown's punctuation is escaped, so no renderer makes a
    tag, a link or emphasis of it; ``"cell"`` also keeps it on one line, for a table."""
    text = "" if value is None else str(value)
    text = text.translate(_MARKDOWN_ESCAPES)
    if where == "cell":
        return " ".join(text.split())
    return text
