import pytest
from django.urls import reverse

from loops.models import OrgSettings

pytestmark = pytest.mark.django_db


def test_settings_start_from_the_defaults():
    settings = OrgSettings.load()
    assert settings.load_threshold == 4
    assert settings.initial_vote_due_minutes == 60
    assert settings.full_note_due_hours == 24


def test_staff_change_the_settings(client_for, staff):
    data = {
        field.name: getattr(OrgSettings.load(), field.name)
        for field in OrgSettings._meta.fields
        if field.editable and field.name != "id"
    }
    data["load_threshold"] = 6
    response = client_for(staff).post(reverse("loops:org-settings"), data)
    assert response.status_code == 302
    assert OrgSettings.load().load_threshold == 6


def test_an_out_of_range_setting_is_refused_with_a_reason(client_for, staff):
    response = client_for(staff).post(reverse("loops:org-settings"), {"load_threshold": 0})
    assert response.status_code == 422
    assert "Ensure this value is greater than or equal to 1." in response.text
    assert OrgSettings.load().load_threshold == 4


def test_only_staff_change_the_settings(client_for, hiring_manager):
    assert client_for(hiring_manager).get(reverse("loops:org-settings")).status_code == 403


def test_there_is_only_ever_one_row():
    OrgSettings.load()
    OrgSettings(load_threshold=9).save()
    assert OrgSettings.objects.count() == 1
    assert OrgSettings.load().load_threshold == 9
