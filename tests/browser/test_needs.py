"""The needs board in a real browser, given/when/then, pages checked with axe at phone and
desktop widths. Screenshots go to test-results/screenshots/ for people to look at."""

import re

import pytest
from playwright.sync_api import expect

from network import demo
from surveys.models import Need
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Support with mouth care for residents living with dementia"


def _willow_lodge_manager() -> str:
    return next(
        p.email
        for p in demo.other_people()
        if p.organisation == "Willow Lodge" and p.role == "manager"
    )


def sign_out(page) -> None:
    page.context.clear_cookies()


def test_need_posted_answered_shared_and_met(page, demo_network):
    # Given the demo manager is signed in and opens the needs board
    sign_in(page, "manager@oakfield.example")
    page.goto("/needs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Needs board")
    expect(page.get_by_role("link", name="Help with a rise in falls at night")).to_be_visible()
    screenshot(page, "needs-list-manager")
    assert_accessible(page)
    # When she posts a need with an NHS number in it
    page.get_by_role("link", name="Post a need").click()
    page.get_by_label("What does your home need help with?").fill(TITLE)
    page.get_by_label("Tell us more").fill("One resident, 943 476 5919, refuses mouth care.")
    page.get_by_label(re.compile("^Soon")).check()
    page.get_by_role("button", name="Post this need").click()
    # Then she is told why, and nothing is saved
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("link", name=re.compile("Remove the NHS number"))).to_be_visible()
    screenshot(page, "need-form-errors")
    assert_accessible(page)
    assert not Need.objects.filter(title=TITLE).exists()
    # When she takes it out and posts again
    page.get_by_label("Tell us more").fill(
        "Some residents living with dementia refuse mouth care. We would like training and "
        "tips that have worked in other homes."
    )
    page.get_by_label("Dementia").check()
    page.get_by_role("button", name="Post this need").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Your need has been posted")).to_be_visible()
    need = Need.objects.get(title=TITLE)
    sign_out(page)

    # Given a partner signs in, when she responds with an offer
    sign_in(page, "partner@icb.example", needs_code=True)
    page.goto(f"/needs/{need.pk}/")
    page.get_by_label("Offer of support").check()
    page.get_by_label("Your response").fill(
        "Our oral health team can run a session for your staff next month."
    )
    page.get_by_role("button", name="Send response").click()
    # Then it is in the conversation and the need is being addressed
    expect(page.get_by_text("Your response has been added.")).to_be_visible()
    expect(page.get_by_text("Our oral health team can run a session")).to_be_visible()
    expect(page.get_by_text("Being addressed").first).to_be_visible()
    screenshot(page, "need-partner")
    assert_accessible(page)
    sign_out(page)

    # Given another home's manager, when she says her home needs this too
    sign_in(page, _willow_lodge_manager())
    page.goto(f"/needs/{need.pk}/")
    expect(page.get_by_role("textbox")).to_have_count(0)  # other homes cannot respond
    page.get_by_role("button", name="We need this too").click()
    expect(page.get_by_text("Your home needs this too")).to_be_visible()
    expect(page.get_by_text("1 other home needs this too")).to_be_visible()
    screenshot(page, "need-other-home")
    assert_accessible(page)
    sign_out(page)

    # Given the manager again: her home page shows the new response
    sign_in(page, "manager@oakfield.example")
    page.goto("/home/")
    expect(page.get_by_text("New responses to your home's needs")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    screenshot(page, "need-manager")
    assert_accessible(page)
    # When she marks it met without saying what helped
    page.get_by_role("link", name=re.compile("Mark as met")).click()
    page.get_by_label("Met").check()
    page.get_by_role("button", name="Save status").click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    # Then she says what helped, and the need is met
    page.get_by_label("What helped?").fill("The oral health team's session and toothbrush tips.")
    page.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("The need is now: met.")).to_be_visible()
    expect(page.get_by_text("The oral health team's session")).to_be_visible()
    need.refresh_from_db()
    assert need.status == "met" and need.first_response_at and need.closed_at
