"""The demo hiring manager reads the reports: each chart matches the table beside it."""

import pytest
from playwright.sync_api import expect

from loops.demo.seed import DEMO_PASSWORD, email_for, load_demo
from loops.models import Loop, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chart_rows(page, chart: str) -> dict[str, dict]:
    """Each bar of a chart: its value text and its segments' values by name."""
    return page.eval_on_selector_all(
        f"[data-chart={chart}] g.chart-row",
        """rows => Object.fromEntries(rows.map(row => [row.dataset.label, {
            text: row.querySelector('.chart-value').textContent.trim(),
            segments: Object.fromEntries([...row.querySelectorAll('rect')].map(
                rect => [rect.dataset.name, parseFloat(rect.dataset.value)])),
        }]))""",
    )


def test_calibration_and_the_role_report_answer_the_hiring_managers_questions(tab):
    load_demo()
    page = tab.page
    tab.sign_in(email_for("Maya Chen"), DEMO_PASSWORD)
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Calibration", exact=True)).to_be_visible()

    # Who moves most: the first row of the table, and its bar says the same.
    table = page.locator("#calibration-table tbody tr")
    expect(table.first).to_be_visible()
    rows = table.evaluate_all(
        """rows => rows.map(row => ({
            name: row.dataset.person,
            rate: row.querySelector('[data-rate]').dataset.rate,
            votes: row.querySelector('[data-votes]').dataset.votes.split(',').map(Number),
        }))"""
    )
    assert len(rows) >= 5
    rates = [int(row["rate"]) for row in rows if row["rate"]]
    assert rates == sorted(rates, reverse=True) and rates[0] > 0
    moves = chart_rows(page, "moves")
    votes = chart_rows(page, "votes")
    for row in rows:
        assert moves[row["name"]]["text"] == f"{row['rate']}%"
        bar = moves[row["name"]]["segments"]
        assert sum(bar.values()) == pytest.approx(int(row["rate"]), abs=1.5)
        total = sum(row["votes"])
        shares = votes[row["name"]]["segments"]
        for name, count in zip(["Strong no", "No", "Yes", "Strong yes"], row["votes"], strict=True):
            assert shares.get(name, 0) == pytest.approx(100 * count / total, abs=0.1)
    assert "Organisation" in votes
    tab.assert_accessible()

    # How long the roles take: the bar's days are the table's.
    page.get_by_role("link", name="Roles", exact=True).last.click()
    expect(page.get_by_role("heading", name="Across roles")).to_be_visible()
    times = chart_rows(page, "time")
    table_days = page.locator("#role-table tbody tr").evaluate_all(
        "rows => rows.map(row => [row.dataset.role, row.querySelector('[data-days]').dataset.days])"
    )
    assert table_days
    for title, days in table_days:
        assert times[title]["text"] == f"{days} d"
    gaps = chart_rows(page, "gaps")
    table_gaps = page.locator("#gap-table tbody tr").evaluate_all(
        "rows => rows.map(row => [row.dataset.competency, row.lastElementChild.textContent])"
    )
    assert table_gaps
    for competency, loops in table_gaps:
        assert gaps[competency]["segments"]["Loops"] == int(loops)
    tab.assert_accessible()

    # Narrowed to one role and a date range, the page keeps the filters and still adds up.
    page.get_by_label("Role", exact=True).select_option(label="Senior Backend Engineer, Payments")
    page.get_by_label("Decided from").fill("2026-01-01")
    page.get_by_role("button", name="Filter").click()
    role = Role.objects.get(title="Senior Backend Engineer, Payments")
    expect(page.get_by_label("Role", exact=True)).to_have_value(str(role.pk))
    expect(page.get_by_label("Decided from")).to_have_value("2026-01-01")
    rows = page.locator("#role-table tbody tr")
    expect(rows).to_have_count(1)
    decided = page.locator("#total-decided").text_content()
    expect(rows.first.locator("td").first).to_have_text(decided)
    tab.assert_no_console_errors()


def test_the_decided_debrief_draws_its_vote_shift_like_its_table(phone_tab):
    load_demo()
    loop = Loop.objects.get(candidate__name="Riley Chen")
    page = phone_tab.page
    phone_tab.sign_in(email_for("Maya Chen"), DEMO_PASSWORD)
    phone_tab.goto(f"/loops/{loop.pk}/debrief/")
    marks = page.locator("[data-chart=shift] g[data-person]")
    expect(marks.first).to_be_visible()
    assert marks.count() == page.locator("table.shift tbody tr").count()
    moved = page.locator("table.shift tbody tr.moved-up, table.shift tbody tr.moved-down").count()
    assert page.locator("[data-chart=shift] line.move").count() == moved > 0
    phone_tab.assert_accessible()
    phone_tab.assert_no_console_errors()
