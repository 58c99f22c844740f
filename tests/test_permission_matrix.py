"""Every URL of the URLconf, asked by every kind of person, answers as the table in
``tests/permission_matrix.py`` says, and no answer carries what that person may not read.

The world: a role with its hiring manager and recruiter; its loop in debrief at the
reassessment step, where one interviewer's note is still a draft ("before"), another's
is submitted ("after"), and a third's too; second votes cast and not revealed; a decided
loop of the same role; and another role's loop that none of them has a part in.

A URL with no row in the table fails the test, so a new page cannot skip the matrix.
Set MATRIX_PRINT=1 to print each answer as a table row instead of checking it.
"""

import os
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from loops.debrief import actions
from loops.models import Loop, Step
from tests.factories import (
    FocusCompetencyFactory,
    LoopFactory,
    NoteFactory,
    PersonFactory,
    RoleFactory,
    SlotFactory,
    WeakSpotFactory,
)
from tests.permission_matrix import MATRIX, PERSONAS

pytestmark = pytest.mark.django_db

# Words only their writer, or the people allowed to read notes, may see.
DRAFT_TEXT = "DRAFT-WORDS: still thinking about the ledger answer"
AFTER_TEXT = "AFTER-WORDS: solid on retries and idempotency"
THIRD_TEXT = "THIRD-WORDS: vague about the on-call rota"
AFTER_WHY = "AFTER-WHY: the idempotency story settled it"
THIRD_WHY = "THIRD-WHY: the rota answer still bothers me"
OTHER_CANDIDATE = "Othello Otherrole"
OTHER_TEXT = "OTHER-WORDS: a note on another role's loop"


def url_names() -> dict[str, str]:
    """Every named URL (and unnamed ones by their pattern), with its pattern."""
    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if namespace == "admin":
                    key = "admin:*"
                elif pattern.name:
                    key = f"{namespace}:{pattern.name}" if namespace else pattern.name
                else:
                    key = route
                found.setdefault(key, route)

    walk(get_resolver().url_patterns, "", "")
    return found


class World:
    """The objects the URLs are asked about, and the people who ask."""

    def __init__(self):
        now = timezone.now()
        self.manager = PersonFactory(name="Maya Manager", is_hiring_team=True)
        self.recruiter = PersonFactory(name="Rita Recruiter", is_hiring_team=True)
        self.before = PersonFactory(name="Bea Before")
        self.after = PersonFactory(name="Abe After")
        self.third = PersonFactory(name="Tia Third")
        self.outsider = PersonFactory(name="Olga Outsider", is_hiring_team=True)
        self.staff = PersonFactory(name="Sam Staff", is_staff=True)
        self.role = RoleFactory(hiring_manager=self.manager, recruiters=[self.recruiter])
        self.focus = FocusCompetencyFactory(role=self.role, name="Reliability")
        FocusCompetencyFactory(role=self.role, name="Distributed systems")
        self.weak_spot = WeakSpotFactory(role=self.role, name="Working with sales")
        ended = now - timedelta(hours=3)
        times = {"starts_at": ended - timedelta(hours=1), "ends_at": ended}

        # The loop in debrief, votes cast and hidden.
        self.loop = LoopFactory(candidate__role=self.role, state=Loop.State.INTERVIEWING)
        self.slot = SlotFactory(loop=self.loop, interviewer=self.before, **times)
        NoteFactory(slot=self.slot, text=DRAFT_TEXT, submitted_at=None)
        after_slot = SlotFactory(loop=self.loop, interviewer=self.after, **times)
        NoteFactory(slot=after_slot, text=AFTER_TEXT, initial_vote="yes")
        third_slot = SlotFactory(loop=self.loop, interviewer=self.third, **times)
        NoteFactory(slot=third_slot, text=THIRD_TEXT, initial_vote="no")
        debrief = actions.start_debrief(self.loop, by=self.manager)
        actions.move_step(debrief, Step.REASSESSMENT, by=self.manager)
        actions.cast_vote(debrief, self.after, "strong_yes", why_moved=AFTER_WHY)
        actions.cast_vote(debrief, self.third, "strong_no", why_moved=THIRD_WHY, tie="none")

        # A decided loop of the same role, for records and reports.
        self.decided = LoopFactory(candidate__role=self.role, state=Loop.State.INTERVIEWING)
        for person, vote in ((self.before, "yes"), (self.after, "strong_yes")):
            slot = SlotFactory(loop=self.decided, interviewer=person, **times)
            NoteFactory(slot=slot, initial_vote=vote, text=AFTER_TEXT)
        done = actions.start_debrief(self.decided, by=self.manager)
        actions.move_step(done, Step.REASSESSMENT, by=self.manager)
        actions.cast_vote(done, self.after, "strong_yes")
        actions.reveal_votes(done, by=self.manager)
        actions.move_step(done, Step.DECISION, by=self.manager)
        actions.decide(done, "hire", rationale="Clear.", by=self.manager)

        # Another role's loop: nobody above but staff may learn anything of it.
        other_manager = PersonFactory(name="Otto Other", is_hiring_team=True)
        other_role = RoleFactory(title="Other Role", hiring_manager=other_manager)
        self.other_loop = LoopFactory(
            candidate__role=other_role,
            candidate__name=OTHER_CANDIDATE,
            state=Loop.State.INTERVIEWING,
        )
        other_slot = SlotFactory(loop=self.other_loop, interviewer=other_manager, **times)
        NoteFactory(slot=other_slot, text=OTHER_TEXT)

    def person(self, persona: str):
        return {
            "anonymous": None,
            "outsider": self.outsider,
            "before": self.before,
            "after": self.after,
            "recruiter": self.recruiter,
            "manager": self.manager,
            "staff": self.staff,
        }[persona]

    def kwargs(self, target: str) -> dict:
        """The URL arguments of a case's target."""
        return {
            "": {},
            "role": {"pk": self.role.pk},
            "focus": {"pk": self.role.pk, "item_pk": self.focus.pk},
            "weak_spot": {"pk": self.role.pk, "item_pk": self.weak_spot.pk},
            "person": {"pk": self.before.pk},
            "team_member": {"pk": self.recruiter.pk},
            "staff_member": {"pk": self.staff.pk},
            "loop": {"pk": self.loop.pk},
            "decided": {"pk": self.decided.pk},
            "other_loop": {"pk": self.other_loop.pk},
            "slot": {"pk": self.slot.pk},
            "record_md": {"pk": self.decided.pk, "fmt": "md"},
            "record_json": {"pk": self.decided.pk, "fmt": "json"},
            "live_record": {"pk": self.loop.pk, "fmt": "json"},
            "table": {"table": "against"},
            "reset": {"uidb64": "MQ", "token": "not-a-token"},
        }[target]

    def forbidden_words(self, persona: str) -> list[str]:
        """What this persona may never read, on any answer."""
        words = [THIRD_WHY]  # nobody reads a second vote before the reveal
        if persona != "staff":
            words += [OTHER_CANDIDATE, OTHER_TEXT]
        if persona != "before":
            words.append(DRAFT_TEXT)  # a draft is its writer's alone
        if persona != "after":
            words.append(AFTER_WHY)
        if persona not in ("after", "manager", "staff"):
            words += [AFTER_TEXT, THIRD_TEXT]  # no anchoring; recruiters read no notes
        return words


