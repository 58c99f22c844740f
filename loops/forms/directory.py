"""The directory's forms: a person's entry, one's own email, the search, the CSV import,
and the sign-in."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from loops.models import (
    Function,
    Person,
)
from loops.models.people import normalise_email


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


class SearchForm(forms.Form):
    """A search box's words (the closeness grid, the interviewer field's suggestions)."""

    q = forms.CharField(label="Search", required=False, max_length=100)

    @property
    def words(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class InterviewerSearchForm(SearchForm):
    """The slot form's interviewer field, as it asks for suggestions while one types."""

    prefix = "slot"
    q = forms.CharField(label="Interviewer", required=False, max_length=100)

    def add_prefix(self, field_name):
        return "slot-interviewer" if field_name == "q" else super().add_prefix(field_name)


class DirectorySearchForm(SearchForm):
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


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the email's length checked before anyone is asked to
    authenticate it (Django sets the limit on the widget only; the sign-in log stores
    at most 255 characters)."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 254))
