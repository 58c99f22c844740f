import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/people/", "/people/new/", "/people/import/", "/roles/", "/roles/new/", "/settings/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_a_stranger_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_with_email_and_password_lands_on_the_roles(client):
    PersonFactory(email="maya@example.com", name="Maya")
    response = client.post(
        reverse("login"), {"username": "Maya@Example.com ", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("loops:home")
    assert "Maya" in response.text
    assert "Sign out" in response.text


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


def test_a_forgotten_password_is_reset_through_an_emailed_link(client):
    PersonFactory(email="maya@example.com", name="Maya")
    response = client.post(reverse("password_reset"), {"email": "maya@example.com"}, follow=True)
    assert "Check your email" in response.text
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a much better secret 42", "new_password2": "a much better secret 42"},
        follow=True,
    )
    assert "Your password is set" in done.text
    assert (
        client.post(
            reverse("login"),
            {"username": "maya@example.com", "password": "a much better secret 42"},
        ).status_code
        == 302
    )


def test_a_reset_for_an_unknown_email_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert "Check your email" in response.text
    assert mail.outbox == []
