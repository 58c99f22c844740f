import json

import pytest
from django.urls import reverse

from loops.models import FocusCompetency, Role, WeakSpot
from tests.factories import FocusCompetencyFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def _role_data(manager, **overrides):
    data = {
        "title": "Data Scientist",
        "team": "Growth",
        "level": "L4",
        "job_family": "data_science",
        "archetype": "high_growth",
        "hiring_manager": manager.pk,
        "required_functions": ["data", "marketing"],
    }
    return data | overrides


def test_the_hiring_team_creates_a_role_and_lands_on_it(client_for, hiring_manager, recruiter):
    response = client_for(hiring_manager).post(
        reverse("loops:role-new"), _role_data(hiring_manager, recruiters=[recruiter.pk])
    )
    role = Role.objects.get(title="Data Scientist")
    assert response["Location"] == role.get_absolute_url()
    assert role.hiring_manager == hiring_manager
    assert list(role.recruiters.all()) == [recruiter]
    assert role.required_functions == ["data", "marketing"]


def test_the_new_role_form_proposes_me_as_hiring_manager(client_for, hiring_manager):
    page = client_for(hiring_manager).get(reverse("loops:role-new"))
    assert f'<option value="{hiring_manager.pk}" selected>' in page.text


def test_a_role_without_a_title_keeps_what_was_typed(client_for, hiring_manager):
    response = client_for(hiring_manager).post(
        reverse("loops:role-new"), _role_data(hiring_manager, title="", team="Kept team")
    )
    assert response.status_code == 422
    assert 'value="Kept team"' in response.text
    assert "This field is required." in response.text


def test_an_interviewer_cannot_create_roles(client_for, interviewer):
    assert client_for(interviewer).get(reverse("loops:role-new")).status_code == 403


def test_the_role_page_shows_what_it_needs_and_its_weak_spots(client_for, hiring_manager, role):
    page = client_for(hiring_manager).get(role.get_absolute_url())
    assert "Distributed systems" in page.text
    assert "because the ledger is global" in page.text
    assert "Working with sales" in page.text
    assert "judged by Sales" in page.text


def test_a_role_with_one_focus_competency_warns_but_saves(client_for, hiring_manager):
    role = RoleFactory(hiring_manager=hiring_manager)
    FocusCompetencyFactory(role=role)
    page = client_for(hiring_manager).get(role.get_absolute_url())
    assert "Name 1 more focus competency" in page.text


def test_the_family_and_archetype_suggest_focus_areas(client_for, hiring_manager):
    role = RoleFactory(hiring_manager=hiring_manager, job_family="devops", archetype="industrial")
    page = client_for(hiring_manager).get(role.get_absolute_url())
    assert "Incident response" in page.text
    assert "Traceability" in page.text


def test_taking_a_suggestion_prefills_the_form(client_for, hiring_manager, role, htmx):
    url = reverse("loops:focus-form", args=[role.pk])
    response = client_for(hiring_manager).get(url, {"name": "Storage"}, headers=htmx)
    assert 'value="Storage"' in response.text
    assert "<html" not in response.text


def test_adding_a_focus_competency_refreshes_the_panel_and_tells_its_neighbours(
    client_for, hiring_manager, role, htmx
):
    response = client_for(hiring_manager).post(
        reverse("loops:focus-add", args=[role.pk]),
        {"focus-name": "Working with product", "focus-because": "the team owns its roadmap"},
        headers=htmx,
    )
    assert response.status_code == 200
    assert "role-changed" in json.loads(response["HX-Trigger"])
    assert "Working with product" in response.text
    assert "<html" not in response.text
    names = list(role.focus_competencies.values_list("name", flat=True))
    assert names == ["Distributed systems", "Reliability", "Working with product"]


def test_a_focus_competency_needs_its_because(client_for, hiring_manager, role, htmx):
    response = client_for(hiring_manager).post(
        reverse("loops:focus-add", args=[role.pk]),
        {"focus-name": "Storage", "focus-because": ""},
        headers=htmx,
    )
    assert response.status_code == 422
    assert 'value="Storage"' in response.text
    assert not role.focus_competencies.filter(name="Storage").exists()


