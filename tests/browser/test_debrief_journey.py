"""The hiring manager and three interviewers hold a debrief, each on their own device:
every screen follows the facilitator, nobody sees a second vote before the reveal, and
hiring against the guidance needs a written reason.

The pages stream (Server-Sent Events), so the app runs under uvicorn in a subprocess
rather than on pytest-django's WSGI live server.
"""

import json
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from loops.models import Debrief, Loop, Note
from tests.asgi_server import session_cookie
from tests.browser.conftest import Tab
from tests.factories import LoopFactory, PersonFactory, SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDANCE_REFUSAL = "This decision goes against the guidance: write why the room decided otherwise."
# (name, closeness, initial vote, second vote, why they moved)
INTERVIEWERS = [
    ("Ines Ito", "daily", "strong_yes", "Yes", "The on-call story weighed more than I thought"),
    ("Omar Okafor", "weekly", "yes", "Yes", ""),
    ("Pia Park", "less", "no", "No", "Still vague on handovers"),
]


def _loop_ready_for_debrief(role) -> Loop:
    """Casey's loop with three submitted notes: a strong yes, a yes and a no with a flag."""
    loop = LoopFactory(
        candidate__role=role, candidate__name="Casey Candidate", state="interviewing"
    )
    focus = list(role.focus_competencies.all())
    now = timezone.now()
    for name, closeness, initial, _, _ in INTERVIEWERS:
        slot = SlotFactory(
            loop=loop, interviewer=PersonFactory(name=name), closeness=closeness, focus=focus
        )
        Note.objects.create(
            slot=slot,
            initial_vote=initial,
            initial_vote_at=now,
            submitted_at=now,
            text="Walked through the ledger design, its failure modes and an on-call story.",
            flags=(
                [{"colour": "yellow", "text": "Vague about on-call handovers", "intent": "concern"}]
                if initial == "no"
                else []
            ),
        )
    return loop


