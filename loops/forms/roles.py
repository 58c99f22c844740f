"""A role's forms: the role, its focus competencies and weak spots, the closeness grid."""

from django import forms

from loops.models import (
    CloseLevel,
    FocusCompetency,
    Function,
    Person,
    Role,
    WeakSpot,
)


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


class SuggestedFocusForm(forms.Form):
    """A suggested focus area, taken from the link that prefills the add form."""

    name = forms.CharField(
        required=False, max_length=FocusCompetency._meta.get_field("name").max_length
    )

    @property
    def suggestion(self) -> str:
        return self.cleaned_data.get("name", "") if self.is_valid() else ""


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