def test_the_same_focus_competency_twice_is_a_message_not_a_crash(client_for, hiring_manager, role):
    response = client_for(hiring_manager).post(
        reverse("loops:focus-add", args=[role.pk]),
        {"focus-name": "Reliability", "focus-because": "again"},
    )
    assert response.status_code == 422
    assert "This role already has that focus competency." in response.text


def test_removing_a_focus_competency(client_for, hiring_manager, role):
    item = role.focus_competencies.first()
    response = client_for(hiring_manager).post(
        reverse("loops:focus-delete", args=[role.pk, item.pk])
    )
    assert response.status_code == 302
    assert not FocusCompetency.objects.filter(pk=item.pk).exists()


def test_adding_and_removing_a_weak_spot(client_for, hiring_manager, role, htmx):
    client = client_for(hiring_manager)
    response = client.post(
        reverse("loops:weak-spot-add", args=[role.pk]),
        {"weak-spot-name": "Budget ownership", "weak-spot-judged_by": "finance"},
        headers=htmx,
    )
    assert "judged by Finance" in response.text
    spot = WeakSpot.objects.get(role=role, name="Budget ownership")
    client.post(reverse("loops:weak-spot-delete", args=[role.pk, spot.pk]), headers=htmx)
    assert not WeakSpot.objects.filter(pk=spot.pk).exists()


def test_a_recruiter_of_the_role_may_change_it(client_for, recruiter, role):
    response = client_for(recruiter).post(
        reverse("loops:weak-spot-add", args=[role.pk]),
        {"weak-spot-name": "Pricing", "weak-spot-judged_by": "sales"},
    )
    assert response.status_code == 302
    assert role.weak_spots.filter(name="Pricing").exists()


def test_staff_see_and_change_every_role(client_for, staff, role):
    client = client_for(staff)
    assert client.get(role.get_absolute_url()).status_code == 200
    assert client.get(reverse("loops:role-edit", args=[role.pk])).status_code == 200


def test_editing_a_role_changes_its_details(client_for, hiring_manager, role):
    response = client_for(hiring_manager).post(
        reverse("loops:role-edit", args=[role.pk]),
        _role_data(hiring_manager, title="Staff Backend Engineer", is_senior_leadership="on"),
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.title == "Staff Backend Engineer"
    assert role.is_senior_leadership


URLS_OF_A_ROLE = [
    ("get", "loops:role-detail", ()),
    ("get", "loops:role-edit", ()),
    ("get", "loops:focus-form", ()),
    ("post", "loops:focus-add", ()),
    ("post", "loops:weak-spot-add", ()),
    ("get", "loops:closeness", ()),
    ("post", "loops:closeness-set", ()),
]


@pytest.mark.parametrize(("method", "name", "extra"), URLS_OF_A_ROLE)
def test_someone_with_no_part_in_the_role_gets_404(client_for, outsider, role, method, name, extra):
    url = reverse(name, args=[role.pk, *extra])
    response = getattr(client_for(outsider), method)(url, {"name": "x", "cell": "1:daily"})
    assert response.status_code == 404


def test_someone_with_no_part_cannot_remove_focus(client_for, outsider, role):
    item = role.focus_competencies.first()
    url = reverse("loops:focus-delete", args=[role.pk, item.pk])
    assert client_for(outsider).post(url).status_code == 404
    assert FocusCompetency.objects.filter(pk=item.pk).exists()


def test_the_role_list_shows_only_my_roles(client_for, hiring_manager, outsider, role):
    RoleFactory(title="Someone else's role", hiring_manager=outsider)
    page = client_for(hiring_manager).get(reverse("loops:roles"))
    assert "Senior Backend Engineer" in page.text
    assert "Someone else&#x27;s role" not in page.text


def test_the_role_list_has_an_empty_state(client_for, interviewer):
    page = client_for(interviewer).get(reverse("loops:roles"))
    assert "No roles yet." in page.text


def test_the_role_page_costs_the_same_queries_with_more_people(
    client_for, hiring_manager, role, django_assert_num_queries
):
    client = client_for(hiring_manager)
    PersonFactory.create_batch(40)
    with django_assert_num_queries(7):
        client.get(role.get_absolute_url())
    PersonFactory.create_batch(360)
    with django_assert_num_queries(7):
        client.get(role.get_absolute_url())
