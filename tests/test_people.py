import pytest
from django.urls import reverse

from loops.models import Function, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_directory_lists_people_with_function_and_title(client_for, interviewer):
    PersonFactory(name="Zoe Sales", function=Function.SALES, title="Account Executive")
    page = client_for(interviewer).get(reverse("loops:people"))
    assert page.status_code == 200
    assert "Zoe Sales" in page.text
    assert "Account Executive" in page.text
    assert "Sales" in page.text


def test_search_finds_people_by_name_email_or_title(client_for, interviewer):
    PersonFactory(name="Zoe Sales", title="Account Executive")
    PersonFactory(name="Ana Design", title="Designer")
    page = client_for(interviewer).get(reverse("loops:people"), {"q": "account"})
    assert "Zoe Sales" in page.text
    assert "Ana Design" not in page.text


def test_filter_by_function(client_for, interviewer):
    PersonFactory(name="Zoe Sales", function=Function.SALES)
    PersonFactory(name="Ana Design", function=Function.DESIGN)
    page = client_for(interviewer).get(reverse("loops:people"), {"function": "design"})
    assert "Ana Design" in page.text
    assert "Zoe Sales" not in page.text


def test_search_as_you_type_returns_only_the_results(client_for, interviewer, htmx):
    PersonFactory(name="Zoe Sales")
    page = client_for(interviewer).get(reverse("loops:people"), {"q": "nobody"}, headers=htmx)
    assert "<html" not in page.text
    assert "Nobody matches" in page.text


def test_the_hiring_team_adds_a_person(client_for, hiring_manager):
    response = client_for(hiring_manager).post(
        reverse("loops:person-new"),
        {"name": "New Person", "email": "New@Example.com", "function": "sales", "title": "AE"},
    )
    assert response.status_code == 302
    person = Person.objects.get(email="new@example.com")
    assert (person.name, person.function, person.title) == ("New Person", "sales", "AE")


def test_a_duplicate_email_is_refused_with_a_clear_message(client_for, hiring_manager):
    PersonFactory(email="taken@example.com")
    response = client_for(hiring_manager).post(
        reverse("loops:person-new"),
        {"name": "Again", "email": "TAKEN@example.com", "function": "sales"},
    )
    assert response.status_code == 422
    assert "Someone in the directory already has this email." in response.text
    assert 'value="Again"' in response.text
    assert Person.objects.filter(email="taken@example.com").count() == 1


def test_editing_a_person_keeps_what_was_not_changed(client_for, hiring_manager):
    person = PersonFactory(name="Old Name", title="Engineer", is_senior_leader=False)
    response = client_for(hiring_manager).post(
        reverse("loops:person-edit", args=[person.pk]),
        {
            "name": "New Name",
            "email": person.email,
            "function": "engineering",
            "title": "Engineer",
            "is_senior_leader": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "New Name"
    assert person.is_senior_leader


@pytest.mark.parametrize("name", ["loops:person-new", "loops:people-import"])
def test_an_interviewer_cannot_change_the_directory(client_for, interviewer, name):
    assert client_for(interviewer).get(reverse(name)).status_code == 403


def test_an_interviewer_cannot_edit_someone(client_for, interviewer):
    other = PersonFactory()
    url = reverse("loops:person-edit", args=[other.pk])
    assert client_for(interviewer).post(url, {"name": "Hacked"}).status_code == 403
    other.refresh_from_db()
    assert other.name != "Hacked"


def test_the_directory_shows_an_empty_state_for_no_matches(client_for, interviewer):
    page = client_for(interviewer).get(reverse("loops:people"), {"q": "zzzz"})
    assert "Nobody matches" in page.text


def test_the_directory_costs_the_same_queries_for_40_and_400_people(
    client_for, interviewer, django_assert_num_queries
):
    client = client_for(interviewer)
    # The signed-in person, their unread notices, then the people: nothing a row.
    PersonFactory.create_batch(40)
    with django_assert_num_queries(3):
        assert client.get(reverse("loops:people")).status_code == 200
    PersonFactory.create_batch(360)
    with django_assert_num_queries(3):
        assert client.get(reverse("loops:people")).status_code == 200
