"""CSRF on every state change: each URL pattern that accepts POST, found by walking the
URLconf, refuses a signed-in POST without a CSRF token (403) and takes one with it.

The walk reads each view's declared methods (``require_POST``, ``require_http_methods``,
a class-based view's handlers); a view that declares none answers every method, so it
counts as accepting POST. A view declared GET-only is checked to refuse a POST with a
token (405), so a view that accepts POST cannot hide from the walk. Every pattern must
be reachable with the URL arguments built below: a new pattern the test cannot fill in
fails it, naming itself.

Sign-in attempts are rate-limited by django-axes: tests/test_auth.py
(``test_sign_in_pauses_after_five_wrong_passwords``) checks that after AXES_FAILURE_LIMIT
(5) wrong passwords the right one is refused too, with a clear message; not repeated here.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from loops.debrief import actions
from loops.models import Loop
from tests.factories import LoopFactory, NoteFactory, PersonFactory, SlotFactory

pytestmark = pytest.mark.django_db

CSRF_FAILURE = "CSRF verification failed"
# The streaming view closes the request thread's database connection (see its comment),
# which would end this test's transaction: its token check runs in its own test below.
STREAM = "loops:debrief-stream"


def patterns(resolver=None, prefix="", namespace=""):
    """(route, name, view) of every URL pattern, includes and namespaces followed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from patterns(pattern, prefix + str(pattern.pattern), inner)
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern.callback


def declared_methods(view) -> set[str] | None:
    """The HTTP methods a view declares; None when it declares none (it answers all)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        handlers = (
            method for method in view_class.http_method_names if hasattr(view_class, method)
        )
        return {method.upper() for method in handlers}
    while view is not None:
        code, cells = getattr(view, "__code__", None), getattr(view, "__closure__", None) or ()
        for name, cell in zip(code.co_freevars if code else (), cells, strict=False):
            if name == "request_method_list":
                return set(cell.cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


def fill(route: str, arguments: dict) -> str:
    """The path of ``route`` (a path() route or a regex) with its arguments filled in."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(arguments[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(arguments[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")


DEBRIEF_URLS = [
    "loops:debrief",
    "loops:debrief-start",
    "loops:debrief-join",
    STREAM,
    "loops:debrief-step",
    "loops:debrief-resolve",
    "loops:debrief-role",
    "loops:debrief-role-apply",
    "loops:debrief-vote",
    "loops:debrief-reveal",
    "loops:debrief-decide",
]


