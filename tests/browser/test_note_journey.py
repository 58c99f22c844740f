"""The interviewer writes a note without losing a word: reload mid-draft, a dropped
network, then submit and read the others."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from loops.demo.seed import DEMO_PASSWORD, email_for, load_demo
from loops.models import Loop, Note, Person, Slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _interview_that_just_ended():
    """Tom's slot on a loop whose interviews have ended, and another submitted note there."""
    tom = Person.objects.get(name="Tom Becker")
    loop = Loop.objects.filter(slots__interviewer=tom).exclude(state="cancelled").first()
    if loop is None:
        loop = Loop.objects.get(candidate__name="Sam Okonkwo")
        Slot.objects.create(loop=loop, interviewer=tom, closeness="daily", round_type="coding")
    ended = timezone.now() - timedelta(hours=1)
    loop.slots.update(starts_at=ended - timedelta(minutes=45), ends_at=ended)
    slot = loop.slots.get(interviewer=tom)
    Note.objects.filter(slot__loop=loop).delete()
    other = loop.slots.exclude(interviewer=tom).first()
    Note.objects.create(
        slot=other,
        text="OTHER-NOTE: solid systems thinking.",
        initial_vote="strong_yes",
        initial_vote_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    return slot


def test_an_interviewer_writes_a_note_without_losing_a_word(phone_tab):
    load_demo()
    slot = _interview_that_just_ended()
    tab, page = phone_tab, phone_tab.page
    tab.sign_in(email_for("Tom Becker"), DEMO_PASSWORD)
    page.get_by_role("link", name="My interviews").first.click()
    tab.assert_accessible()
    page.goto(f"{tab.base_url}/slots/{slot.pk}/note/")
    expect(page.get_by_role("heading", name=re.compile("Note on"))).to_be_visible()
    tab.assert_accessible()
    assert "OTHER-NOTE" not in page.content()

    page.get_by_role("radio", name="Yes", exact=True).first.check()
    page.get_by_role("button", name="Record the initial vote").click()
    expect(page.get_by_text("Your initial vote:")).to_be_visible()

    state = page.locator("#save-state")
    flags = page.locator("#flags")
    flags.get_by_label("What it is").fill("Vague about testing")
    flags.get_by_label("Intent").select_option(label="A concern to discuss")
    stories = page.locator("#storys")
    stories.get_by_label("Title").fill("The payments outage")
    stories.get_by_label("The conclusion you drew").fill("Calm under pressure")
    page.get_by_role("textbox", name="Anything else").fill("Strong on the ledger design.")
    expect(state).to_contain_text("Saved")

    # Mid-draft, before the save: a reload brings every word back from this browser.
    page.get_by_role("textbox", name="Anything else").fill("Strong on the ledger design. Typing")
    page.reload()
    expect(page.get_by_role("textbox", name="Anything else")).to_have_value(
        "Strong on the ledger design. Typing"
    )
    expect(state).to_contain_text("Saved")
    expect(page.locator("#flags").get_by_label("What it is")).to_have_value("Vague about testing")

    # The network drops: the page says so, keeps trying, and saves when it is back.
    page.context.set_offline(True)
    page.get_by_role("textbox", name="Anything else").fill("Typed while offline.")
    expect(state).to_contain_text("Not saved, retrying")
    page.context.set_offline(False)
    expect(state).to_contain_text("Saved", timeout=15_000)
    assert Note.objects.get(slot=slot).text == "Typed while offline."
    # The failed saves while offline are the only errors the page may have logged.
    assert all("ERR_INTERNET_DISCONNECTED" in error for error in tab.console_errors)
    tab.console_errors.clear()
    tab.assert_accessible()

    page.get_by_role("button", name="Submit the note").click()
    expect(page.get_by_role("heading", name=re.compile("Notes on"))).to_be_visible()
    expect(page.get_by_text("OTHER-NOTE: solid systems thinking.")).to_be_visible()
    tab.assert_accessible()
    note = Note.objects.get(slot=slot)
    assert note.is_submitted
    assert note.flags == [{"colour": "yellow", "text": "Vague about testing", "intent": "concern"}]
    assert note.stories[0]["conclusion"] == "Calm under pressure"
    tab.assert_no_console_errors()
