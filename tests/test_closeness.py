import pytest
from django.urls import reverse

from loops.models import Closeness
from tests.factories import ClosenessFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _set(client, role, cell, **kwargs):
    return client.post(reverse("loops:closeness-set", args=[role.pk]), {"cell": cell}, **kwargs)


def test_the_grid_lists_people_with_their_closeness(client_for, hiring_manager, role):
    daily = PersonFactory(name="Dana Daily")
    ClosenessFactory(role=role, person=daily, level="daily")
    page = client_for(hiring_manager).get(reverse("loops:closeness", args=[role.pk]))
    assert "Dana Daily" in page.text
    assert 'aria-label="Dana Daily: Daily"' in page.text
    assert page.text.count('aria-pressed="true"') == 1


def test_one_click_sets_a_cell_and_returns_the_row(client_for, hiring_manager, role, htmx):
    person = PersonFactory(name="Wes Weekly")
    response = _set(client_for(hiring_manager), role, f"{person.pk}:weekly", headers=htmx)
    assert response.status_code == 200
    assert response.text.strip().startswith(f'<tr id="closeness-{person.pk}">')
    assert Closeness.objects.get(role=role, person=person).level == "weekly"


def test_clicking_another_cell_moves_it(client_for, hiring_manager, role):
    person = PersonFactory()
    client = client_for(hiring_manager)
    _set(client, role, f"{person.pk}:daily")
    _set(client, role, f"{person.pk}:less")
    assert list(Closeness.objects.filter(role=role).values_list("level", flat=True)) == ["less"]


def test_clicking_the_chosen_cell_clears_it(client_for, hiring_manager, role):
    person = PersonFactory()
    ClosenessFactory(role=role, person=person, level="daily")
    response = _set(client_for(hiring_manager), role, f"{person.pk}:")
    assert response.status_code == 302
    assert not Closeness.objects.filter(role=role, person=person).exists()


def test_a_malformed_click_is_refused(client_for, hiring_manager, role):
    person = PersonFactory()
    client = client_for(hiring_manager)
    assert _set(client, role, f"{person.pk}:hourly").status_code == 400
    assert _set(client, role, "abc").status_code == 400
    assert _set(client, role, "999999:daily").status_code == 404
    assert not Closeness.objects.exists()


def test_search_narrows_the_grid(client_for, hiring_manager, role, htmx):
    PersonFactory(name="Findable Person")
    PersonFactory(name="Hidden Person")
    response = client_for(hiring_manager).get(
        reverse("loops:closeness", args=[role.pk]), {"q": "findable"}, headers=htmx
    )
    assert "Findable Person" in response.text
    assert "Hidden Person" not in response.text
    assert "<html" not in response.text


def test_an_interviewer_with_no_part_gets_404(client_for, interviewer, role):
    client = client_for(interviewer)
    assert client.get(reverse("loops:closeness", args=[role.pk])).status_code == 404
    assert _set(client, role, f"{interviewer.pk}:daily").status_code == 404


def test_the_grid_costs_the_same_queries_for_40_and_400_people(
    client_for, hiring_manager, role, django_assert_num_queries
):
    client = client_for(hiring_manager)
    url = reverse("loops:closeness", args=[role.pk])
    PersonFactory.create_batch(40)
    with django_assert_num_queries(5):
        client.get(url)
    PersonFactory.create_batch(360)
    with django_assert_num_queries(5):
        client.get(url)


def test_without_script_a_click_returns_to_the_same_search(client_for, hiring_manager, role):
    person = PersonFactory()
    response = client_for(hiring_manager).post(
        reverse("loops:closeness-set", args=[role.pk]),
        {"cell": f"{person.pk}:daily", "q": "a&b c"},
    )
    assert response["Location"] == reverse("loops:closeness", args=[role.pk]) + "?q=a%26b+c"
