"""Events in a real browser, given/when/then, pages checked with axe at phone and desktop
widths. Screenshots go to test-results/screenshots/ for people to look at."""

import re

import pytest
from playwright.sync_api import expect

from network.models import Registration
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_books_a_peer_support_session_and_cancels(page, demo_network):
    # Given the demo manager is signed in and sees her open actions on the home page
    sign_in(page, "manager@oakfield.example")
    page.goto("/home/")
    expect(page.get_by_text("Overdue").first).to_be_visible()
    # When she opens the events list
    page.goto("/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    screenshot(page, "events-list")
    assert_accessible(page)
    # And opens an upcoming peer-support session
    page.get_by_role("link", name="Peer support – session 4").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer support – session 4")
    expect(page.get_by_text("The joining link is shown here once you have a place")).to_be_visible()
    screenshot(page, "event-manager")
    assert_accessible(page)
    # Then she can book a place, and now sees the joining link
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("You have a place. We will email you a reminder")).to_be_visible()
    expect(page.get_by_role("link", name="Join online")).to_be_visible()
    screenshot(page, "event-manager-booked")
    assert_accessible(page)
    # And she can cancel it again
    page.get_by_role("button", name="Cancel my place").click()
    expect(page.get_by_text("You are no longer registered for this event.")).to_be_visible()
    expect(page.get_by_role("button", name="Book a place")).to_be_visible()
    assert not Registration.objects.filter(
        user__email="manager@oakfield.example",
        event__title="Peer support – session 4",
        status=Registration.Status.REGISTERED,
    ).exists()


def test_manager_gives_feedback_on_a_session_she_came_to(page, demo_network):
    # Given the demo manager came to a past peer-support session
    sign_in(page, "manager@oakfield.example")
    page.goto("/events/?when=past")
    page.get_by_role("link", name="Peer support – session 2").click()
    # When she opens the feedback form and sends it without a rating
    page.get_by_role("link", name="Tell us what you thought of this event").click()
    page.get_by_role("button", name="Send feedback").click()
    # Then she is told what to fix
    expect(page).to_have_title(re.compile("^Error: "))
    screenshot(page, "event-feedback-errors")
    assert_accessible(page)
    # And with a rating her feedback is saved
    page.get_by_label("4 – good").check()
    page.get_by_label("One thing we could do now, at no cost (optional)").fill("Buddy homes")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Thank you for your feedback.")).to_be_visible()


def test_project_worker_sees_organiser_tools_and_form_errors(page, demo_network):
    # Given the demo project worker is signed in
    sign_in(page, "worker@network.example", needs_code=True)
    # When they open the past network meeting
    page.goto("/events/?when=past")
    page.get_by_role("link", name=re.compile("Network meeting 1")).click()
    # Then they see the actions, who came and the organisers' links
    expect(page.get_by_role("heading", name="Who has registered")).to_be_visible()
    expect(page.get_by_role("link", name="Record an action")).to_be_visible()
    screenshot(page, "event-worker")
    assert_accessible(page)
    # And the feedback summary for the peer-support series
    page.goto("/events/?when=past")
    page.get_by_role("link", name="Peer support – session 1").click()
    page.get_by_role("link", name="See feedback on this event").click()
    expect(page.get_by_text("4.2 out of 5")).to_be_visible()
    screenshot(page, "event-feedback-summary")
    assert_accessible(page)
    # When they add an event with mistakes, the form says what to fix
    page.goto("/events/new/")
    page.get_by_label("Title").fill("Falls webinar")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Start time").fill("2pm")
    page.get_by_role("button", name="Add event").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("link", name="Enter a real date")).to_be_visible()
    expect(page.get_by_role("link", name="Enter a time like 14:30")).to_be_visible()
    screenshot(page, "event-create-errors")
    assert_accessible(page)