@pytest.fixture
def world(db):
    return World()


def path_of(world: World, name: str, case) -> str:
    if name == "admin:*":
        return case.target
    try:
        return reverse(name, kwargs=world.kwargs(case.target))
    except NoReverseMatch:
        return "/" + name  # an unnamed URL, keyed by its route


def ask(world: World, persona: str, case, path: str):
    client = Client()
    person = world.person(persona)
    if person is not None:
        client.force_login(person)
    headers = {"HX-Request": "true"} if case.htmx else {}
    if case.method == "GET":
        return client.get(path, headers=headers)
    return client.post(path, case.data, headers=headers)


def location(response) -> str:
    return response.get("Location", "") if response.status_code in (301, 302) else ""


def outcome(response) -> str:
    """The answer in the table's words: a status, or "login" for a redirect to sign in."""
    if response.status_code == 302 and "/login/" in location(response):
        return "login"
    return str(response.status_code)


def test_every_url_has_a_row_in_the_table():
    assert sorted(set(url_names()) - set(MATRIX)) == [], "URLs without a row in the matrix"
    assert sorted(set(MATRIX) - set(url_names())) == [], "rows of URLs that no longer exist"


CASES = [
    pytest.param(name, index, id=f"{name}#{index}")
    for name, cases in MATRIX.items()
    if name != "loops:debrief-stream"
    for index in range(len(cases))
]


@pytest.mark.parametrize(("name", "index"), CASES)
def test_each_person_gets_the_answer_the_table_gives_and_reads_nothing_forbidden(
    world, name, index
):
    case = MATRIX[name][index]
    path = path_of(world, name, case)
    seen = {}
    for persona in PERSONAS:
        # Each person asks the world as it was: a change one makes is rolled back.
        with transaction.atomic():
            response = ask(world, persona, case, path)
            seen[persona] = outcome(response)
            body = b"" if response.streaming else response.content
            transaction.set_rollback(True)
        text = body.decode(errors="replace")
        for word in world.forbidden_words(persona):
            assert word not in text, f"{persona} read “{word}” at {case.method} {path}"
        if persona != "anonymous" and response.status_code == 200:
            # Nothing a signed-in person reads may stay in a browser's history or a proxy.
            assert "no-store" in response.get("Cache-Control", ""), f"{case.method} {path}"
    if os.environ.get("MATRIX_PRINT"):
        print(f"\n{name}#{index} {case.method} {path}: {seen}")
    else:
        assert seen == case.expected, f"{case.method} {path}"


@pytest.mark.django_db(transaction=True)
def test_the_stream_answers_as_the_table_gives():
    world = World()
    (case,) = MATRIX["loops:debrief-stream"]
    path = path_of(world, "loops:debrief-stream", case)
    seen = {}
    for persona in PERSONAS:
        response = ask(world, persona, case, path)
        seen[persona] = outcome(response)
        if response.streaming:
            response.close()
    assert seen == case.expected


def test_the_guarded_words_show_where_they_are_allowed(world):
    """So that their absence everywhere else means something."""

    def page(persona, name, target):
        client = Client()
        client.force_login(world.person(persona))
        return client.get(reverse(name, kwargs=world.kwargs(target))).content.decode()

    assert DRAFT_TEXT in page("before", "loops:note", "slot")
    assert AFTER_TEXT in page("manager", "loops:loop-notes", "loop")
    assert THIRD_TEXT in page("after", "loops:loop-notes", "loop")
    assert OTHER_CANDIDATE in page("staff", "loops:loop-detail", "other_loop")
    debrief = world.loop.debrief
    actions.reveal_votes(debrief, by=world.manager)
    assert THIRD_WHY in page("manager", "loops:debrief", "loop")
    assert AFTER_WHY in page("before", "loops:debrief", "loop")
