"""Sign-in limits that cannot be sidestepped: not by a forged X-Forwarded-For, not by
typing the email in another case, not by trying one password across many accounts."""

import re
from pathlib import Path

import httpx
import pytest
from django.urls import reverse

from debrief.asgi import without_underscored_headers
from debrief.proxies import client_address, parse_proxies
from tests.asgi_server import asgi_server
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
LOGIN = "/accounts/login/"
LOCKED = "Too many sign-in attempts"


def sign_in(client, email, password, address="192.0.2.10", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def test_a_forged_forwarded_address_gives_no_fresh_attempts(client):
    PersonFactory(email="maya@example.com")
    for n in range(5):
        sign_in(client, "maya@example.com", "wrong", forwarded=f"203.0.113.{n}")
    response = sign_in(client, "maya@example.com", PASSWORD, forwarded="198.51.100.7")
    assert response.status_code == 429
    assert LOCKED in response.text


def test_behind_a_named_proxy_each_client_is_counted_apart(client, settings):
    """The proxy's own address is shared by everyone: what counts is the address it saw."""
    PersonFactory(email="maya@example.com")
    proxy = "10.0.0.5"
    with settings_proxies(settings, [proxy]):
        for _ in range(5):
            # A client forging a header: the proxy appends the address it really saw.
            sign_in(client, "maya@example.com", "wrong", proxy, forwarded="1.2.3.4, 203.0.113.9")
        locked = sign_in(client, "maya@example.com", PASSWORD, proxy, forwarded="203.0.113.9")
        assert locked.status_code == 429
        other = sign_in(client, "maya@example.com", PASSWORD, proxy, forwarded="203.0.113.20")
        assert other.status_code == 302


class settings_proxies:
    """Name the proxies for a block (the middleware reads them when it is built)."""

    def __init__(self, settings, proxies):
        self.settings, self.proxies = settings, proxies

    def __enter__(self):
        self.settings.TRUSTED_PROXIES = self.proxies
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not a proxy: the header is ignored
        ("10.0.0.5", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the proxy's hop counts
        ("10.0.0.5", "203.0.113.9, 10.0.0.6", "203.0.113.9"),  # two proxies in a row
        ("10.0.0.5", "", "10.0.0.5"),  # no header: the proxy itself
        ("10.0.0.5", "not-an-address", "10.0.0.5"),  # garbage is never believed
        ("10.0.0.5", "203.0.113.9:5555", "203.0.113.9"),  # a proxy that writes the port
        ("10.0.0.5", "[2001:db8::1]:443", "2001:db8::"),  # ...in brackets for IPv6
        # An IPv6 client counts by its /64: one subscriber holds all of it.
        ("2001:db8:1:2:aaaa::1", "", "2001:db8:1:2::"),
        ("2001:db8:1:2:bbbb::7", "", "2001:db8:1:2::"),
    ],
)
def test_the_client_address_is_read_from_the_right_past_named_proxies(peer, forwarded, expected):
    assert client_address(peer, forwarded, parse_proxies(["10.0.0.0/24"])) == expected


def test_the_email_in_another_case_gives_no_fresh_attempts(client):
    PersonFactory(email="sofia.alvarez@example.com")
    for _ in range(5):
        sign_in(client, "sofia.alvarez@example.com", "wrong")
    response = sign_in(client, " SOFIA.ALVAREZ@Example.com", PASSWORD)
    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_paused(client, settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 15
    people = [PersonFactory(email=f"person{n}@corp.example") for n in range(16)]
    answers = [sign_in(client, person.email, "Summer2026!").status_code for person in people[:15]]
    # Each account had one try: only the address's count can pause the fifteenth.
    assert answers == [200] * 14 + [429]
    # The sixteenth account, even with its right password, from that address: paused.
    assert sign_in(client, people[15].email, PASSWORD).status_code == 429
    # Another address is not.
    assert sign_in(client, people[15].email, PASSWORD, address="192.0.2.99").status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_the_address_limit(client, settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 10
    mine = PersonFactory(email="attacker@corp.example")
    victims = [PersonFactory(email=f"victim{n}@corp.example") for n in range(10)]
    for n, victim in enumerate(victims):
        sign_in(client, victim.email, "guess")
        if n == 5:
            assert sign_in(client, mine.email, PASSWORD).status_code == 302
            client.post(reverse("logout"))
    assert sign_in(client, mine.email, PASSWORD).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_through_the_real_server_a_forged_header_is_ignored():
    """As `make run` and the container serve it: uvicorn must not rewrite the address."""
    PersonFactory(email="maya@example.com")
    with asgi_server() as server, httpx.Client(base_url=server.url) as http:

        def attempt(password, forwarded):
            page = http.get(LOGIN)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
            return http.post(
                LOGIN,
                data={"csrfmiddlewaretoken": token, "username": "maya@example.com",
                      "password": password},
                headers={"X-Forwarded-For": forwarded, "Referer": server.url + LOGIN},
            )  # fmt: skip

        for n in range(5):
            attempt("wrong", f"203.0.113.{n}")
        assert attempt(PASSWORD, "198.51.100.7").status_code == 429


def test_a_header_spelled_with_underscores_cannot_pose_as_a_forwarded_address():
    """WSGI reads "X_Forwarded_For" as HTTP_X_FORWARDED_FOR, beside the proxy's own header."""
    scope = {
        "type": "http",
        "headers": [
            (b"x-forwarded-for", b"203.0.113.7"),
            (b"x_forwarded_for", b"6.6.6.6"),
            (b"accept", b"text/html"),
        ],
    }
    kept = without_underscored_headers(scope)["headers"]
    assert kept == [(b"x-forwarded-for", b"203.0.113.7"), (b"accept", b"text/html")]


@pytest.mark.parametrize("launcher", ["bin/run", "Dockerfile", "tests/asgi_server.py"])
def test_every_server_we_ship_leaves_forwarded_headers_to_the_app(launcher):
    text = (ROOT / launcher).read_text()
    assert "uvicorn" in text
    assert "--no-proxy-headers" in text
    assert "--forwarded-allow-ips" not in text
