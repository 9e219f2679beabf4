"""Key journeys in a real browser, given/when/then, each page checked with axe."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from network import demo
from tests.browser.conftest import assert_accessible, follow_menu, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_page_is_accessible(page, db):
    # Given a signed-out visitor on the sign-in page
    page.goto("/accounts/login/")
    screenshot(page, "sign-in")
    assert_accessible(page)
    # When they submit nothing, then they see an error summary and the title says Error
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile("^Error: "))
    screenshot(page, "sign-in-errors")
    assert_accessible(page)


@pytest.mark.parametrize("person", demo.SIGNINS, ids=lambda p: p.role)
def test_each_demo_role_signs_in_and_lands_on_home(page, demo_network, person):
    # Given a demo person, when they sign in
    sign_in(
        page, person.email, needs_code=person.role in {"partner", "project_worker", "network_admin"}
    )
    # Then they land on their home page, which meets accessibility rules
    page.wait_for_url("**/home/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    screenshot(page, f"home-{person.role}")
    assert_accessible(page)


def test_manager_invites_a_member_of_staff(page, demo_network):
    # Given the demo manager is signed in
    sign_in(page, "manager@oakfield.example", needs_code=False)
    page.wait_for_url("**/home/")
    # When she opens her members page and invites someone
    follow_menu(page, "Members")
    screenshot(page, "members")
    assert_accessible(page)
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_role("button", name="Send invitation").click()
    # Then a mistake shows an error summary
    expect(page).to_have_title(re.compile("^Error: "))
    screenshot(page, "invite-errors")
    assert_accessible(page)
    page.get_by_label("Email address").fill("new.carer@oakfield.example")
    page.get_by_label("Care home staff").check()
    page.get_by_role("button", name="Send invitation").click()
    # And a sent invitation is confirmed and listed
    expect(page.get_by_text("Invitation sent to new.carer@oakfield.example")).to_be_visible()
    expect(page.get_by_role("cell", name="new.carer@oakfield.example", exact=True)).to_have_count(1)
    assert any("new.carer@oakfield.example" in m.to for m in mail.outbox)
