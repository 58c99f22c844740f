"""The live debrief, page by page: starting it, joining, the script's steps, the second
vote hidden until the reveal, the decision and the read-only record."""

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from loops.debrief import actions, panels, seats
from loops.models import (
    CloseLevel,
    Debrief,
    FocusCompetency,
    Loop,
    OrgSettings,
    Resolution,
    SecondVote,
    Step,
)
from tests.factories import NoteFactory, PersonFactory, SlotFactory, loop_with_votes

pytestmark = pytest.mark.django_db

RED_FLAG = "Blamed the team for the outage"
IVAN_WHY = "Could not explain the failover"
IVAN_TIE = "Failover drills"
DANA_WHY = "The design answer won me over"


# Tags that break the text; inline ones (strong, span, a) run on with their neighbours.
BLOCKS = {
    "p", "div", "li", "ul", "ol", "td", "th", "tr", "table", "h1", "h2", "h3", "br",
    "section", "article", "blockquote", "form", "fieldset", "legend", "label", "button",
    "textarea", "input", "option", "header", "nav", "main", "footer", "title",
}  # fmt: skip


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible(response_or_html) -> str:
    """The text a reader sees, whitespace collapsed."""
    html = getattr(response_or_html, "text", response_or_html)
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def url(name, loop, *args):
    return reverse(f"loops:{name}", args=[loop.pk, *args])


def needs_post(*rows) -> dict:
    """The role's needs as the facilitator's form posts them: (need, because) per row."""
    data = {"need-TOTAL_FORMS": str(len(rows)), "need-INITIAL_FORMS": "0"}
    for index, (name, because) in enumerate(rows):
        data |= {f"need-{index}-name": name, f"need-{index}-because": because}
    return data


def assert_applied(response):
    """A facilitator's htmx change that went through: nothing to swap, since their screen
    follows its stream like everyone's."""
    assert response.status_code == 204
    assert response.content == b""


@pytest.fixture
def dana(db):
    return PersonFactory(name="Dana Daily", email="dana@example.com")


@pytest.fixture
def nora(db):
    return PersonFactory(name="Nora Pending", email="nora@example.com")


@pytest.fixture
def ready_loop(loop, interviewer, dana, nora):
    """Interviews done: Ivan (weekly) says yes with a red flag, Dana (daily) says no,
    Nora's (less than weekly) note is not in."""
    loop.state = Loop.State.INTERVIEWING
    loop.save()
    ended = timezone.now() - timedelta(hours=2)
    times = {"starts_at": ended - timedelta(hours=1), "ends_at": ended}
    NoteFactory(
        slot=SlotFactory(loop=loop, interviewer=interviewer, closeness=CloseLevel.WEEKLY, **times),
        initial_vote="yes",
        flags=[{"colour": "red", "text": RED_FLAG, "intent": "concern"}],
    )
    NoteFactory(
        slot=SlotFactory(loop=loop, interviewer=dana, closeness=CloseLevel.DAILY, **times),
        initial_vote="no",
    )
    SlotFactory(loop=loop, interviewer=nora, closeness=CloseLevel.LESS, **times)
    return loop


@pytest.fixture
def debrief(ready_loop, hiring_manager):
    return actions.start_debrief(ready_loop, by=hiring_manager)


@pytest.fixture
def invited_debrief(ready_loop, hiring_manager):
    return actions.start_debrief(ready_loop, by=hiring_manager, recruiter_invited=True)


def at_step(debrief, step, by):
    return actions.move_step(debrief, step, by=by)


def item_key(debrief, kind):
    items = panels.script_items(debrief.loop)
    return next(item.key for item in items.information + items.ambiguity if item.kind == kind)


@pytest.fixture
def voted(debrief, hiring_manager, interviewer, dana):
    """At reassessment: Ivan moved from yes to a strong no tied to a need he named, Dana
    from no to yes; Nora has not voted. Not revealed."""
    at_step(debrief, Step.REASSESSMENT, hiring_manager)
    actions.cast_vote(
        debrief, interviewer, "strong_no", why_moved=IVAN_WHY, tie="other", tied_to=IVAN_TIE
    )
    actions.cast_vote(debrief, dana, "yes", why_moved=DANA_WHY)
    return debrief


@pytest.fixture
def revealed(voted, hiring_manager):
    return actions.reveal_votes(voted, by=hiring_manager)


@pytest.fixture
def decided(revealed, hiring_manager):
    """Settled the missing note and the red flag, revealed, decided no hire."""
    at_step(revealed, Step.INFORMATION_QUALITY, hiring_manager)
    actions.resolve_item(
        revealed, item_key(revealed, "missing"), note="Nora calls in tomorrow", by=hiring_manager
    )
    at_step(revealed, Step.AMBIGUITY, hiring_manager)
    actions.resolve_item(
        revealed, item_key(revealed, "red_flag"), take="concern", by=hiring_manager
    )
    at_step(revealed, Step.DECISION, hiring_manager)
    return actions.decide(
        revealed,
        "no_hire",
        rationale="Failover is the job; the room could not vouch for it.",
        by=hiring_manager,
    )


# Starting ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["interviewer", "recruiter"])
def test_only_the_hiring_manager_starts_the_debrief(request, client_for, ready_loop, who):
    person = request.getfixturevalue(who)
    response = client_for(person).post(url("debrief-start", ready_loop), {"confirm_missing": "1"})
    assert response.status_code == 403
    assert not Debrief.objects.exists()
    ready_loop.refresh_from_db()
    assert ready_loop.state == Loop.State.INTERVIEWING


