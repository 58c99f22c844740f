"""The hiring manager builds a loop guided by the coverage panel, takes a load
suggestion, and lets Debrief suggest a whole loop for a second candidate."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from loops.demo.seed import DEMO_PASSWORD, email_for, load_demo
from loops.models import Loop, Person
from tests.factories import SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE = "Senior Backend Engineer, Payments"


def _open_loop(tab, candidate):
    page = tab.page
    tab.goto("/roles/")
    page.get_by_role("link", name=ROLE).click()
    page.get_by_role("link", name="Add a candidate").click()
    page.get_by_label("Name").fill(candidate)
    page.get_by_label("Recruiter screen").select_option(label="Passed")
    page.get_by_role("button", name="Open the loop").click()
    expect(page.get_by_role("heading", name=candidate)).to_be_visible()


def _add_slot(page, person, round_type, when, focus=(), weak_spots=()):
    form = page.locator("#slots form.add-form")
    form.get_by_label("Interviewer").fill(email_for(person))
    form.get_by_label("Round type").select_option(label=round_type)
    for name in (*focus, *weak_spots):
        form.get_by_role("checkbox", name=name).check()
    form.get_by_label("Starts").fill(when.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Ends").fill((when + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button", name="Add the slot").click()
    expect(page.locator("#slots ol.slots")).to_contain_text(person)


def test_a_hiring_manager_builds_a_sound_loop(tab):
    load_demo()
    # Aisha has interviewed a lot lately: five slots this month.
    aisha = Person.objects.get(name="Aisha Bello")
    for days in range(1, 6):
        start = timezone.now() - timedelta(days=days)
        SlotFactory(interviewer=aisha, starts_at=start, ends_at=start + timedelta(minutes=45))
    page = tab.page
    tab.sign_in(email_for("Maya Chen"), DEMO_PASSWORD)

    _open_loop(tab, "Jamie Quinn")
    coverage = page.locator("#coverage")
    expect(coverage).to_contain_text("0 slots is too few")
    tab.assert_accessible()
    page.evaluate("window.stillHere = true")

    day = timezone.localtime() + timedelta(days=14)
    start = day.replace(hour=9, minute=30, second=0, microsecond=0)
    step = timedelta(hours=1)
    core = ("Distributed systems", "Reliability")
    _add_slot(page, "Tom Becker", "Coding", start, focus=core)
    _add_slot(page, "Aisha Bello", "System design", start + step, focus=core)
    expect(coverage).to_contain_text("Aisha Bello has")
    expect(coverage).not_to_contain_text("Only 0 slots with someone who would work")
    _add_slot(
        page,
        "Liam O'Brien",
        "Functional",
        start + 2 * step,
        focus=("Working with product",),
        weak_spots=("Explaining trade-offs to non-engineers",),
    )
    expect(coverage).to_contain_text("Nobody probes “Working with sales”")
    _add_slot(
        page,
        "Ethan Davis",
        "Functional",
        start + 3 * step,
        focus=("Working with product",),
        weak_spots=("Working with sales",),
    )
    expect(coverage).not_to_contain_text("Nobody probes “Working with sales”")
    _add_slot(page, "Grace Kim", "Behavioural", start + 4 * step)
    _add_slot(page, "Priya Raman", "Leadership", start + 5 * step)

    # Take the load suggestion: a lighter daily engineer instead of Aisha.
    swap = coverage.get_by_role("button", name="Swap in").first
    swapped_in = swap.inner_text().removeprefix("Swap in ").split(" (")[0]
    swap.click()
    expect(page.locator("#slots ol.slots")).to_contain_text(swapped_in)
    expect(page.locator("#slots ol.slots")).not_to_contain_text("Aisha Bello")
    expect(coverage).to_contain_text(f"This loop covers what {ROLE} needs.")
    assert page.evaluate("window.stillHere") is True
    tab.assert_accessible()

    page.reload()
    expect(page.locator("#slots ol.slots > li")).to_have_count(6)
    expect(coverage).to_contain_text(f"This loop covers what {ROLE} needs.")
    loop = Loop.objects.get(candidate__name="Jamie Quinn")
    assert set(loop.slots.values_list("interviewer__name", flat=True)) == {
        "Tom Becker",
        swapped_in,
        "Liam O'Brien",
        "Ethan Davis",
        "Grace Kim",
        "Priya Raman",
    }

    # A second candidate: let Debrief suggest the whole loop.
    _open_loop(tab, "Robin Ash")
    page.get_by_role("link", name="Suggest a loop").click()
    suggestion = page.locator("#suggestion")
    expect(suggestion).to_contain_text(re.compile("works with the role daily", re.IGNORECASE))
    tab.assert_accessible()
    suggestion.get_by_role("button", name="Add all").click()
    expect(page.locator("#slots ol.slots > li")).to_have_count(6)
    expect(coverage).to_contain_text(f"This loop covers what {ROLE} needs.")
    page.reload()
    expect(page.locator("#slots ol.slots > li")).to_have_count(6)
    tab.assert_accessible()
    tab.assert_no_console_errors()
