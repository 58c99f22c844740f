"""Password resets: the link is sent by the worker, so a known and an unknown email are
answered alike; and nobody can flood a mailbox, one email or many from one address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from loops.models import ResetRequest
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ASK = "/accounts/password_reset/"


def ask(client, email, address="192.0.2.10"):
    return client.post(ASK, {"email": email}, REMOTE_ADDR=address)


@pytest.mark.django_db(transaction=True)
def test_a_forgotten_password_is_reset_through_an_emailed_link(client, celery_worker, wait_for):
    PersonFactory(email="maya@example.com", name="Maya")
    response = client.post(ASK, {"email": "Maya@Example.com"}, follow=True)
    assert "Check your email" in response.text
    assert wait_for(lambda: mail.outbox), "the worker sent no link"
    (message,) = mail.outbox
    assert message.to == ["maya@example.com"]
    # The link points at the address the site was asked on.
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a much better secret 42", "new_password2": "a much better secret 42"},
        follow=True,
    )
    assert "Your password is set" in done.text
    signed_in = client.post(
        reverse("login"), {"username": "maya@example.com", "password": "a much better secret 42"}
    )
    assert signed_in.status_code == 302


def test_a_known_and_an_unknown_email_are_answered_alike_and_nothing_is_sent_in_the_request(
    client, django_capture_on_commit_callbacks
):
    PersonFactory(email="maya@example.com")
    answers = []
    for email in ("maya@example.com", "nobody@example.com"):
        with django_capture_on_commit_callbacks() as queued:
            response = ask(client, email)
        answers.append((response.status_code, response["Location"], len(queued)))
    assert answers == [(302, reverse("password_reset_done"), 1)] * 2
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_an_unknown_email_gets_nothing(client, celery_worker, wait_for):
    PersonFactory(email="maya@example.com")
    ask(client, "nobody@example.com")
    ask(client, "maya@example.com")
    assert wait_for(lambda: mail.outbox)
    assert [message.to for message in mail.outbox] == [["maya@example.com"]]


def test_one_email_gets_at_most_three_links_an_hour(client, django_capture_on_commit_callbacks):
    PersonFactory(email="maya@example.com")
    statuses = []
    with django_capture_on_commit_callbacks() as queued:
        for n in range(25):
            statuses.append(ask(client, "maya@example.com", address=f"192.0.2.{n}").status_code)
    assert statuses == [302] * 3 + [429] * 22
    assert len(queued) == 3
    refused = ask(client, "MAYA@example.com", address="192.0.2.200")
    assert refused.status_code == 429
    assert "Several links were sent to this email in the last hour" in refused.text


def test_one_address_asks_for_at_most_ten_links_an_hour(client):
    statuses = [ask(client, f"person{n}@example.com").status_code for n in range(12)]
    assert statuses == [302] * 10 + [429] * 2
    refused = ask(client, "another@example.com")
    assert "Too many reset links were asked for from your network" in refused.text
    assert ask(client, "another@example.com", address="192.0.2.77").status_code == 302


def test_requests_older_than_the_window_no_longer_count(client, settings):
    for _ in range(3):
        ask(client, "maya@example.com")
    assert ask(client, "maya@example.com").status_code == 429
    ResetRequest.objects.update(at=ResetRequest.objects.first().at - settings.PASSWORD_RESET_WINDOW)
    assert ask(client, "maya@example.com").status_code == 302
