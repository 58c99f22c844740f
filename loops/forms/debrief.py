"""The debrief's forms and the pre-read's: they check the shape of what the room posts.

Whether a change is allowed now (the step, the reveal, the decision) is the debrief's own
rule, checked by ``loops.debrief.actions`` and ``loops.services.agenda`` with the cleaned values.
"""

from django import forms
from django.core.exceptions import ValidationError

from loops.models import SecondVote, Step, Take, Vote
from loops.models.debriefs import Decision

NEEDS_MAX = 12
NEED_NAME_MAX = 120
NEED_BECAUSE_MAX = 300
STATEMENT_MAX = 5_000
RESOLUTION_NOTE_MAX = 500
ITEM_KEY_MAX = 300
WHY_MOVED_MAX = 500
TIED_TO_MAX = 300
AGENDA_TEXT_MAX = 500
DISMISS_REASON_MAX = 300


def error_messages(form) -> list[str]:
    """Every error of a form (or formset) in words, each named by its field's label."""
    if isinstance(form, forms.BaseFormSet):
        messages = list(form.non_form_errors())
        for index, row in enumerate(form.forms, start=1):
            messages += [f"Row {index}: {message}" for message in error_messages(row)]
        return messages
    messages = list(form.non_field_errors())
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            continue
        label = form.fields[name].label or name.replace("_", " ").capitalize()
        messages += [f"{label}: {error}" for error in errors]
    return messages


class StartForm(forms.Form):
    """Starting the debrief; with notes still missing, only once the facilitator ticks."""

    confirm_missing = forms.BooleanField(required=False, label="Start without them")
    invite_recruiter = forms.BooleanField(required=False, label="Invite the role's recruiters")

    def __init__(self, *args, missing: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.missing = list(missing)

    def clean(self):
        cleaned = super().clean()
        if self.missing and not cleaned.get("confirm_missing"):
            raise ValidationError(
                "Notes are still missing from "
                + ", ".join(self.missing)
                + ". Tick “Start without them” to start anyway."
            )
        return cleaned


class StepForm(forms.Form):
    step = forms.ChoiceField(
        label="Step",
        choices=Step.choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Say which step of the script to move to.",
            "invalid_choice": "That is not a step of the script.",
        },
    )


class ResolveForm(forms.Form):
    """Settling an item of the script: a note, and at ambiguity the room's take."""

    key = forms.CharField(
        label="Item",
        max_length=ITEM_KEY_MAX,
        widget=forms.HiddenInput,
        error_messages={"required": "Say which item of the script to settle."},
    )
    take = forms.ChoiceField(
        label="The room's take",
        choices=Take.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Choose the room's take: dismissed, minor, real concern or blocker."
        },
    )
    note = forms.CharField(label="Note", max_length=RESOLUTION_NOTE_MAX, required=False)


class NeedForm(forms.Form):
    name = forms.CharField(label="Need", max_length=NEED_NAME_MAX, required=False)
    because = forms.CharField(label="Because", max_length=NEED_BECAUSE_MAX, required=False)


class BaseNeedFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "missing_management_form": "This form is out of date: reload the page and state the "
        "role's needs again.",
        "too_many_forms": f"The role's statement holds at most {NEEDS_MAX} needs: "
        "keep the ones that matter most.",
    }

    def rows(self) -> list[tuple[str, str]]:
        """(need, because) of each row, in order; empty rows included (the debrief skips
        them)."""
        return [(row.get("name", ""), row.get("because", "")) for row in self.cleaned_data]


NeedFormSet = forms.formset_factory(
    NeedForm,
    formset=BaseNeedFormSet,
    extra=1,
    max_num=NEEDS_MAX,
    absolute_max=NEEDS_MAX,
    validate_max=True,
)
NEEDS_PREFIX = "need"


def needs_formset(needs: list[dict], data=None) -> BaseNeedFormSet:
    """The role's needs as rows to edit (one empty row to add a need), or bound to ``data``."""
    if data is not None:
        return NeedFormSet(data, prefix=NEEDS_PREFIX)
    initial = [{"name": need["name"], "because": need["because"]} for need in needs]
    return NeedFormSet(initial=initial, prefix=NEEDS_PREFIX)


