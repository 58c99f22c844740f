"""The loop builder's forms: the candidate, a slot, and the moves of slots and loops."""

from django import forms

from loops.models import (
    Candidate,
    CloseLevel,
    Loop,
    Person,
    RoundType,
    Slot,
    Stage,
)


class CandidateForm(forms.ModelForm):
    recruiter_screen = forms.ChoiceField(
        label="Recruiter screen",
        required=False,
        choices=[("", "Not recorded"), *Stage.Outcome.choices],
    )
    technical_screen = forms.ChoiceField(
        label="Technical screen",
        required=False,
        choices=[("", "Not recorded"), *Stage.Outcome.choices],
    )

    class Meta:
        model = Candidate
        fields = ["name", "email", "links"]
        widgets = {"links": forms.Textarea(attrs={"rows": 3})}

    def stages(self) -> list[tuple[str, str]]:
        """(kind, outcome) of each earlier stage given."""
        return [
            (kind, self.cleaned_data[kind])
            for kind in (Stage.Kind.RECRUITER_SCREEN, Stage.Kind.TECHNICAL_SCREEN)
            if self.cleaned_data.get(kind)
        ]


class SlotForm(forms.ModelForm):
    """A slot of a loop. The interviewer is typed (name or email) and found in the directory."""

    prefix = "slot"
    interviewer = forms.CharField(
        label="Interviewer",
        max_length=254,
        help_text="Type a name or an email, then pick from the list.",
    )
    closeness = forms.ChoiceField(
        choices=[("", "From the role's closeness grid"), *CloseLevel.choices],
        required=False,
        help_text="Left empty, it comes from the role's closeness grid.",
    )

    class Meta:
        model = Slot
        fields = [
            "interviewer",
            "closeness",
            "round_type",
            "focus",
            "weak_spots",
            "starts_at",
            "ends_at",
        ]
        widgets = {
            "focus": forms.CheckboxSelectMultiple,
            "weak_spots": forms.CheckboxSelectMultiple,
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, loop, **kwargs):
        super().__init__(*args, **kwargs)
        self.loop = loop
        self.instance.loop = loop
        self.fields["focus"].queryset = loop.role.focus_competencies.all()
        self.fields["focus"].label_from_instance = lambda focus: focus.name
        self.fields["weak_spots"].queryset = loop.role.weak_spots.all()
        self.fields["round_type"].choices = [("", "Choose a round type"), *RoundType.choices]
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk and not self.is_bound:
            self.initial["interviewer"] = self.instance.interviewer.email

    def clean_interviewer(self):
        text = self.cleaned_data["interviewer"].strip()
        person = _find_person(text)
        if person is None:
            raise forms.ValidationError(
                f"Nobody in the directory matches “{text}”: "
                "type their email, or pick from the list."
            )
        return person

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The end must come after the start.")
        if bool(starts) != bool(ends):
            self.add_error(
                "ends_at" if starts else "starts_at", "Give both a start and an end, or neither."
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        person = self.cleaned_data.get("interviewer")
        if person is not None:
            others = self.loop.slots.filter(interviewer=person).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("interviewer", f"{person.name} already holds a slot on this loop.")


class SlotSwapForm(forms.Form):
    """Who takes a slot over: an active person of the directory."""

    person = forms.ModelChoiceField(queryset=Person.objects.filter(is_active=True))


class SlotMoveForm(forms.Form):
    """One step up or down the loop's order."""

    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])

    @property
    def offset(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


class SuggestionPickForm(forms.Form):
    """Take the whole suggestion, or (with ``person``) the one pick for that person."""

    person = forms.IntegerField(required=False, min_value=1)


class LoopMoveForm(forms.Form):
    """What the loop should become: scheduled (invites go out), or another state."""

    SCHEDULED = "scheduled"
    MOVES = {
        "draft": (Loop.State.DRAFT, "Back to draft"),
        "interviewing": (Loop.State.INTERVIEWING, "Interviews have started"),
        "cancelled": (Loop.State.CANCELLED, "Cancel the loop"),
    }

    action = forms.ChoiceField(
        choices=[(SCHEDULED, "Schedule"), *((key, label) for key, (_, label) in MOVES.items())],
        error_messages={"required": "Choose what the loop should become."},
    )


def _find_person(text: str):
    """The active person whose email is ``text`` or whose name or "Name <email>" matches exactly."""
    people = Person.objects.filter(is_active=True)
    if "<" in text and text.endswith(">"):
        text = text.rsplit("<", 1)[1][:-1]
    match = people.filter(email=text.lower()).first()
    if match is None:
        named = list(people.filter(name__iexact=text)[:2])
        match = named[0] if len(named) == 1 else None
    return match