def test_starting_with_notes_missing_is_refused_without_confirmation_naming_whose(
    client_for, hiring_manager, ready_loop
):
    client = client_for(hiring_manager)
    page = client.get(url("debrief", ready_loop))
    assert "Notes are still missing from Nora Pending. The room will discuss without them." in (
        visible(page)
    )
    assert "Start without Nora Pending's notes" in visible(page)

    response = client.post(url("debrief-start", ready_loop), follow=True)
    assert (
        "Notes are still missing from Nora Pending. Tick “Start without them” to start anyway."
        in visible(response)
    )
    assert not Debrief.objects.exists()
    ready_loop.refresh_from_db()
    assert ready_loop.state == Loop.State.INTERVIEWING


def test_the_hiring_manager_starts_the_debrief_once_they_confirm(
    client_for, hiring_manager, ready_loop
):
    client = client_for(hiring_manager)
    response = client.post(url("debrief-start", ready_loop), {"confirm_missing": "1"})
    assert response.status_code == 302
    assert response["Location"] == url("debrief", ready_loop)
    ready_loop.refresh_from_db()
    assert ready_loop.state == Loop.State.DEBRIEF
    page = visible(client.get(url("debrief", ready_loop)))
    assert "In the room (1): Maya Manager" in page
    assert "Information quality Walk the pre-read" in page


def test_staff_may_start_the_debrief_and_run_it(client_for, staff, ready_loop, htmx):
    client = client_for(staff)
    client.post(url("debrief-start", ready_loop), {"confirm_missing": "1"})
    ready_loop.refresh_from_db()
    assert ready_loop.state == Loop.State.DEBRIEF
    response = client.post(url("debrief-step", ready_loop), {"step": "ambiguity"}, headers=htmx)
    assert_applied(response)
    assert 'data-step="ambiguity"' in client.get(url("debrief", ready_loop)).text


def test_an_interviewer_waits_for_the_start_and_the_page_opens_once_it_starts(
    client_for, interviewer, hiring_manager, ready_loop, htmx
):
    client = client_for(interviewer)
    page = client.get(url("debrief", ready_loop))
    assert page.status_code == 200
    assert "The debrief has not started yet." in visible(page)
    assert "Start the debrief" not in visible(page)

    poll = url("debrief", ready_loop) + "?waiting=1"
    assert client.get(poll, headers=htmx).status_code == 204
    actions.start_debrief(ready_loop, by=hiring_manager)
    assert client.get(poll, headers=htmx)["HX-Refresh"] == "true"


@pytest.mark.parametrize(
    ("who", "method", "name", "args"),
    [
        ("hiring_manager", "post", "debrief-step", ()),
        ("hiring_manager", "get", "debrief-record", ("md",)),
        ("interviewer", "post", "debrief-vote", ()),
    ],
)
def test_before_the_start_there_is_nothing_to_change_or_export(
    request, client_for, ready_loop, who, method, name, args
):
    client = client_for(request.getfixturevalue(who))
    response = getattr(client, method)(url(name, ready_loop, *args), {"step": "ambiguity"})
    assert response.status_code == 404
    assert not Debrief.objects.exists()


def test_a_draft_loop_cannot_be_debriefed(client_for, hiring_manager, loop):
    client = client_for(hiring_manager)
    page = visible(client.get(url("debrief", loop)))
    assert "A draft loop cannot be debriefed: its interviews must have started." in page
    assert "Start the debrief" not in page

    response = client.post(url("debrief-start", loop), {"confirm_missing": "1"}, follow=True)
    assert "A draft loop cannot be debriefed: its interviews must have started." in (
        visible(response)
    )
    assert not Debrief.objects.exists()
    loop.refresh_from_db()
    assert loop.state == Loop.State.DRAFT


# Joining -------------------------------------------------------------------------------


def test_the_loops_interviewers_and_the_hiring_manager_join_the_room(
    client_for, hiring_manager, interviewer, dana, nora, debrief
):
    for person in (interviewer, dana, nora):
        client = client_for(person)
        assert client.get(url("debrief", debrief.loop)).status_code == 200
        # The page, once open, says so (a GET writes nothing).
        assert client.post(url("debrief-join", debrief.loop)).status_code == 204
    page = visible(client_for(hiring_manager).get(url("debrief", debrief.loop)))
    assert "In the room (4): Maya Manager, Ivan Interviewer, Dana Daily, Nora Pending" in page


def test_opening_the_debrief_page_writes_nothing(client_for, interviewer, debrief):
    version = debrief.version
    assert client_for(interviewer).get(url("debrief", debrief.loop)).status_code == 200
    debrief.refresh_from_db()
    assert debrief.version == version
    assert not debrief.participants.filter(person=interviewer).exists()


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "debrief", ()),
        ("post", "debrief-start", ()),
        ("post", "debrief-step", ()),
        ("post", "debrief-vote", ()),
        ("get", "debrief-record", ("json",)),
    ],
)
def test_someone_with_no_part_gets_404_for_the_debrief(
    client_for, outsider, debrief, method, name, args
):
    client = client_for(outsider)
    response = getattr(client, method)(url(name, debrief.loop, *args), {"step": "ambiguity"})
    assert response.status_code == 404
    assert not debrief.participants.filter(person=outsider).exists()


