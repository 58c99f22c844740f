"""The debrief's forms for the shared panel, which is rendered for a whole audience
(streams included) rather than by a view: each tag builds a form to render its fields."""

from django import template

from loops.forms.debrief import DecideForm, ResolveForm, RoleStatementForm, StepForm, needs_formset
from loops.models import Step

register = template.Library()


@register.simple_tag
def role_needs_forms(needs: list[dict], statement: str) -> dict:
    """The rows of the role's needs (one empty to add a need) and the statement form."""
    return {
        "needs": needs_formset(needs),
        "statement": RoleStatementForm(initial={"statement": statement}),
    }


@register.simple_tag
def decide_form() -> DecideForm:
    return DecideForm()


@register.simple_tag
def resolve_form(item, number: int, step: str) -> ResolveForm:
    """The form settling one item of the script at ``step`` (``number`` keeps its ids
    apart): at ambiguity the room's take is asked for, before it the note."""
    resolution = getattr(item, "resolution", None)
    initial = {"key": item.key}
    if resolution is not None:
        initial |= {"take": resolution.take, "note": resolution.note}
    form = ResolveForm(initial=initial, auto_id=f"item-{number}-%s")
    asked = "take" if step == Step.AMBIGUITY else "note"
    form.fields[asked].widget.attrs["required"] = True
    return form


@register.simple_tag
def step_form(step: str) -> StepForm:
    """The form moving the script to ``step``."""
    return StepForm(initial={"step": step}, auto_id=False)
