"""Staff keep the directory in the Django admin too, under the same strict CSP."""

import pytest
from playwright.sync_api import expect

from loops.demo.seed import DEMO_PASSWORD, email_for, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_open_a_person_in_the_admin(tab):
    load_demo()
    tab.sign_in(email_for("Kim Park"), DEMO_PASSWORD)
    tab.goto("/admin/loops/person/?q=maya")
    tab.page.get_by_role("link", name="Maya Chen").click()
    expect(tab.page.get_by_label("Name:")).to_have_value("Maya Chen")
    tab.assert_no_console_errors()