def test_a_recruiter_of_the_role_gets_403_unless_invited(client_for, recruiter, debrief):
    assert client_for(recruiter).get(url("debrief", debrief.loop)).status_code == 403


def test_an_invited_recruiter_joins_the_room_without_a_vote(
    client_for, recruiter, hiring_manager, invited_debrief
):
    client = client_for(recruiter)
    assert client.post(url("debrief-join", invited_debrief.loop)).status_code == 204
    page = client.get(url("debrief", invited_debrief.loop))
    assert page.status_code == 200
    assert "In the room (2): Maya Manager, Rita Recruiter" in visible(page)
    assert "Your second vote" not in visible(page)


def test_an_invited_recruiter_at_the_second_vote_is_told_they_have_no_vote(
    client_for, recruiter, hiring_manager, interviewer, invited_debrief
):
    at_step(invited_debrief, Step.REASSESSMENT, hiring_manager)
    recruiters = visible(client_for(recruiter).get(url("debrief", invited_debrief.loop)))
    assert "cast yours" not in recruiters
    assert "You are here without a slot on this loop, so you have no vote" in recruiters
    interviewers = visible(client_for(interviewer).get(url("debrief", invited_debrief.loop)))
    assert "Your second vote" in interviewers
    assert "you have no vote" not in interviewers


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("debrief-step", {"step": "ambiguity"}),
        ("debrief-resolve", {"key": "anything", "note": "settled"}),
        ("debrief-role", needs_post(("Cheerfulness", "why not"))),
        ("debrief-role-apply", {}),
        ("debrief-reveal", {}),
        ("debrief-decide", {"decision": "hire", "rationale": "Great", "confirm": "1"}),
    ],
)
def test_interviewers_cannot_run_the_debrief(client_for, interviewer, debrief, name, data):
    before = Debrief.objects.get(pk=debrief.pk).version
    response = client_for(interviewer).post(url(name, debrief.loop), data)
    assert response.status_code == 403
    debrief.refresh_from_db()
    assert debrief.version == before
    assert debrief.step == Step.INFORMATION_QUALITY


# The script's steps --------------------------------------------------------------------


def test_moving_on_bumps_the_version_and_every_screen_shows_the_new_step(
    client_for, hiring_manager, interviewer, debrief, htmx
):
    before = debrief.version
    response = client_for(hiring_manager).post(
        url("debrief-step", debrief.loop), {"step": "ambiguity"}, headers=htmx
    )
    assert_applied(response)
    # What the facilitator's stream sends next.
    version, panel = panels.render_panel(debrief.pk, seats.FACILITATOR)
    assert version == before + 1
    assert f'data-version="{before + 1}"' in panel
    assert "Ambiguity Triage each flag and each consistency finding" in visible(panel)
    assert "Walk the pre-read" not in visible(panel)

    page = visible(client_for(interviewer).get(url("debrief", debrief.loop)))
    assert "Ambiguity Triage each flag and each consistency finding" in page
    assert "Walk the pre-read" not in page


def test_the_decision_step_waits_for_the_reveal(client_for, hiring_manager, debrief, htmx):
    at_step(debrief, Step.REASSESSMENT, hiring_manager)
    client = client_for(hiring_manager)
    response = client.post(url("debrief-step", debrief.loop), {"step": "decision"}, headers=htmx)
    assert response.status_code == 422
    assert "Reveal the second votes before moving on to the decision." in visible(response)
    assert 'data-step="reassessment"' in response.text

    page = client.post(url("debrief-step", debrief.loop), {"step": "decision"}, follow=True)
    assert "Reveal the second votes before moving on to the decision." in visible(page)
    debrief.refresh_from_db()
    assert debrief.step == Step.REASSESSMENT


# Information quality and ambiguity -----------------------------------------------------


def test_settling_an_item_needs_a_note_and_the_room_sees_how_it_was_settled(
    client_for, hiring_manager, interviewer, debrief, htmx
):
    client = client_for(hiring_manager)
    key = item_key(debrief, "missing")
    refused = client.post(url("debrief-resolve", debrief.loop), {"key": key}, headers=htmx)
    assert refused.status_code == 422
    assert "Write a short note on how the room resolved it." in visible(refused)
    assert not Resolution.objects.exists()

    settled = client.post(
        url("debrief-resolve", debrief.loop),
        {"key": key, "note": "Nora calls in tomorrow"},
        headers=htmx,
    )
    assert_applied(settled)
    assert "Settled: Nora calls in tomorrow" in visible(client.get(url("debrief", debrief.loop)))

    page = visible(client_for(interviewer).get(url("debrief", debrief.loop)))
    assert "Settled: Nora calls in tomorrow" in page
    assert "1 of 5 settled." in page


def test_triaging_a_flag_needs_the_rooms_take(client_for, hiring_manager, debrief, htmx):
    at_step(debrief, Step.AMBIGUITY, hiring_manager)
    client = client_for(hiring_manager)
    key = item_key(debrief, "red_flag")
    refused = client.post(
        url("debrief-resolve", debrief.loop), {"key": key, "note": "Hmm"}, headers=htmx
    )
    assert refused.status_code == 422
    assert "Choose the room's take: dismissed, minor, real concern or blocker." in visible(refused)

    triaged = client.post(
        url("debrief-resolve", debrief.loop),
        {"key": key, "take": "concern", "note": "Ask the references"},
        headers=htmx,
    )
    assert_applied(triaged)
    page = visible(client.get(url("debrief", debrief.loop)))
    assert "Real concern: Ask the references" in page
    assert "1 of 1 triaged." in page


