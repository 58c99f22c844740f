"""What people typed comes back escaped on every page that shows it, and the exports
are data a spreadsheet or a Markdown renderer cannot run."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from loops.debrief import actions, panels, seats
from loops.models import (
    Loop,
    Step,
)
from loops.services import agenda as agenda_rules
from tests.factories import (
    FocusCompetencyFactory,
    LoopFactory,
    NoteFactory,
    SlotFactory,
)
from tests.fuzz.harness import ATTRIBUTE, SCRIPT, xss

pytestmark = pytest.mark.django_db


def assert_escaped(response, where: str) -> None:
    assert response.status_code == 200, where
    assert response["Content-Type"].startswith("text/html"), where
    body = response.content.decode()
    assert SCRIPT not in body, f"{where} shows a stored <script> unescaped"
    assert ATTRIBUTE not in body, f"{where} shows a stored attribute breakout unescaped"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, f"{where} shows none of the payloads"


@pytest.fixture
def hostile(role, hiring_manager, interviewer, dana):
    """A role, a candidate, people, notes, an agenda item, resolutions, second votes and a
    decision, each holding markup in what a person typed."""
    role.title = xss("role")
    role.save()
    for person, label in ((interviewer, "person"), (dana, "=HYPERLINK(1)")):
        person.name = xss(label)
        person.save()
    focus = FocusCompetencyFactory(role=role, name=xss("focus"), because=xss("because"))
    loop = LoopFactory(
        candidate__role=role, candidate__name=xss("candidate"), state=Loop.State.INTERVIEWING
    )
    ended = timezone.now() - timedelta(hours=30)
    for person in (interviewer, dana):
        NoteFactory(
            slot=SlotFactory(
                loop=loop,
                interviewer=person,
                starts_at=ended - timedelta(hours=1),
                ends_at=ended,
                focus=[focus],
            ),
            initial_vote="yes",
            ratings={f"focus:{focus.pk}": "yes"},
            text=xss("note text"),
            flags=[{"colour": "red", "text": xss("flag"), "intent": "concern"}],
            stories=[
                {name: xss(f"story {name}") for name in ("title", "setup", "actions", "outcome")}
                | {"conclusion": xss("story conclusion")}
            ],
        )
    agenda_rules.add_item(loop, xss("agenda"), by=hiring_manager)
    return loop


def test_everything_people_typed_is_escaped_on_every_page_that_shows_it(
    client, hostile, hiring_manager, interviewer, dana, staff
):
    loop, by = hostile, hiring_manager
    slot = loop.slots.get(interviewer=interviewer)
    as_manager = client
    as_manager.force_login(hiring_manager)
    pages = [
        reverse("loops:people"),
        reverse("loops:people-search") + "?slot-interviewer=person",
        reverse("loops:roles"),
        reverse("loops:role-detail", args=[loop.role_id]),
        reverse("loops:role-edit", args=[loop.role_id]),
        reverse("loops:closeness", args=[loop.role_id]),
        reverse("loops:loop-list"),
        reverse("loops:loop-detail", args=[loop.pk]),
        reverse("loops:loop-suggest", args=[loop.pk]),
        reverse("loops:slot-edit", args=[slot.pk]),
        reverse("loops:slot-kit", args=[slot.pk]),
        reverse("loops:loop-notes", args=[loop.pk]),
        reverse("loops:preread", args=[loop.pk]),
        reverse("loops:debrief", args=[loop.pk]),
    ]
    for url in pages:
        assert_escaped(as_manager.get(url), url)
    debrief_url = reverse("loops:debrief", args=[loop.pk])

    debrief = actions.start_debrief(loop, by=by)
    hand = next(i for i in panels.script_items(loop).information if i.kind == "by_hand")
    actions.resolve_item(debrief, hand.key, note=xss("resolution"), by=by)
    assert_escaped(as_manager.get(debrief_url), "the debrief at information quality")
    actions.move_step(debrief, Step.AMBIGUITY, by=by)
    flag = panels.script_items(loop).ambiguity[0]
    actions.resolve_item(debrief, flag.key, take="minor", note=xss("take"), by=by)
    assert_escaped(as_manager.get(debrief_url), "the debrief at ambiguity")
    needs = [{"name": xss("need"), "because": xss("need because")}]
    actions.state_role(debrief, needs, xss("statement"), by=by)
    actions.move_step(debrief, Step.REASSESSMENT, by=by)
    actions.cast_vote(
        debrief, interviewer, "strong_no", why_moved=xss("why"), tie="other", tied_to=xss("tie")
    )
    actions.cast_vote(debrief, dana, "yes", why_moved=xss("why dana"))
    as_voter = client_for_person(interviewer)
    assert_escaped(as_voter.get(debrief_url), "the voter's debrief before the reveal")
    actions.reveal_votes(debrief, by=by)
    assert_escaped(as_manager.get(debrief_url), "the debrief after the reveal")
    for audience in (seats.FACILITATOR, seats.MEMBER, seats.RESTRICTED):
        _, html = panels.render_panel(debrief.pk, audience)
        assert SCRIPT not in html and ATTRIBUTE not in html, f"the {audience}'s live panel"
    actions.decide(
        debrief, "hire", rationale=xss("rationale"), against_guidance_reason=xss("against"), by=by
    )

    for url in [
        debrief_url,
        reverse("loops:calibration"),
        reverse("loops:role-report"),
        reverse("loops:loop-detail", args=[loop.pk]),
        reverse("loops:loop-notes", args=[loop.pk]),
        reverse("loops:preread", args=[loop.pk]),
    ]:
        assert_escaped(as_manager.get(url), url)
    as_staff = client_for_person(staff)
    assert_escaped(as_staff.get(reverse("loops:audit")), "the audit trail")
    for url in [
        reverse("loops:my-interviews"),
        reverse("loops:note", args=[slot.pk]),
        reverse("loops:notices"),
        debrief_url,
    ]:
        assert_escaped(as_voter.get(url), f"{url} (the interviewer's)")

    # The exports are data, not pages: valid JSON, and Markdown whose renderer (elsewhere)
    # shows the words as written, with no tag of theirs to run.
    for url in (
        reverse("loops:debrief-record", args=[loop.pk, "json"]),
        reverse("loops:preread-json", args=[loop.pk]),
    ):
        response = as_manager.get(url)
        assert response["Content-Type"] == "application/json"
        assert SCRIPT in json.dumps(json.loads(response.content), ensure_ascii=False)
    record = as_manager.get(reverse("loops:debrief-record", args=[loop.pk, "md"]))
    assert record["Content-Type"].startswith("text/markdown")
    assert record["X-Content-Type-Options"] == "nosniff"
    assert record["Content-Disposition"].startswith("attachment")
    markdown = record.content.decode()
    assert "<script>" not in markdown
    assert "rationale &lt;script&gt;alert(1)&lt;/script&gt;" in markdown

    # A name that a spreadsheet would run as a formula is quoted in the CSV exports.
    for url in (
        reverse("loops:calibration-csv"),
        reverse("loops:role-report-csv", args=["against"]),
    ):
        cells = [
            cell for line in csv.reader(io.StringIO(as_manager.get(url).text)) for cell in line
        ]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], url


def client_for_person(person):
    from django.test import Client

    client = Client()
    client.force_login(person)
    return client
