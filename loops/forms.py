"""Forms check the shape of input.

Rules that need other rows live in the models and the rule modules.
"""

from django import forms

from loops.models import CloseLevel, FocusCompetency, Function, OrgSettings, Person, Role, WeakSpot


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "function", "title", "is_senior_leader", "is_hiring_team"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


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