def test_an_item_from_another_step_cannot_be_settled(client_for, hiring_manager, debrief, htmx):
    response = client_for(hiring_manager).post(
        url("debrief-resolve", debrief.loop),
        {"key": item_key(debrief, "red_flag"), "note": "Fine"},
        headers=htmx,
    )
    assert response.status_code == 422
    assert "That item is not on this step's list any more." in visible(response)


def test_only_those_whose_note_is_in_read_the_words_of_the_items(
    client_for, hiring_manager, interviewer, nora, debrief
):
    conflict = "The initial votes point in opposite directions: yes from Ivan Interviewer"
    ivan = visible(client_for(interviewer).get(url("debrief", debrief.loop)))
    assert conflict in ivan
    waiting = visible(client_for(nora).get(url("debrief", debrief.loop)))
    assert conflict not in waiting
    assert "Votes in opposite directions (the words come from the notes" in waiting

    at_step(debrief, Step.AMBIGUITY, hiring_manager)
    assert RED_FLAG in client_for(interviewer).get(url("debrief", debrief.loop)).text
    waiting = client_for(nora).get(url("debrief", debrief.loop))
    assert RED_FLAG not in waiting.text
    assert "A red flag (the words come from the notes: yours must be in to read them)" in (
        visible(waiting)
    )


def test_an_invited_recruiter_reads_no_note_content(
    client_for, recruiter, hiring_manager, invited_debrief
):
    at_step(invited_debrief, Step.AMBIGUITY, hiring_manager)
    page = client_for(recruiter).get(url("debrief", invited_debrief.loop))
    assert RED_FLAG not in page.text
    assert "A red flag (the words come from the notes" in visible(page)


# Role clarification --------------------------------------------------------------------


def test_role_clarification_starts_from_the_roles_focus_competencies(
    client_for, hiring_manager, interviewer, debrief
):
    at_step(debrief, Step.ROLE_CLARIFICATION, hiring_manager)
    form = client_for(hiring_manager).get(url("debrief", debrief.loop)).text
    assert 'name="need-0-name" value="Distributed systems"' in form
    assert 'name="need-0-because" value="the ledger is global"' in form
    assert 'name="need-1-name" value="Reliability"' in form

    page = visible(client_for(interviewer).get(url("debrief", debrief.loop)))
    assert "Distributed systems, because the ledger is global" in page
    assert "Reliability, because outages stop checkout" in page


def test_what_the_role_needs_is_recorded_and_the_room_reads_it(
    client_for, hiring_manager, interviewer, debrief, htmx
):
    at_step(debrief, Step.ROLE_CLARIFICATION, hiring_manager)
    client = client_for(hiring_manager)
    refused = client.post(url("debrief-role", debrief.loop), needs_post(("  ", "")), headers=htmx)
    assert refused.status_code == 422
    assert "Name at least one thing the role needs." in visible(refused)

    response = client.post(
        url("debrief-role", debrief.loop),
        needs_post(
            ("Reliability", "checkout must survive a region outage"),
            ("Mentoring", "the team doubles this year"),
        )
        | {"statement": "Someone who keeps checkout up and grows the team."},
        headers=htmx,
    )
    assert_applied(response)
    debrief.refresh_from_db()
    assert debrief.role_needs == [
        {"name": "Reliability", "because": "checkout must survive a region outage"},
        {"name": "Mentoring", "because": "the team doubles this year"},
    ]
    page = visible(client_for(interviewer).get(url("debrief", debrief.loop)))
    assert "Mentoring, because the team doubles this year" in page
    assert "Someone who keeps checkout up and grows the team." in page
    assert "Distributed systems" not in page


def test_updating_the_role_adds_new_needs_and_a_changed_because(
    client_for, hiring_manager, debrief, role
):
    at_step(debrief, Step.ROLE_CLARIFICATION, hiring_manager)
    client = client_for(hiring_manager)
    client.post(
        url("debrief-role", debrief.loop),
        needs_post(
            ("Distributed systems", "the ledger is global"),
            ("reliability", "checkout must survive a region outage"),
            ("Mentoring", "the team doubles this year"),
        ),
    )
    response = client.post(url("debrief-role-apply", debrief.loop), follow=True)
    assert "Updated why for Reliability; Added Mentoring" in visible(response)
    focus = list(FocusCompetency.objects.filter(role=role).order_by("order", "id"))
    assert [(f.name, f.because) for f in focus] == [
        ("Distributed systems", "the ledger is global"),
        ("Reliability", "checkout must survive a region outage"),
        ("Mentoring", "the team doubles this year"),
    ]
    assert "The role was updated at" in visible(response)


# The second vote -----------------------------------------------------------------------


def cast(client, loop, vote, headers=None, **fields):
    return client.post(url("debrief-vote", loop), {"vote": vote, **fields}, headers=headers)


def test_second_votes_open_only_at_reassessment(client_for, interviewer, debrief, htmx):
    response = cast(client_for(interviewer), debrief.loop, "yes", headers=htmx)
    assert response.status_code == 422
    assert "Second votes open at the reassessment step." in visible(response)
    assert not SecondVote.objects.exists()


