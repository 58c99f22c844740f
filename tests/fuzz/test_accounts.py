"""Organisation settings, sign-in and password resets, fuzzed."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st

from loops.forms.settings import OrgSettingsForm
from loops.models import (
    OrgSettings,
    Person,
)
from tests.factories import (
    PASSWORD,
)
from tests.fuzz.harness import (
    FUZZ,
    HOW,
    JUNK,
    NUMBER,
    field,
    form,
    last,
    prose,
    refused_for_a_nul,
    rolled_back,
    rows,
    says_why,
    send,
    visible,
)

pytestmark = pytest.mark.django_db


SETTINGS_FIELDS = OrgSettingsForm.Meta.fields


@FUZZ
@given(data=st.data())
def test_fuzzed_organisation_settings_are_saved_as_typed_or_not_at_all(
    data, client_for, htmx, staff
):
    client = client_for(staff)
    OrgSettings.load()
    numbers = st.one_of(st.integers(-5, 400).map(str), NUMBER, JUNK)
    post, how = data.draw(form(dict.fromkeys(SETTINGS_FIELDS, numbers))), data.draw(HOW)
    with rolled_back():
        before = rows(OrgSettings.objects, *SETTINGS_FIELDS)
        if says_why(send(client, reverse("loops:org-settings"), post, how, htmx)).refused:
            assert rows(OrgSettings.objects, *SETTINGS_FIELDS) == before
        else:
            stored = OrgSettings.objects.values(*SETTINGS_FIELDS).get()
            for name in SETTINGS_FIELDS:
                typed = last(post, name).strip()
                if typed.isascii() and typed.isdigit():
                    assert stored[name] == int(typed)


@FUZZ
@given(data=st.data())
def test_fuzzed_sign_ins_sign_in_only_with_the_password_and_say_why_not(
    data, client, htmx, hiring_manager
):
    post = data.draw(
        form(
            {
                "username": field(hiring_manager.email, " MAYA@example.com ", "nobody@example.com"),
                "password": prose(PASSWORD, "wrong"),
            }
        )
    )
    how = data.draw(HOW)
    with rolled_back():
        response = send(client, reverse("login"), post, how, htmx)
        assert response.status_code < 500
        if response.status_code == 302:
            assert client.session["_auth_user_id"] == str(hiring_manager.pk)
            assert last(post, "password") == PASSWORD
            client.logout()
        elif response.status_code == 429:
            assert "Too many sign-in attempts" in response.text
        elif refused_for_a_nul(response, post):
            pass
        else:
            # Django's own forms answer a refusal with 200 and the form's errors.
            assert response.status_code == 200
            errors = re.findall(r'class="errorlist[^>]*>(.*?)</(?:div|ul)>', response.text, re.S)
            assert any(visible(error) for error in errors), (
                "the sign-in form was refused without a visible reason"
            )


@FUZZ
@given(data=st.data())
def test_fuzzed_password_reset_requests_never_fail_and_say_what_is_wrong(
    data, client, htmx, hiring_manager
):
    post = data.draw(form({"email": field(hiring_manager.email, "nobody@example.com")}))
    how = data.draw(HOW)
    with rolled_back():
        response = send(client, reverse("password_reset"), post, how, htmx)
        if refused_for_a_nul(response, post):
            return
        # Sent on (302), refused with the reason (422), or over the limits (429, said why).
        assert response.status_code in (302, 422, 429)
        if response.status_code != 302:
            assert 'class="errorlist' in response.text


@pytest.fixture
def set_password(client, hiring_manager):
    """The page of an emailed reset link, where the new password is chosen (the link made
    as the worker makes it: tests/test_password_reset.py follows one from the email)."""
    uid = urlsafe_base64_encode(force_bytes(hiring_manager.pk))
    token = default_token_generator.make_token(hiring_manager)
    return client.get(reverse("password_reset_confirm", args=[uid, token])).url


@FUZZ
@given(data=st.data())
def test_fuzzed_new_passwords_are_set_or_refused_with_the_reason(
    data, client, htmx, hiring_manager, set_password
):
    typed = prose("a much better secret 42")
    post = data.draw(form({"new_password1": typed, "new_password2": typed}))
    how = data.draw(HOW)
    with rolled_back():
        before = rows(Person.objects, "password")
        response = send(client, set_password, post, how, htmx)
        if refused_for_a_nul(response, post):
            return
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert 'class="errorlist' in response.text
            assert rows(Person.objects, "password") == before
        else:
            hiring_manager.refresh_from_db()
            assert hiring_manager.check_password(last(post, "new_password1"))
