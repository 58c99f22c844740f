import pytest
from django.urls import reverse

from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/people/", "/people/new/", "/people/import/", "/roles/", "/roles/new/", "/settings/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_a_stranger_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_hiring_team_signs_in_and_lands_on_the_loops(client):
    PersonFactory(email="maya@example.com", name="Maya", is_hiring_team=True)
    response = client.post(
        reverse("login"), {"username": "Maya@Example.com ", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("loops:loop-list")
    assert "Maya" in response.text
    assert "Sign out" in response.text


def test_an_interviewer_signs_in_and_lands_on_their_interviews(client):
    PersonFactory(email="ivan@example.com", name="Ivan")
    response = client.post(
        reverse("login"), {"username": "ivan@example.com", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("loops:my-interviews")
    assert "My interviews" in response.text


def test_a_wrong_password_says_so_and_keeps_the_email(client):
    PersonFactory(email="maya@example.com")
    response = client.post(reverse("login"), {"username": "maya@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct email and password" in response.text
    assert 'value="maya@example.com"' in response.text


def test_sign_in_pauses_after_five_wrong_passwords(client):
    PersonFactory(email="maya@example.com")
    for _ in range(5):
        client.post(reverse("login"), {"username": "maya@example.com", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "maya@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(client):
    person = PersonFactory()
    client.force_login(person)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/people/").status_code == 302