@pytest.mark.parametrize("who", ["hiring_manager", "recruiter"])
def test_only_the_loops_interviewers_cast_a_second_vote(
    request, client_for, hiring_manager, invited_debrief, who
):
    at_step(invited_debrief, Step.REASSESSMENT, hiring_manager)
    person = request.getfixturevalue(who)
    response = cast(client_for(person), invited_debrief.loop, "strong_yes")
    page = client_for(person).get(response["Location"])
    assert "Only the loop's interviewers cast a second vote." in visible(page)
    assert not SecondVote.objects.exists()


def test_a_strong_no_must_name_the_need_it_ties_to(
    client_for, hiring_manager, interviewer, debrief, htmx
):
    at_step(debrief, Step.REASSESSMENT, hiring_manager)
    client = client_for(interviewer)
    untied = cast(client, debrief.loop, "strong_no", headers=htmx)
    assert untied.status_code == 422
    assert "Say which need of the role your strong no ties to." in visible(untied)
    unnamed = cast(client, debrief.loop, "strong_no", headers=htmx, tie_choice="other")
    assert unnamed.status_code == 422
    assert "Name the need of the role your strong no ties to." in visible(unnamed)
    assert not SecondVote.objects.exists()

    tied = cast(client, debrief.loop, "strong_no", headers=htmx, tie_choice="need:Reliability")
    assert tied.status_code == 200
    assert "You voted Strong no, tied to Reliability." in visible(tied)


def test_the_voter_sees_their_own_vote_and_may_change_it_until_the_reveal(
    client_for, hiring_manager, interviewer, debrief, htmx
):
    at_step(debrief, Step.REASSESSMENT, hiring_manager)
    client = client_for(interviewer)
    first = cast(
        client,
        debrief.loop,
        "strong_no",
        headers=htmx,
        tie_choice="other",
        tied_to_other=IVAN_TIE,
        why_moved=IVAN_WHY,
    )
    assert first.status_code == 200
    assert "<html" not in first.text
    assert f"You voted Strong no, tied to {IVAN_TIE}. You can change it until the reveal." in (
        visible(first)
    )
    assert IVAN_WHY in first.text
    version = Debrief.objects.get(pk=debrief.pk).version

    changed = cast(client, debrief.loop, "yes", headers=htmx, tie_choice="need:Reliability")
    assert "You voted Yes. You can change it until the reveal." in visible(changed)
    vote = SecondVote.objects.get()
    assert (vote.vote, vote.tie, vote.tied_to) == ("yes", "", "")
    assert Debrief.objects.get(pk=debrief.pk).version == version + 1


def test_nobody_sees_anyones_second_vote_before_the_reveal(
    client_for, hiring_manager, interviewer, dana, nora, staff, voted, htmx
):
    loop = voted.loop
    hidden = (IVAN_WHY, IVAN_TIE, DANA_WHY)

    for person in (hiring_manager, staff):
        page = client_for(person).get(url("debrief", loop))
        assert page.status_code == 200
        for words in hidden:
            assert words not in page.text
        assert "Strong no" not in page.text
        # The facilitator sees who has voted, not how.
        assert "2 of 3 have voted." in visible(page)
        assert "Dana Daily: voted Ivan Interviewer: voted Nora Pending: not yet" in visible(page)

    ivan = client_for(interviewer).get(url("debrief", loop))
    assert DANA_WHY not in ivan.text
    assert "2 of 3 have voted." in visible(ivan)
    dana_page = client_for(dana).get(url("debrief", loop))
    for words in (IVAN_WHY, IVAN_TIE):
        assert words not in dana_page.text
    assert 'value="strong_no" checked' not in dana_page.text
    nora_page = client_for(nora).get(url("debrief", loop))
    for words in hidden:
        assert words not in nora_page.text
    assert "Not cast yet. Only you see it until the reveal." in visible(nora_page)

    # What the live screens are sent, and what a facilitator's change answers.
    for audience in (seats.FACILITATOR, seats.MEMBER, seats.RESTRICTED):
        _, panel = panels.render_panel(voted.pk, audience)
        for words in hidden:
            assert words not in panel
        assert "Strong no" not in panel
    facilitator = client_for(hiring_manager)
    answer = facilitator.post(url("debrief-step", loop), {"step": "reassessment"}, headers=htmx)
    assert_applied(answer)
    # A refused change answers with the facilitator's panel: the votes stay hidden in it.
    refused = facilitator.post(url("debrief-step", loop), {"step": "decision"}, headers=htmx)
    assert refused.status_code == 422
    assert "Reveal the second votes before moving on to the decision." in visible(refused)
    assert "2 of 3 have voted." in visible(refused)
    for words in hidden:
        assert words not in refused.text
    assert "Strong no" not in refused.text
    dana_answer = cast(client_for(dana), loop, "no", headers=htmx)
    for words in (IVAN_WHY, IVAN_TIE):
        assert words not in dana_answer.text

    # No export exists until the decision.
    for fmt in ("md", "json"):
        export = client_for(hiring_manager).get(url("debrief-record", loop, fmt))
        assert export.status_code == 403
        assert IVAN_WHY not in export.text


def test_revealing_needs_a_vote(client_for, hiring_manager, debrief, htmx):
    at_step(debrief, Step.REASSESSMENT, hiring_manager)
    response = client_for(hiring_manager).post(url("debrief-reveal", debrief.loop), headers=htmx)
    assert response.status_code == 422
    assert "Nobody has voted yet: there is nothing to reveal." in visible(response)


