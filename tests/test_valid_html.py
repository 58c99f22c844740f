"""The main pages are valid HTML, as the Nu HTML checker reads them.

The demo company's pages, each fetched by someone who may see it: the six pages people
spend their time on, and the others around them. The checker runs once over all of them.
Warnings are allowed; each error is printed with its page and line.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from loops.debrief import actions
from loops.demo.seed import DEBRIEF_LOOP, email_for, load_demo
from loops.models import Loop, Note, Person, Slot
from tests import nu_checker

pytestmark = pytest.mark.django_db


def _person(name: str) -> Person:
    return Person.objects.get(email=email_for(name))


def _note_form_slot(tom: Person) -> Slot:
    """Tom's slot on an interview that has just ended, his note not written yet."""
    slot = Slot.objects.filter(interviewer=tom).exclude(loop__state="cancelled").first()
    ended = timezone.now() - timedelta(hours=1)
    Slot.objects.filter(pk=slot.pk).update(starts_at=ended - timedelta(minutes=45), ends_at=ended)
    Note.objects.filter(slot=slot).delete()
    return slot


def _pages() -> dict[str, str]:
    """Page name → the HTML its reader gets."""
    load_demo()
    maya, tom, kim = _person("Maya Chen"), _person("Tom Becker"), _person("Kim Park")
    live = Loop.objects.get(candidate__name=DEBRIEF_LOOP)
    actions.start_debrief(live, by=live.role.hiring_manager)
    draft = Loop.objects.get(candidate__name="Priya Natarajan")
    decided = Loop.objects.get(candidate__name="Riley Chen")
    waiting = Loop.objects.get(candidate__name="Sam Okonkwo")
    role = live.role
    slot = _note_form_slot(tom)
    someone = Person.objects.filter(is_hiring_team=False, is_staff=False).first()

    wanted = [
        # The six main pages.
        ("loop page", maya, live.get_absolute_url()),
        ("note form", tom, reverse("loops:note", args=[slot.pk])),
        ("live debrief", maya, reverse("loops:debrief", args=[live.pk])),
        ("pre-read", maya, reverse("loops:preread", args=[live.pk])),
        ("calibration report", maya, reverse("loops:calibration")),
        ("directory", maya, reverse("loops:people")),
        # The pages around them.
        ("loop page, draft", maya, draft.get_absolute_url()),
        ("loop page, decided", maya, decided.get_absolute_url()),
        ("loop notes", maya, reverse("loops:loop-notes", args=[live.pk])),
        ("decided debrief", maya, reverse("loops:debrief", args=[decided.pk])),
        ("debrief not started", maya, reverse("loops:debrief", args=[waiting.pk])),
        ("role report", maya, reverse("loops:role-report")),
        ("roles", maya, reverse("loops:roles")),
        ("role", maya, role.get_absolute_url()),
        ("role form", maya, reverse("loops:role-edit", args=[role.pk])),
        ("new role", maya, reverse("loops:role-new")),
        ("closeness", maya, reverse("loops:closeness", args=[role.pk])),
        ("new candidate", maya, reverse("loops:candidate-new", args=[role.pk])),
        ("loops", maya, reverse("loops:loop-list")),
        ("slot form", maya, reverse("loops:slot-edit", args=[draft.slots.first().pk])),
        ("interview kit", tom, reverse("loops:slot-kit", args=[slot.pk])),
        ("my interviews", tom, reverse("loops:my-interviews")),
        ("notices", maya, reverse("loops:notices")),
        ("account", tom, reverse("loops:account")),
        ("new person", maya, reverse("loops:person-new")),
        ("person form", maya, reverse("loops:person-edit", args=[someone.pk])),
        ("people import", maya, reverse("loops:people-import")),
        ("settings", kim, reverse("loops:org-settings")),
        ("audit trail", kim, reverse("loops:audit")),
        ("sign-in", None, reverse("login")),
        ("password reset", None, reverse("password_reset")),
    ]
    pages = {}
    for name, reader, url in wanted:
        client = Client()
        if reader is not None:
            client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
        pages[f"{name} ({url})"] = response.content.decode()
    return pages


def test_the_main_pages_have_no_html_errors():
    if reason := nu_checker.missing():
        pytest.fail(f"The Nu HTML checker cannot run: {reason}.")
    problems = nu_checker.errors(_pages())
    for problem in problems:
        print(problem)
    assert problems == [], f"{len(problems)} HTML errors (printed above)"