def _open(browser, server, person) -> Tab:
    """A browser of its own for ``person``, signed in."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {"name": name, "value": value, "url": server.url}
            for name, value in session_cookie(person).items()
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return Tab(page, server.url)


def _step(tab: Tab):
    return tab.page.locator("#step-heading")


def test_four_people_hold_a_debrief_and_every_screen_follows_the_facilitator(
    browser, uvicorn_server, hiring_manager, role
):
    loop = _loop_ready_for_debrief(role)
    debrief_path = f"/loops/{loop.pk}/debrief/"
    people = {name: loop.slots.get(interviewer__name=name).interviewer for name, *_ in INTERVIEWERS}
    tabs = {name: _open(browser, uvicorn_server, person) for name, person in people.items()}
    maya = tabs["Maya Manager"] = _open(browser, uvicorn_server, hiring_manager)
    interviewers = [tabs[name] for name in people]
    everyone = [maya, *interviewers]
    asked = []
    maya.page.on("dialog", lambda dialog: asked.append(dialog.message))
    try:
        # The interviewers arrive early and wait; the page opens the debrief once it starts.
        for tab in interviewers:
            tab.goto(debrief_path)
            expect(tab.page.get_by_text("The debrief has not started yet.")).to_be_visible()
        maya.goto(debrief_path)
        maya.page.get_by_role("button", name="Start the debrief").click()
        for tab in everyone:
            expect(_step(tab)).to_have_text("Information quality")
        for tab in everyone:
            present = tab.page.locator(".present")
            expect(present).to_contain_text("In the room (4):")
            for name in tabs:
                expect(present).to_contain_text(name)
        maya.assert_accessible()
        interviewers[0].assert_accessible()

        # Information quality: the room settles a pre-read item; every screen shows it.
        item = maya.page.locator("li.agenda-item").first
        item.get_by_label("How the room settled it").fill("Pia will say it out loud")
        item.get_by_role("button", name="Settle").click()
        for tab in everyone:
            expect(tab.page.locator("li.agenda-item").first).to_contain_text(
                "Settled: Pia will say it out loud"
            )

        # Ambiguity: the flag is triaged. Nobody can vote yet.
        maya.page.get_by_role("button", name="Next →").click()
        for tab in everyone:
            expect(_step(tab)).to_have_text("Ambiguity")
        for tab in interviewers:
            expect(tab.page.locator("#my-vote")).to_be_hidden()
        flag = maya.page.locator("li.agenda-item").filter(has_text="Vague about on-call handovers")
        flag.get_by_label("Minor").check()
        flag.get_by_role("button", name="Record the take").click()
        for tab in everyone:
            expect(
                tab.page.locator("li.agenda-item").filter(has_text="Vague about on-call")
            ).to_contain_text("Minor")
        maya.assert_accessible()

        maya.page.get_by_role("button", name="Next →").click()
        for tab in everyone:
            expect(_step(tab)).to_have_text("Role clarification")
        expect(interviewers[1].page.locator(".needs")).to_contain_text("Distributed systems")

        # Reassessment: each interviewer votes on their own screen, unseen by the others.
        maya.page.get_by_role("button", name="Next →").click()
        for tab in everyone:
            expect(_step(tab)).to_have_text("Reassessment")
        for (_, _, _, vote, why), tab in zip(INTERVIEWERS, interviewers, strict=True):
            my_vote = tab.page.locator("#my-vote")
            expect(my_vote).to_be_visible()
            my_vote.get_by_role("group", name="Second vote").get_by_label(vote, exact=True).check()
            if why:
                my_vote.get_by_label("Why I moved (optional)").fill(why)
            my_vote.get_by_role("button", name="Cast my second vote").click()
            expect(my_vote.get_by_role("status")).to_contain_text(f"You voted {vote}.")
        interviewers[0].assert_accessible()
        for tab in everyone:
            expect(tab.page.locator(".vote-count")).to_contain_text("3 of 3 have voted.")
        expect(maya.page.locator(".voters li")).to_have_text(
            ["Ines Ito: voted", "Omar Okafor: voted", "Pia Park: voted"]
        )
        expect(maya.page.locator(".step-panel")).not_to_contain_text(
            re.compile(r"\b(Strong yes|Yes|No|Strong no)\b")
        )
        # Nobody's screen shows anyone else's second vote, nor why they moved.
        for tab in everyone:
            expect(tab.page.locator("table.shift")).to_have_count(0)
        for name, *_, why in INTERVIEWERS:
            for other, tab in tabs.items():
                if why and other != name:
                    assert why not in tab.page.content(), f"{other} saw {name}'s second vote"

        # The reveal, after a confirmation: every screen shows the shift at once.
        maya.page.get_by_role("button", name="Reveal the votes").click()
        for tab in everyone:
            shift = tab.page.locator("table.shift")
            expect(shift).to_be_visible()
            expect(shift.get_by_role("row", name=re.compile("^Ines Ito"))).to_contain_text(
                "Yes (down 1)"
            )
            expect(shift).to_contain_text(INTERVIEWERS[0][4])
            expect(tab.page.locator(".guidance")).to_contain_text(
                "The second vote points to no hire."
            )
        assert asked == ["Reveal the second votes to everyone now? Voting closes."]
        for tab in interviewers:
            expect(tab.page.locator("#my-vote")).to_be_hidden()
        maya.assert_accessible()

        # Decision: hiring against the guidance is refused without a written reason.
        maya.page.get_by_role("button", name="Next →").click()
        for tab in everyone:
            expect(_step(tab)).to_have_text("Decision")
        expect(interviewers[2].page.get_by_text("The hiring manager is deciding.")).to_be_visible()
        page = maya.page
        page.get_by_role("radio", name="Hire", exact=True).check()
        page.get_by_label("Rationale").fill("Strong systems work; the flag is coachable.")
        page.get_by_label("This decision is final").check()
        page.get_by_role("button", name="Record the decision").click()
        expect(page.get_by_role("alert")).to_have_text(GUIDANCE_REFUSAL)
        assert Debrief.objects.get(loop=loop).decided_at is None
        # The refusal is the one 4xx the journey expects (the response, and the console's
        # note of it).
        assert maya.console_errors and all("422" in error for error in maya.console_errors)
        maya.console_errors.clear()
        maya.assert_accessible()

        # What she wrote is still there: she adds the reason and decides.
        expect(page.get_by_role("radio", name="Hire", exact=True)).to_be_checked()
        expect(page.get_by_label("Rationale")).to_have_value(
            "Strong systems work; the flag is coachable."
        )
        page.get_by_label("Why, if deciding against the guidance").fill(
            "The team lead will pair on on-call for the first quarter."
        )
        page.get_by_label("This decision is final").check()
        page.get_by_role("button", name="Record the decision").click()

        # Every screen now shows the read-only record.
        for tab in everyone:
            expect(tab.page.locator("#record-heading")).to_have_text("Decision: Hire")
            expect(tab.page.locator(".record")).to_contain_text("This record is read-only.")
            expect(tab.page.locator(".record")).to_contain_text("pair on on-call")
            expect(tab.page.locator("main form >> visible=true")).to_have_count(0)
        maya.assert_accessible()
        interviewers[1].assert_accessible()

        with page.expect_download() as download:
            page.get_by_role("link", name="Markdown").click()
        markdown = Path(download.value.path()).read_text()
        assert "Decision: **Hire**" in markdown
        assert "| Ines Ito | Daily | Strong yes | Yes | The on-call story" in markdown
        assert "The team lead will pair on on-call for the first quarter." in markdown
        with interviewers[2].page.expect_download() as download:
            interviewers[2].page.get_by_role("link", name="JSON").click()
        record = json.loads(Path(download.value.path()).read_text())
        assert record["decision"] == "Hire"
        assert {vote["interviewer"]: vote["second_vote"] for vote in record["votes"]} == {
            "Ines Ito": "Yes",
            "Omar Okafor": "Yes",
            "Pia Park": "No",
        }
        assert record["against_guidance_reason"].startswith("The team lead will pair")

        for tab in everyone:
            tab.assert_no_console_errors()
    finally:
        for tab in everyone:
            tab.page.context.close()