def test_after_the_reveal_everyone_sees_the_vote_shift(
    client_for, hiring_manager, interviewer, dana, nora, staff, voted, htmx
):
    response = client_for(hiring_manager).post(url("debrief-reveal", voted.loop), headers=htmx)
    assert_applied(response)
    for person in (hiring_manager, staff, interviewer, dana, nora):
        page = visible(client_for(person).get(url("debrief", voted.loop)))
        assert (
            "Dana Daily Daily No Yes (up 1) The design answer won me over "
            "Ivan Interviewer Weekly Yes Strong no (down 2) tied to Failover drills "
            "Could not explain the failover "
            "Nora Pending Less than weekly — — —"
        ) in page
        assert "Before: Strong no 0 · No 1 · Yes 1 · Strong yes 0" in page
        assert "After: Strong no 1 · No 0 · Yes 1 · Strong yes 0" in page
        assert "The second vote points to no hire." in page
        assert "Ivan Interviewer's strong no ties to what the role needs (Failover drills)" in page


def test_a_vote_after_the_reveal_is_refused(client_for, dana, revealed, htmx):
    response = cast(client_for(dana), revealed.loop, "strong_yes", headers=htmx)
    assert response.status_code == 422
    assert "The votes are revealed: second votes are closed." in visible(response)
    assert SecondVote.objects.get(voter=dana).vote == "yes"


# The decision --------------------------------------------------------------------------


def decide(client, loop, headers=None, **fields):
    data = {"decision": "no_hire", "rationale": "Not this time.", "confirm": "1", **fields}
    return client.post(url("debrief-decide", loop), data, headers=headers)


def test_the_decision_waits_for_the_reveal(client_for, hiring_manager, voted, htmx):
    response = decide(client_for(hiring_manager), voted.loop, headers=htmx)
    assert response.status_code == 422
    assert "Reveal the second votes before deciding." in visible(response)
    voted.loop.refresh_from_db()
    assert voted.loop.state == Loop.State.DEBRIEF


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"confirm": ""}, "Tick the confirmation: the decision is final."),
        ({"rationale": "  "}, "Write the rationale for the decision."),
        ({"decision": ""}, "Choose a decision: hire, no hire or more signal needed."),
    ],
)
def test_a_decision_needs_a_choice_a_rationale_and_the_confirmation(
    client_for, hiring_manager, revealed, htmx, fields, error
):
    at_step(revealed, Step.DECISION, hiring_manager)
    response = decide(client_for(hiring_manager), revealed.loop, headers=htmx, **fields)
    assert response.status_code == 422
    assert error in visible(response)
    revealed.refresh_from_db()
    assert not revealed.is_decided
    assert revealed.loop.state == Loop.State.DEBRIEF


def test_hiring_against_the_guidance_needs_a_written_reason(
    client_for, hiring_manager, revealed, htmx
):
    at_step(revealed, Step.DECISION, hiring_manager)
    client = client_for(hiring_manager)
    refused = decide(client, revealed.loop, headers=htmx, decision="hire", rationale="Strong.")
    assert refused.status_code == 422
    assert (
        "This decision goes against the guidance: write why the room decided otherwise."
        in visible(refused)
    )

    reason = "Failover is taught in the first month; everything else was excellent."
    hired = decide(
        client,
        revealed.loop,
        headers=htmx,
        decision="hire",
        rationale="Strong.",
        against_guidance_reason=reason,
    )
    assert_applied(hired)
    page = visible(client.get(url("debrief", revealed.loop)))
    assert "Decision: Hire" in page
    assert f"Why against the guidance {reason}" in page
    revealed.loop.refresh_from_db()
    assert revealed.loop.state == Loop.State.DECIDED


def test_deciding_with_the_guidance_needs_no_reason_and_decides_the_loop(
    client_for, hiring_manager, revealed, htmx
):
    at_step(revealed, Step.DECISION, hiring_manager)
    client = client_for(hiring_manager)
    response = decide(client, revealed.loop, headers=htmx)
    assert_applied(response)
    page = visible(client.get(url("debrief", revealed.loop)))
    assert "Decision: No hire" in page
    assert "Why against the guidance" not in page
    revealed.loop.refresh_from_db()
    assert revealed.loop.state == Loop.State.DECIDED


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("debrief-step", {"step": "ambiguity"}),
        ("debrief-resolve", {"key": "anything", "note": "settled"}),
        ("debrief-role", needs_post(("Cheerfulness", ""))),
        ("debrief-reveal", {}),
        ("debrief-decide", {"decision": "hire", "rationale": "Changed mind", "confirm": "1"}),
    ],
)
def test_a_decided_debrief_refuses_every_change(
    client_for, hiring_manager, decided, htmx, name, data
):
    version = decided.version
    response = client_for(hiring_manager).post(url(name, decided.loop), data, headers=htmx)
    assert response.status_code == 422
    assert "The debrief is decided: its record is read-only." in visible(response)
    decided.refresh_from_db()
    assert (decided.version, decided.step, decided.decision) == (version, "decision", "no_hire")


def test_a_decided_debrief_refuses_a_second_vote(client_for, dana, decided):
    page = client_for(dana).post(url("debrief-vote", decided.loop), {"vote": "no"}, follow=True)
    assert "The debrief is decided: its record is read-only." in visible(page)
    assert SecondVote.objects.get(voter=dana).vote == "yes"


