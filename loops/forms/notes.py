"""The note's forms: the initial vote, the draft the page saves as the interviewer types,
and an amendment.

The note page repeats each flag's and each story's fields under one name per part
(``flag-text`` once per flag), which is what its script adds, removes and restores; the
draft form reads those columns into rows and checks each row with a form of its own.
"""

from django import forms
from django.core.exceptions import ValidationError

from loops.models import NO_SIGNAL, FlagColour, FlagIntent, Slot, Vote
from loops.rules.kit import signals_for
from loops.services import notes as note_rules
from loops.vocabulary import STORY_PARTS

FLAGS_MAX = 100
STORIES_MAX = 100


class InitialVoteForm(forms.Form):
    vote = forms.ChoiceField(
        label="Your vote, before reading anyone else's",
        choices=Vote.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose strong no, no, yes or strong yes.",
            "invalid_choice": "Choose strong no, no, yes or strong yes.",
        },
    )


class AmendmentForm(forms.Form):
    text = forms.CharField(
        label="Add an amendment",
        max_length=note_rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "aria-describedby": "amendment-help"}),
        error_messages={
            "required": "Write the amendment first.",
            "max_length": f"An amendment holds at most {note_rules.TEXT_MAX:,} characters.",
        },
    )


class FlagForm(forms.Form):
    colour = forms.ChoiceField(label="Colour", choices=FlagColour.choices)
    text = forms.CharField(
        label="What it is",
        max_length=note_rules.FLAG_TEXT_MAX,
        required=False,
        error_messages={
            "max_length": f"A flag is longer than {note_rules.FLAG_TEXT_MAX:,} characters: "
            "shorten it."
        },
    )
    intent = forms.ChoiceField(label="Intent", choices=FlagIntent.choices, required=False)


def _story_field(label: str, limit: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=False,
        error_messages={
            "max_length": f"A story is longer than {limit:,} characters a part: shorten it."
        },
    )


class StoryForm(forms.Form):
    title = _story_field("Title", note_rules.TITLE_MAX)
    setup = _story_field("Setup", note_rules.STORY_FIELD_MAX)
    actions = _story_field("What they did", note_rules.STORY_FIELD_MAX)
    outcome = _story_field("Outcome", note_rules.STORY_FIELD_MAX)
    conclusion = _story_field("The conclusion you drew", note_rules.STORY_FIELD_MAX)


def _rows(data, prefix: str, form_class, most: int) -> list[forms.Form]:
    """One bound ``form_class`` per row of the columns ``{prefix}-{field}``. Columns of
    different lengths (a part of some row missing) are refused, not paired up."""
    names = list(form_class.base_fields)
    columns = [data.getlist(f"{prefix}-{name}") for name in names]
    count = max(map(len, columns))
    if any(len(column) != count for column in columns):
        raise ValidationError(f"Some {prefix}s arrived incomplete: reload the page.")
    if count > most:
        raise ValidationError(f"A note holds at most {most} {prefix}s.")
    return [
        form_class({name: column[index] for name, column in zip(names, columns, strict=True)})
        for index in range(count)
    ]


class DraftForm(forms.Form):
    """A note's draft: ratings, signals, flags, stories and free text, with the version of
    the note it was typed over. ``draft()`` gives what to save once valid."""

    version = forms.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        error_messages={"required": "Reload the page: the draft's version is missing."},
    )
    signal = forms.MultipleChoiceField(label="Signals seen", required=False)
    text = forms.CharField(
        label="Anything else",
        max_length=note_rules.TEXT_MAX,
        required=False,
        strip=False,
        error_messages={
            "max_length": "The note is %(show_value)s characters; the most a note holds is "
            f"{note_rules.TEXT_MAX:,}. Shorten it: your text is kept in this browser until "
            "it saves."
        },
    )

    def __init__(self, *args, slot: Slot, **kwargs):
        super().__init__(*args, **kwargs)
        self.rating_keys = {}
        for key, label in note_rules.rating_rows(slot):
            name = f"rating-{key}"
            self.rating_keys[name] = key
            self.fields[name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[*Vote.choices, (NO_SIGNAL, "No signal")],
                error_messages={"invalid_choice": "“%(value)s” is not a rating."},
            )
        offered = [s for group in signals_for(slot.round_type).values() for s in group]
        self.fields["signal"].choices = [(signal, signal) for signal in offered]
        self.flags, self.stories = [], []

    @property
    def version_is_missing(self) -> bool:
        return "version" in self.errors

    def clean(self):
        cleaned = super().clean()
        if not self.is_bound:
            return cleaned
        self.flags = _rows(self.data, "flag", FlagForm, FLAGS_MAX)
        self.stories = _rows(self.data, "story", StoryForm, STORIES_MAX)
        for row in (*self.flags, *self.stories):
            for messages in row.errors.values():
                for message in messages:
                    self.add_error(None, message)
        return cleaned

    def draft(self) -> note_rules.Draft:
        """The draft to save; rows left empty are dropped."""
        cleaned = self.cleaned_data
        ratings = {
            key: cleaned[name] for name, key in self.rating_keys.items() if cleaned.get(name)
        }
        flags = [
            {
                "colour": row.cleaned_data["colour"],
                "text": row.cleaned_data["text"],
                "intent": row.cleaned_data["intent"],
            }
            for row in self.flags
            if row.cleaned_data["text"] or row.cleaned_data["intent"]
        ]
        stories = [
            {name: row.cleaned_data[name] for name in STORY_PARTS}
            for row in self.stories
            if any(row.cleaned_data.values())
        ]
        return note_rules.Draft(ratings, cleaned["signal"], flags, stories, cleaned["text"])
