"""The hiring manager opens the demo loop's pre-read and finds what to discuss."""

import pytest
from playwright.sync_api import expect

from loops.demo.seed import DEMO_PASSWORD, email_for, load_demo
from loops.models import Loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_preread_names_the_conflicts_the_reused_story_and_the_thin_note(tab):
    load_demo()
    loop = Loop.objects.get(state="debrief")
    page = tab.page
    tab.sign_in(email_for("Maya Chen"), DEMO_PASSWORD)
    tab.goto(loop.get_absolute_url())
    page.get_by_role("link", name="Pre-read").click()
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text("Marcus Lee's note is short")
    expect(agenda).to_contain_text("Ask them out loud")
    expect(agenda).to_contain_text("The initial votes point in opposite directions")
    expect(agenda).to_contain_text("rated Distributed systems strong yes")
    expect(agenda).to_contain_text("The same story, “The payments outage”")
    tab.assert_accessible()

    # Dismiss an item with a reason; it moves to the dismissed list, without a reload.
    page.evaluate("window.stillHere = true")
    first = agenda.locator("li.agenda-item").first
    first.get_by_label("Reason").fill("Marcus already told me in person")
    first.get_by_role("button", name="Dismiss").click()
    expect(agenda.locator(".dismissed")).to_contain_text("Marcus already told me in person")
    assert page.evaluate("window.stillHere") is True

    # One click from an item to the notes behind it.
    agenda.get_by_role("link", name="Aisha Bello").first.click()
    expect(page.get_by_role("heading", name="Notes on Taylor Brooks")).to_be_visible()
    tab.assert_accessible()
    tab.assert_no_console_errors()
