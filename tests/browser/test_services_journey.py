"""A partner finds the falls service for a home's area from a need, in a real browser with
the demo network. Pages are checked with axe at phone and desktop widths; screenshots go
to test-results/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from surveys.models import Need, NeedResponse
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NEED = "Help with a rise in falls at night"  # posted by Beech Court, Portsmouth
SERVICE = "Southshore Falls Prevention Service"  # covers the Solent and Downs ICB area


def test_partner_finds_the_falls_service_from_a_need_and_points_the_home_to_it(page, demo_network):
    # Given the ICB partner is signed in (with her 2-step code) and opens the needs board
    sign_in(page, "partner@icb.example", needs_code=True)
    page.goto("/needs/")
    # When she opens a falls need posted by a home in her area
    page.get_by_role("link", name=NEED).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEED)
    # Then the falls service covering the home's area is suggested
    suggested = page.locator("#local-services + p + ul")
    expect(suggested.get_by_role("link", name=SERVICE)).to_be_visible()
    screenshot(page, "services-need-suggestions")
    assert_accessible(page)

    # When she opens it
    suggested.get_by_role("link", name=SERVICE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE)
    # Then she sees who it is for, how to refer, and the named contacts
    expect(page.get_by_role("heading", name="How to refer someone")).to_be_visible()
    expect(page.get_by_text("Helen Price")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Checked \d+ \w+ \d{4}"))).to_be_visible()
    screenshot(page, "services-entry")
    assert_accessible(page)

    # When she responds to the need pointing to the service
    page.get_by_role("link", name="Respond to this need pointing to this service").click()
    expect(page.get_by_label("Point to a local service (optional)")).to_have_value(
        re.compile(r"^\d+$")
    )
    expect(
        page.get_by_label("Point to a local service (optional)").locator("option:checked")
    ).to_have_text(SERVICE)
    page.get_by_label("Referral").check()
    page.get_by_label("Your response").fill(
        "The falls team can review the residents who have fallen and advise on sensors."
    )
    page.get_by_role("button", name="Send response").click()

    # Then the need shows her response with the service, linked, and how to refer
    expect(page.get_by_text("Your response has been added.")).to_be_visible()
    conversation = page.locator("#conversation + ol")
    expect(conversation.get_by_role("link", name=SERVICE)).to_be_visible()
    expect(conversation.get_by_text("How to refer:")).to_be_visible()
    need = Need.objects.get(title=NEED)
    assert NeedResponse.objects.get(need=need, service__name=SERVICE).author.email == (
        "partner@icb.example"
    )
    screenshot(page, "services-need-response")
    assert_accessible(page)

    # And the directory's list of local services, starting with her area, passes axe too
    page.goto("/directory/")
    page.get_by_role("link", name="Local services").click()
    expect(
        page.get_by_role("heading", name=re.compile("covering Solent and Downs ICB area"))
    ).to_be_visible()
    expect(page.get_by_role("link", name=SERVICE)).to_be_visible()
    screenshot(page, "services-list")
    assert_accessible(page)
