"""Network measures in a real browser (issue 10): the demo Oakfield manager signs in, sees
that this month's figures are due on her home page, sends them (a mistake first: more
appropriate referrals than referrals; then fixed), and sees her home's new point on the
falls chart beside the network's. Pages are checked with axe at phone and desktop widths;
screenshots go to test-results/screenshots/. The database is only read, to check."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network.models import Organisation
from outcomes import demo, windows
from outcomes.models import MonthlyReturn, ReportingWindow
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_sends_this_months_figures_and_sees_them_on_the_chart(
    page, live_server, demo_network
):
    window = ReportingWindow.objects.get()
    month = windows.current_month(timezone.localdate(), window.opens_day, window.closes_day)
    name = month.short_name

    sign_in(page, "manager@oakfield.example")
    if "/agreement/" in page.url:
        page.get_by_role("button", name=re.compile("sign|agree", re.I)).first.click()
        page.goto("/home/")
    panel = page.locator(".nhsuk-card", has_text="This month's figures are due")
    expect(panel).to_contain_text(f"for {month.label} by")
    screenshot(page, "outcomes-01-home-due")
    panel.get_by_role("link", name=f"Send {name}'s figures").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your figures for {month.label}")
    assert_accessible(page)
    page.get_by_label(demo.REFERRALS, exact=True).fill("6")
    page.get_by_label(demo.APPROPRIATE, exact=True).fill("8")
    page.get_by_label(demo.FALLS, exact=True).fill("1")
    page.get_by_label(demo.ADMISSIONS, exact=True).fill("2")
    page.get_by_role("button", name=f"Send {name}'s figures").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(
        "Appropriate referrals to community nursing cannot be more than referrals to "
        "community nursing"
    )
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    screenshot(page, "outcomes-02-form-error")
    oakfield = Organisation.objects.get(name="Oakfield House")
    assert not MonthlyReturn.objects.filter(home=oakfield, month=month.month).exists()

    page.get_by_label(demo.APPROPRIATE, exact=True).fill("5")
    page.get_by_role("button", name=f"Send {name}'s figures").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("Sent, thank you")
    sent = MonthlyReturn.objects.get(home=oakfield, month=month.month)
    assert sent.submitted_by.email == "manager@oakfield.example" and not sent.is_late
    screenshot(page, "outcomes-03-sent")

    page.goto("/home/")
    expect(page.get_by_text(f"{name}'s figures: sent, thank you")).to_be_visible()
    page.get_by_role("link", name="See how your figures compare with the network").click()
    page.get_by_role("link", name=demo.FALLS, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.FALLS)
    own = page.locator("section", has=page.get_by_role("heading", name="Oakfield House"))
    row = own.get_by_role("row", name=re.compile(month.month.strftime("%b %Y")))
    expect(row).to_contain_text("1")
    expect(own.locator("svg[role=img]")).to_be_visible()
    network = page.locator("section", has=page.get_by_role("heading", name="The whole network"))
    expect(network).to_contain_text("Special cause improvement")
    assert_accessible(page)
    screenshot(page, "outcomes-04-chart")
