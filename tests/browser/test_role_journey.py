"""The hiring manager signs in, creates a role, says what it needs, and sets closeness."""

import pytest
from playwright.sync_api import expect

from loops.demo.seed import DEMO_PASSWORD, email_for, load_demo
from loops.models import Closeness, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hiring_manager_sets_up_a_role_in_the_browser(tab):
    load_demo()
    page = tab.page

    tab.goto("/")
    expect(page.get_by_role("heading", name="Sign in to Debrief")).to_be_visible()
    tab.assert_accessible()
    tab.sign_in(email_for("Maya Chen"), DEMO_PASSWORD)
    # The hiring team lands on its loops; the roles are one click away.
    expect(page.get_by_role("heading", name="Loops", exact=True)).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roles").click()
    expect(page.get_by_role("heading", name="Roles", exact=True)).to_be_visible()
    tab.assert_accessible()

    # A new role: the details first.
    page.get_by_role("link", name="New role").click()
    tab.assert_accessible()
    page.get_by_label("Title").fill("Integration Engineer")
    page.get_by_label("Team").fill("Partners")
    page.get_by_label("Job family").select_option(label="Backend")
    page.get_by_label("Company archetype").select_option(label="Enterprise")
    page.get_by_label("Sales").check()
    page.get_by_role("button", name="Create the role").click()
    expect(page.get_by_role("heading", name="Integration Engineer")).to_be_visible()
    findings = page.locator("#role-findings")
    expect(findings).to_contain_text("Name 2 more focus competencies")
    expect(findings).to_contain_text("No weak spots yet")
    tab.assert_accessible()

    # The page stays put from here on: htmx swaps, no reloads.
    page.evaluate("window.stillHere = true")

    # Take a suggestion from the family and archetype, then type one.
    page.locator(".suggestions").get_by_role("link", name="Integration").click()
    expect(page.get_by_label("Focus competency")).to_have_value("Integration")
    page.get_by_label("Because").fill("partners connect through this team's APIs")
    page.get_by_role("button", name="Add focus competency").click()
    expect(page.locator("#focus")).to_contain_text("Integration, because partners connect")
    expect(findings).to_contain_text("Name 1 more focus competency")

    page.get_by_label("Focus competency").fill("API design")
    page.get_by_label("Because").fill("the public API outlives every client")
    page.get_by_role("button", name="Add focus competency").click()
    expect(page.locator("#focus")).to_contain_text("API design, because the public API")

    page.get_by_role("textbox", name="Weak spot").fill("Working with sales")
    page.get_by_label("Judged by").select_option(label="Sales")
    page.get_by_role("button", name="Add weak spot").click()
    expect(page.locator("#weak-spots")).to_contain_text("Working with sales, judged by Sales")
    expect(findings).to_contain_text("This role says what it needs")
    assert page.evaluate("window.stillHere") is True
    tab.assert_accessible()

    # Closeness for three people, one click each.
    page.get_by_role("link", name="Closeness grid").click()
    page.evaluate("window.stillHere = true")
    picks = [
        ("Tom Becker", "Daily"),
        ("Sara Nilsson", "Weekly"),
        ("Marcus Lee", "Less than weekly"),
    ]
    for name, level in picks:
        page.get_by_label("Search people").fill(name.split()[0])
        cell = page.get_by_role("button", name=f"{name}: {level}")
        cell.click()
        expect(cell).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.stillHere") is True
    tab.assert_accessible()

    # Everything is there after a reload of the whole grid.
    page.goto(page.url.split("?")[0])
    for name, level in picks:
        expect(page.get_by_role("button", name=f"{name}: {level}")).to_have_attribute(
            "aria-pressed", "true"
        )
    role = Role.objects.get(title="Integration Engineer")
    assert dict(Closeness.objects.filter(role=role).values_list("person__name", "level")) == {
        "Tom Becker": "daily",
        "Sara Nilsson": "weekly",
        "Marcus Lee": "less",
    }
    tab.goto(role.get_absolute_url())
    expect(page.locator("#focus")).to_contain_text("Integration")
    expect(page.locator("#focus")).to_contain_text("API design")
    expect(page.locator("#weak-spots")).to_contain_text("Working with sales")
    tab.assert_no_console_errors()


def test_the_directory_works_on_a_phone(phone_tab):
    load_demo()
    page = phone_tab.page
    phone_tab.sign_in(email_for("Maya Chen"), DEMO_PASSWORD)
    phone_tab.goto("/people/")
    page.get_by_label("Search").fill("sales")
    expect(page.locator("#people-results")).to_contain_text("Marcus Lee")
    expect(page.locator("#people-results")).not_to_contain_text("Tom Becker")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone_tab.assert_accessible()
    phone_tab.assert_no_console_errors()
