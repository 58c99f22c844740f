"""The organisation's settings, and the reports' filters."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from loops.models import (
    Function,
    OrgSettings,
    Role,
)


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
