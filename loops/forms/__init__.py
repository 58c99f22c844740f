"""Forms check the shape of input.

Rules that need other rows live in the models and the rule modules.
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from loops.models import (
    Candidate,
    CloseLevel,
    FocusCompetency,
    Function,
    Loop,
    OrgSettings,
    Person,
    Role,
    RoundType,
    Slot,
    Stage,
    WeakSpot,
)
from loops.models.people import normalise_email


def bound(form_class, request, **kwargs):
    """``form_class`` bound to the request's POST and files (an empty POST included, so it
    is still validated), or unbound for any other method: how every view reads input."""
    if request.method == "POST":
        return form_class(data=request.POST, files=request.FILES, **kwargs)
    return form_class(**kwargs)


class PersonForm(forms.ModelForm):
    """A directory entry. Which of its fields ``editor`` may set is the person's rule
    (``Person.fields_editable_by``); a new entry (no instance) is made by the hiring team
    with every directory fact, its access by staff only."""

    class Meta:
        model = Person
        fields = ["name", "email", "function", "title", "is_senior_leader", "is_hiring_team"]

    def __init__(self, *args, editor: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        editable = self.instance.fields_editable_by(editor)
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class EmailChangeForm(forms.Form):
    """A person changing their own email: their password proves it is them."""

    email = forms.EmailField(label="New email", max_length=254)
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if email == self.person.email:
            raise forms.ValidationError("This is already your email.")
        if Person.objects.filter(email=email).exists():
            raise forms.ValidationError(Person._meta.get_field("email").error_messages["unique"])
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    function = forms.ChoiceField(
        label="Function", required=False, choices=[("", "All functions"), *Function.choices]
    )


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: name, email, function, and optionally title and senior_leader (yes/no)."
        ),
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"The file is {upload.size // 1024} KB; the largest accepted is "
                f"{self.max_bytes // 1024} KB. Split it and import each part."
            )
        return upload


class RoleForm(forms.ModelForm):
    required_functions = forms.MultipleChoiceField(
        label="Required functions",
        choices=Function.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Functions that sit on every loop for this role.",
    )

    class Meta:
        model = Role
        fields = [
            "title",
            "team",
            "level",
            "job_family",
            "archetype",
            "is_senior_leadership",
            "hiring_manager",
            "recruiters",
            "required_functions",
        ]
        widgets = {"recruiters": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = Person.objects.filter(is_active=True).only("id", "name", "email")
        self.fields["hiring_manager"].queryset = active
        self.fields["recruiters"].queryset = active
        self.fields["recruiters"].required = False


class RoleChildForm(forms.ModelForm):
    """A form for a row that belongs to a role given on its instance.

    The role is not a field of the form, so Django would skip the constraints
    that name it; they are checked here so that a duplicate is a message, not
    a database error.
    """

    def _post_clean(self):
        super()._post_clean()
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)


class FocusCompetencyForm(RoleChildForm):
    prefix = "focus"

    class Meta:
        model = FocusCompetency
        fields = ["name", "because"]
        labels = {"name": "Focus competency", "because": "Because"}


class WeakSpotForm(RoleChildForm):
    prefix = "weak-spot"

    class Meta:
        model = WeakSpot
        fields = ["name", "judged_by"]
        labels = {"name": "Weak spot", "judged_by": "Judged by"}


class ClosenessForm(forms.Form):
    """One click on the closeness grid.

    ``cell`` is "<person id>:<level>"; an empty level clears the person's closeness.
    """

    cell = forms.RegexField(regex=r"^[0-9]{1,18}:[a-z]{0,8}$")
    q = forms.CharField(required=False, max_length=100)  # the grid's search, kept

    def clean(self):
        cleaned = super().clean()
        if "cell" in cleaned:
            person, level = cleaned["cell"].split(":")
            if level and level not in CloseLevel.values:
                raise forms.ValidationError("Choose daily, weekly or less than weekly.")
            cleaned["person"], cleaned["level"] = int(person), level
        return cleaned


class OrgSettingsForm(forms.ModelForm):
    class Meta:
        model = OrgSettings
        fields = [
            "load_threshold",
            "initial_vote_due_minutes",
            "full_note_due_hours",
            "reminder_before_debrief_minutes",
            "manager_digest_before_debrief_minutes",
            "thin_note_ratio",
            "story_similarity",
            "debrief_minutes",
        ]


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


class ReportFilterForm(forms.Form):
    """The reports' filters: decided between two dates, one role, one function. Every
    field may be left empty; the role list holds only roles the person may report on."""

    start = forms.DateField(
        label="Decided from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="Decided to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    role = forms.ModelChoiceField(
        label="Role", required=False, queryset=Role.objects.none(), empty_label="All roles"
    )
    function = forms.ChoiceField(
        label="Function", required=False, choices=[("", "All functions"), *Function.choices]
    )

    def __init__(self, data, *, roles, function_help: str):
        super().__init__(data)
        self.fields["role"].queryset = roles
        self.fields["function"].help_text = function_help

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date comes before the start date.")
        for name in ("start", "end"):
            if cleaned.get(name) and cleaned[name] >= date.max - timedelta(days=1):
                self.add_error(name, "Choose a date before the end of the calendar.")
        return cleaned

    def filters(self) -> dict:
        """The valid filters as keyword arguments of the report querysets; the end date
        counts whole (decided up to the end of that day)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        return {
            "start": _midnight(start) if start else None,
            "end": _midnight(end + timedelta(days=1)) if end else None,
            "role": data.get("role"),
            "function": data.get("function") or "",
        }


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the email's length checked before anyone is asked to
    authenticate it (Django sets the limit on the widget only; the sign-in log stores
    at most 255 characters)."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 254))
