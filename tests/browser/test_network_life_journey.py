"""Issue 3's journey in a real browser, every page checked with axe.

A care home manager finds a champion in the directory, books a peer-support session, and
after it gives feedback; the organiser records an action at that session, and the action
appears on the next session in the series to report back on.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network.models import Event, EventFeedback, MeetingAction
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_finds_a_champion_books_gives_feedback_and_the_action_carries_over(
    browser, live_server, demo_network
):
    manager = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = manager.new_page()
    page.set_default_timeout(10_000)

    # Given the demo care home manager is signed in
    sign_in(page, "manager@oakfield.example")

    # When she looks for champions in the directory, she finds Tom Walsh and his email
    page.get_by_role("link", name="Directory", exact=True).first.click()
    page.get_by_label(re.compile("champions only", re.I)).check()
    page.get_by_role("button", name=re.compile("Search|Apply|Filter", re.I)).first.click()
    expect(page.get_by_text("Tom Walsh")).to_be_visible()
    expect(page.get_by_text("carer@oakfield.example")).to_be_visible()
    screenshot(page, "journey-directory-champions")
    assert_accessible(page)

    # And she books a place at the next peer-support session
    page.get_by_role("link", name="Events", exact=True).first.click()
    page.get_by_role("link", name="Peer support – session 4").click()
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("You have a place", exact=True)).to_be_visible()

    # Time passes: the session has happened
    session = Event.objects.get(title="Peer support – session 4")
    now = timezone.now()
    Event.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=2)
    )

    # Then she gives feedback, with the workshop's three prompts
    page.reload()
    page.get_by_role("link", name="Tell us what you thought of this event").click()
    page.get_by_role("button", name=re.compile("Send|Submit|Save", re.I)).click()
    expect(page).to_have_title(re.compile("^Error: "))  # a rating is needed
    page.get_by_label("4 – good").check()
    page.get_by_label("One thing we could do now, at no cost (optional)").fill(
        "Share our falls huddle notes with the other homes"
    )
    page.get_by_label("One dream (optional)").fill("A hydration station on every floor")
    screenshot(page, "journey-feedback")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Send|Submit|Save", re.I)).click()
    expect(page.get_by_text(re.compile("Thank you", re.I)).first).to_be_visible()
    feedback = EventFeedback.objects.get(event=session)
    assert feedback.rating == 4 and feedback.idea_dream == "A hydration station on every floor"
    manager.close()

    # When the organiser records an action at that session
    organiser = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = organiser.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, "worker@network.example", needs_code=True)
    page.goto(f"/events/{session.pk}/")
    page.get_by_role("link", name="Record an action").click()
    page.get_by_label("What needs to be done").fill(
        "Oakfield House to share its falls huddle template with the network"
    )
    page.get_by_label("Or the organisation that owns it").select_option(label="Oakfield House")
    due = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    screenshot(page, "journey-record-action")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Save|Record|Add", re.I)).click()
    expect(
        page.get_by_text("Oakfield House to share its falls huddle template").first
    ).to_be_visible()
    assert MeetingAction.objects.filter(event=session, owner_organisation__name="Oakfield House")

    # Then the next session in the series lists it under actions to report back on
    page.goto(f"/events/{Event.objects.get(title='Peer support – session 5').pk}/")
    report_back = page.locator("#report-back")
    expect(report_back).to_be_visible()
    expect(page.get_by_role("table", name="Open actions to report back on")).to_contain_text(
        "Oakfield House to share its falls huddle template"
    )
    screenshot(page, "journey-next-session")
    assert_accessible(page)
    organiser.close()