class RoleStatementForm(forms.Form):
    statement = forms.CharField(
        label="In your words",
        max_length=STATEMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a decision: hire, no hire or more signal needed.",
            "invalid_choice": "Choose a decision: hire, no hire or more signal needed.",
        },
    )
    rationale = forms.CharField(
        label="Rationale",
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the rationale for the decision."},
    )
    against_guidance_reason = forms.CharField(
        label="Why, if deciding against the guidance",
        max_length=STATEMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "aria-describedby": "against-help"}),
    )
    confirm = forms.BooleanField(
        label="This decision is final",
        error_messages={"required": "Tick the confirmation: the decision is final."},
    )


class SecondVoteForm(forms.Form):
    """A second vote, and for a strong no what it ties to: one of the role's needs,
    another need (named in words), or nothing the role needs. The choices are built
    here from the role's needs, so a need the role lacks is refused."""

    OTHER = SecondVote.Tie.OTHER.value
    NONE = SecondVote.Tie.NONE.value
    NEED_PREFIX = "need:"

    vote = forms.ChoiceField(
        label="Second vote",
        choices=Vote.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a vote: strong no, no, yes or strong yes.",
            "invalid_choice": "Choose a vote: strong no, no, yes or strong yes.",
        },
    )
    tie_choice = forms.ChoiceField(
        label="If strong no: which need of the role it ties to",
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "That is not one of the role's needs: choose one, or name "
            "something else the role needs."
        },
    )
    tied_to_other = forms.CharField(label="The other need", max_length=TIED_TO_MAX, required=False)
    why_moved = forms.CharField(
        label="Why I moved (optional)",
        max_length=WHY_MOVED_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, needs: list[dict], my_vote: SecondVote | None = None, **kwargs):
        if my_vote is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "vote": my_vote.vote,
                "tie_choice": self.tie_value(my_vote.tie, my_vote.tied_to),
                "tied_to_other": my_vote.tied_to if my_vote.tie == self.OTHER else "",
                "why_moved": my_vote.why_moved,
            }
        super().__init__(*args, **kwargs)
        self.fields["tie_choice"].choices = [
            *((self.tie_value(SecondVote.Tie.NEED, need["name"]), need["name"]) for need in needs),
            (self.OTHER, "Something else the role needs:"),
            (self.NONE, "Nothing the role needs"),
        ]

    @classmethod
    def tie_value(cls, tie: str, tied_to: str) -> str:
        return cls.NEED_PREFIX + tied_to if tie == SecondVote.Tie.NEED else tie

    def clean(self):
        """Adds ``tie`` and ``tied_to`` as the debrief records them."""
        cleaned = super().clean()
        choice = cleaned.get("tie_choice", "")
        tie, tied_to = "", ""
        if choice == self.OTHER:
            tie, tied_to = SecondVote.Tie.OTHER, cleaned.get("tied_to_other", "")
        elif choice == self.NONE:
            tie = SecondVote.Tie.NONE
        elif choice:
            tie, tied_to = SecondVote.Tie.NEED, choice.removeprefix(self.NEED_PREFIX)
        cleaned["tie"], cleaned["tied_to"] = tie, tied_to
        return cleaned


class AgendaChangeForm(forms.Form):
    """A change to the pre-read: add an item by hand, dismiss or restore one, move one."""

    ADD, DISMISS, RESTORE, UP, DOWN = "add", "dismiss", "restore", "up", "down"

    action = forms.ChoiceField(
        label="Change",
        choices=[
            (ADD, "Add to the agenda"),
            (DISMISS, "Dismiss"),
            (RESTORE, "Restore"),
            (UP, "Move up"),
            (DOWN, "Move down"),
        ],
        error_messages={
            "required": "Say what to do with the pre-read: write the item, or pick one.",
            "invalid_choice": "Say what to do with the pre-read: write the item, or pick one.",
        },
    )
    key = forms.CharField(label="Item", max_length=ITEM_KEY_MAX, required=False)
    text = forms.CharField(
        label="Add an item by hand",
        max_length=AGENDA_TEXT_MAX,
        required=False,
        widget=forms.TextInput(attrs={"id": "agenda-text"}),
    )
    reason = forms.CharField(
        label="Reason",
        max_length=DISMISS_REASON_MAX,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Why it needs no discussion"}),
    )