@pytest.fixture
def boss(db):
    """Staff and superuser: may do everything, so a 403 can only be the CSRF check's."""
    return PersonFactory(name="Bo Boss", email="bo@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def places(role, loop, boss, interviewer, hiring_manager):
    """Real objects for every URL argument: a draft loop with the boss's slot, and a loop
    in its debrief."""
    ends = timezone.now() - timedelta(hours=2)
    slot = SlotFactory(
        loop=loop, interviewer=boss, starts_at=ends - timedelta(hours=1), ends_at=ends
    )
    in_debrief = LoopFactory(candidate__role=role, state=Loop.State.INTERVIEWING)
    NoteFactory(slot=SlotFactory(loop=in_debrief, interviewer=interviewer), initial_vote="yes")
    actions.start_debrief(in_debrief, by=hiring_manager)
    return {
        "loops:person-edit": {"pk": interviewer.pk},
        **{
            name: {"pk": role.pk}
            for name in (
                "loops:role-detail",
                "loops:role-edit",
                "loops:focus-form",
                "loops:focus-add",
                "loops:weak-spot-add",
                "loops:closeness",
                "loops:closeness-set",
                "loops:candidate-new",
            )
        },
        "loops:focus-delete": {"pk": role.pk, "item_pk": role.focus_competencies.first().pk},
        "loops:weak-spot-delete": {"pk": role.pk, "item_pk": role.weak_spots.first().pk},
        **{
            name: {"pk": loop.pk}
            for name in (
                "loops:loop-detail",
                "loops:loop-coverage",
                "loops:slot-add",
                "loops:loop-suggest",
                "loops:loop-suggest-apply",
                "loops:loop-move",
                "loops:loop-notes",
                "loops:preread",
                "loops:preread-json",
                "loops:preread-change",
            )
        },
        **{
            name: {"pk": slot.pk}
            for name in (
                "loops:slot-edit",
                "loops:slot-delete",
                "loops:slot-move",
                "loops:slot-swap",
                "loops:slot-kit",
                "loops:note",
                "loops:note-autosave",
                "loops:note-vote",
                "loops:note-submit",
                "loops:note-amend",
            )
        },
        **{name: {"pk": in_debrief.pk} for name in DEBRIEF_URLS},
        "loops:debrief-record": {"pk": in_debrief.pk, "fmt": "json"},
        "loops:role-report-csv": {"table": "roles"},
        "password_reset_confirm": {"uidb64": "MQ", "token": "not-a-token"},
        # The admin's: any model's object (one that does not exist is a message, not an error).
        "admin": {
            "object_id": boss.pk,
            "id": boss.pk,
            "app_label": "loops",
            "content_type_id": ContentType.objects.get_for_model(boss).pk,
            "url": "nowhere/",
        },
    }


def url_of(route: str, name: str | None, places: dict) -> str:
    if not re.search(r"<|\(\?P<", route):
        return fill(route, {})
    if name in places:
        return fill(route, places[name])
    if route.startswith("admin/"):
        return fill(route, places["admin"])
    pytest.fail(
        f"No URL arguments for {name or route!r}: add them to `places` in tests/test_csrf.py "
        "so its CSRF check runs."
    )


def signed_in(person) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    return client


def csrf_token_for(client: Client) -> str:
    """A token as a page would carry it, with its cookie set on ``client``."""
    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    return token


def test_every_url_that_accepts_post_refuses_it_without_a_csrf_token_and_takes_it_with_one(
    places, boss
):
    checked, refused_post = [], []
    for route, name, view in patterns():
        url = url_of(route, name, places)
        assert resolve(url.split("?")[0]).func == view, f"{url} does not reach {name or route}"
        methods = declared_methods(view)
        with transaction.atomic():
            client = signed_in(boss)
            if methods is not None and "POST" not in methods:
                # Declared GET-only: a POST with a token must be turned away (405), else the
                # view accepts POST without the walk knowing it.
                token = csrf_token_for(client)
                response = client.post(url, {"csrfmiddlewaretoken": token})
                assert response.status_code == 405, f"{name or route} accepts POST undeclared"
                refused_post.append(name or route)
                transaction.set_rollback(True)
                continue
            without = client.post(url, {"some": "thing"})
            assert without.status_code == 403, f"{name or route}: POST without a token passed"
            assert CSRF_FAILURE in without.text, f"{name or route}: 403, but not from CSRF"
            if name != STREAM:
                token = csrf_token_for(client)
                response = client.post(url, {"csrfmiddlewaretoken": token, "some": "thing"})
                assert CSRF_FAILURE not in response.text, f"{name or route}: token refused"
                if (name or "").startswith("loops:"):
                    assert response.status_code != 403, f"{name}: 403 with a token"
            checked.append(name or route)
            transaction.set_rollback(True)

    # The walk found the app's state changes (a sanity check, not the list it relies on).
    state_changes = {
        "login",
        "logout",
        "password_reset",
        "password_change",
        "loops:person-new",
        "loops:people-import",
        "loops:role-new",
        "loops:closeness-set",
        "loops:slot-add",
        "loops:slot-swap",
        "loops:loop-move",
        "loops:note-autosave",
        "loops:note-submit",
        "loops:preread-change",
        "loops:debrief-vote",
        "loops:debrief-decide",
        "loops:org-settings",
        "admin:loops_person_change",
    }
    assert state_changes <= set(checked), state_changes - set(checked)
    assert {"loops:debrief-record", "loops:calibration", "healthz"} <= set(refused_post)


def test_an_htmx_post_with_the_pages_token_header_passes_the_csrf_check(places, boss):
    """htmx sends the token from the page's hx-headers as X-CSRFToken."""
    client = signed_in(boss)
    page = client.get(reverse("loops:note", args=[places["loops:note"]["pk"]]))
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.text).group(1)
    url = reverse("loops:note-autosave", args=[places["loops:note"]["pk"]])
    headers = {"HX-Request": "true", "X-CSRFToken": token, "Accept": "application/json"}
    assert client.post(url, {"version": "0"}, headers=headers).status_code == 200
    stripped = {key: value for key, value in headers.items() if key != "X-CSRFToken"}
    assert client.post(url, {"version": "1"}, headers=stripped).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_debrief_stream_refuses_a_post_without_a_token_and_streams_with_one(
    loop, hiring_manager, interviewer
):
    """It closes its request thread's connection, hence a test of its own, on committed rows.
    (It answers any method: it only reads, but ``require_GET`` would say so.)"""
    Loop.objects.filter(pk=loop.pk).update(state=Loop.State.INTERVIEWING)
    NoteFactory(slot=SlotFactory(loop=loop, interviewer=interviewer))
    actions.start_debrief(loop, by=hiring_manager)
    client = signed_in(interviewer)
    url = reverse(STREAM, args=[loop.pk])
    without = client.post(url)
    assert without.status_code == 403 and CSRF_FAILURE in without.text
    response = client.post(url, {"csrfmiddlewaretoken": csrf_token_for(client)})
    assert response.status_code == 200
    response.close()
