"""The pre-read's changes, fuzzed."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from loops.models import (
    AgendaEntry,
)
from loops.services import agenda as agenda_rules
from tests.fuzz.harness import (
    FUZZ,
    HOW,
    field,
    form,
    last,
    prose,
    rolled_back,
    rows,
    says_why,
    send,
)

pytestmark = pytest.mark.django_db


@FUZZ
@given(data=st.data())
def test_fuzzed_changes_to_the_preread_do_what_they_say_or_nothing(
    data, manager, htmx, ready_loop, by_hand
):
    keys = [item.key for item in agenda_rules.agenda_for(ready_loop).items]
    post = data.draw(
        form(
            {
                "action": field("add", "dismiss", "restore", "up", "down"),
                "key": field(*keys),
                "text": prose("Ask about on-call"),
                "reason": prose("Already settled"),
            }
        )
    )
    how = data.draw(HOW)
    fields = ("key", "text", "dismissed_reason", "position")
    with rolled_back():
        before = rows(AgendaEntry.objects, *fields)
        url = reverse("loops:preread-change", args=[ready_loop.pk])
        if says_why(send(manager, url, post, how, htmx)).refused:
            assert rows(AgendaEntry.objects, *fields) == before
        elif last(post, "action") == "add":
            # The form's input has maxlength="500": a browser sends no more.
            added = AgendaEntry.objects.latest("pk")
            assert added.text == last(post, "text").strip()[:500]