def test_a_decided_debrief_reads_as_its_record(client_for, hiring_manager, interviewer, decided):
    for person in (hiring_manager, interviewer):
        response = client_for(person).get(url("debrief", decided.loop))
        page = visible(response)
        assert "Decision: No hire" in page
        assert "This record is read-only." in page
        assert "Failover is the job; the room could not vouch for it." in page
        assert "Before: Strong no 0 · No 1 · Yes 1 · Strong yes 0" in page
        assert "Nora calls in tomorrow" in page
        assert "Record the decision" not in page
        assert "Your second vote" not in page
        assert "data-hx-sse-connect" not in response.text
        assert "<form" not in response.text.split('id="live"')[1]


def test_the_record_downloads_as_markdown_and_json(client_for, hiring_manager, decided):
    client = client_for(hiring_manager)
    response = client.get(url("debrief-record", decided.loop, "json"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="debrief-{decided.loop.pk}.json"'
    )
    data = json.loads(response.content)
    assert data["decision"] == "No hire"
    assert data["rationale"] == "Failover is the job; the room could not vouch for it."
    ivan = next(vote for vote in data["votes"] if vote["interviewer"] == "Ivan Interviewer")
    assert ivan == {
        "interviewer": "Ivan Interviewer",
        "closeness": "Weekly",
        "initial_vote": "Yes",
        "second_vote": "Strong no",
        "moved": -2,
        "why_moved": IVAN_WHY,
        "strong_no_ties_to": IVAN_TIE,
    }
    assert data["split_before"] == {"Strong no": 0, "No": 1, "Yes": 1, "Strong yes": 0}
    assert data["split_after"] == {"Strong no": 1, "No": 0, "Yes": 1, "Strong yes": 0}
    assert data["information_quality"][0]["item"].startswith("Nora Pending's note is missing")
    assert (
        data["ambiguity"][0]["item"]
        == f"Red flag from Ivan Interviewer (a concern to discuss): “{RED_FLAG}”"
    )

    markdown = client.get(url("debrief-record", decided.loop, "md"))
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    text = markdown.content.decode()
    assert "Decision: **No hire**" in text
    assert "Failover is the job; the room could not vouch for it." in text
    assert (
        f"| Ivan Interviewer | Weekly | Yes | Strong no (tied to {IVAN_TIE}) | {IVAN_WHY} |" in text
    )
    assert "Before: Strong no 0 · No 1 · Yes 1 · Strong yes 0" in text
    assert RED_FLAG in text


def test_the_markdown_record_shows_what_people_wrote_as_text_not_markup(
    client_for, hiring_manager, interviewer, revealed
):
    at_step(revealed, Step.DECISION, hiring_manager)
    actions.decide(
        revealed,
        "no_hire",
        rationale='<img src=x onerror="alert(1)"> see [the notes](javascript:alert(2)) *now*',
        by=hiring_manager,
    )
    text = client_for(hiring_manager).get(url("debrief-record", revealed.loop, "md"))
    text = text.content.decode()
    assert "<img" not in text
    assert '&lt;img src=x onerror="alert(1)"&gt;' in text
    assert "\\[the notes\\](javascript:alert(2)) \\*now\\*" in text
    # A reason with a pipe and a line break stays inside its table cell.
    SecondVote.objects.filter(voter=interviewer).update(why_moved="a | b\n| c")
    text = client_for(hiring_manager).get(url("debrief-record", revealed.loop, "md"))
    row = next(line for line in text.content.decode().splitlines() if line.startswith("| Ivan"))
    assert row.endswith("| a \\| b \\| c |")


def test_the_record_for_those_without_their_note_in_hides_the_items_words(
    client_for, nora, decided
):
    client = client_for(nora)
    data = client.get(url("debrief-record", decided.loop, "json")).json()
    assert [item["item"] for item in data["information_quality"]] == ["A missing note"]
    assert [item["item"] for item in data["ambiguity"]] == ["A red flag"]
    assert data["information_quality"][0]["note"] == "Nora calls in tomorrow"
    markdown = client.get(url("debrief-record", decided.loop, "md")).content.decode()
    assert RED_FLAG not in markdown
    assert "A red flag" in markdown
    page = client.get(url("debrief", decided.loop))
    assert RED_FLAG not in page.text
    assert "A red flag" in visible(page)


def test_the_record_has_no_other_format(client_for, hiring_manager, decided):
    response = client_for(hiring_manager).get(url("debrief-record", decided.loop, "txt"))
    assert response.status_code == 404


# The stream ----------------------------------------------------------------------------
# The stream reads on a worker thread with its own connection: it sees committed rows only.


@pytest.mark.django_db(transaction=True)
def test_someone_with_no_part_gets_404_for_the_stream(client_for, outsider, debrief):
    assert client_for(outsider).get(url("debrief-stream", debrief.loop)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_an_uninvited_recruiter_gets_403_for_the_stream(client_for, recruiter, debrief):
    assert client_for(recruiter).get(url("debrief-stream", debrief.loop)).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_participant_gets_the_event_stream(client_for, interviewer, hiring_manager, ready_loop):
    client = client_for(interviewer)
    assert client.get(url("debrief-stream", ready_loop)).status_code == 204
    actions.start_debrief(ready_loop, by=hiring_manager)
    response = client.get(url("debrief-stream", ready_loop))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-store"
    response.close()


# What a panel costs --------------------------------------------------------------------


def debrief_of_size(role, hiring_manager, size, state):
    """A debrief of ``size`` interviewers, all in the room, at ``state``."""
    loop = loop_with_votes(role, ["yes", "no"] * (size // 2))
    debrief = actions.start_debrief(loop, by=hiring_manager)
    for slot in loop.slots.select_related("interviewer"):
        actions.join(debrief, slot.interviewer)
    if state in ("revealed", "decided"):
        at_step(debrief, Step.REASSESSMENT, hiring_manager)
        for slot in loop.slots.select_related("interviewer"):
            actions.cast_vote(debrief, slot.interviewer, "strong_yes", why_moved="Convinced")
        actions.reveal_votes(debrief, by=hiring_manager)
    if state == "decided":
        actions.decide(debrief, "hire", rationale="Everyone agrees", by=hiring_manager)
    return debrief


@pytest.mark.parametrize(("state", "queries"), [("script", 9), ("revealed", 5), ("decided", 7)])
@pytest.mark.parametrize("audience", [seats.FACILITATOR, seats.MEMBER, seats.RESTRICTED])
def test_the_panel_costs_the_same_queries_for_4_and_8_interviewers(
    role, hiring_manager, django_assert_num_queries, state, queries, audience
):
    OrgSettings.load()  # made on first use; not part of what a panel costs
    for size in (4, 8):
        debrief = debrief_of_size(role, hiring_manager, size, state)
        with django_assert_num_queries(queries):
            _, html = panels.render_panel(debrief.pk, audience)
        # The panel shows every interviewer: in the room, or in the vote shift.
        text = visible(html)
        if state == "script":
            assert f"In the room ({size + 1})" in text
        else:
            assert text.count("Convinced") == size


# What the forms refuse -------------------------------------------------------------------


def test_a_strong_no_tied_to_a_need_the_role_lacks_is_refused(
    client_for, hiring_manager, interviewer, debrief, htmx
):
    """The tie used to record any name posted as a need of the role."""
    at_step(debrief, Step.REASSESSMENT, hiring_manager)
    response = cast(
        client_for(interviewer), debrief.loop, "strong_no", headers=htmx, tie_choice="Cheerfulness"
    )
    assert response.status_code == 422
    assert "That is not one of the role's needs" in visible(response)
    assert not SecondVote.objects.exists()


def test_the_choices_of_a_strong_nos_tie_are_the_roles_needs_and_two_more(
    client_for, hiring_manager, interviewer, debrief
):
    at_step(debrief, Step.REASSESSMENT, hiring_manager)
    page = visible(client_for(interviewer).get(url("debrief", debrief.loop)))
    assert (
        "If strong no: which need of the role it ties to Distributed systems Reliability "
        "Something else the role needs: The other need"
    ) in page
    assert "Nothing the role needs" in page


def test_an_over_long_reason_for_moving_is_refused_not_cut_short(
    client_for, hiring_manager, interviewer, debrief, htmx
):
    at_step(debrief, Step.REASSESSMENT, hiring_manager)
    response = cast(client_for(interviewer), debrief.loop, "yes", headers=htmx, why_moved="x" * 501)
    assert response.status_code == 422
    assert "at most 500 characters" in visible(response)
    assert not SecondVote.objects.exists()


def test_a_role_statement_with_more_needs_than_the_form_holds_is_refused(
    client_for, hiring_manager, debrief, htmx
):
    """Rows past the twelfth used to be dropped without a word."""
    at_step(debrief, Step.ROLE_CLARIFICATION, hiring_manager)
    version = Debrief.objects.get(pk=debrief.pk).version
    rows = [(f"Need {index}", "") for index in range(13)]
    response = client_for(hiring_manager).post(
        url("debrief-role", debrief.loop), needs_post(*rows), headers=htmx
    )
    assert response.status_code == 422
    assert "holds at most 12 needs" in visible(response)
    debrief.refresh_from_db()
    assert (debrief.version, debrief.role_needs) == (version, [])


def test_an_over_long_need_is_refused_not_cut_short(client_for, hiring_manager, debrief, htmx):
    at_step(debrief, Step.ROLE_CLARIFICATION, hiring_manager)
    response = client_for(hiring_manager).post(
        url("debrief-role", debrief.loop), needs_post(("x" * 121, "")), headers=htmx
    )
    assert response.status_code == 422
    assert "Need: Ensure this value has at most 120 characters" in visible(response)
    debrief.refresh_from_db()
    assert debrief.role_needs == []


def test_an_over_long_resolution_note_is_refused_not_cut_short(
    client_for, hiring_manager, debrief, htmx
):
    key = item_key(debrief, "missing")
    response = client_for(hiring_manager).post(
        url("debrief-resolve", debrief.loop), {"key": key, "note": "x" * 501}, headers=htmx
    )
    assert response.status_code == 422
    assert "Note: Ensure this value has at most 500 characters" in visible(response)
    assert not debrief.resolutions.exists()


def test_a_step_that_is_not_in_the_script_is_refused_in_words(
    client_for, hiring_manager, debrief, htmx
):
    response = client_for(hiring_manager).post(
        url("debrief-step", debrief.loop), {"step": "lunch"}, headers=htmx
    )
    assert response.status_code == 422
    assert "That is not a step of the script." in visible(response)
