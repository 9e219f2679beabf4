"""Needs surveys in a real browser: a project worker runs a two-question survey, two homes
answer, and the results show the distribution with small counts suppressed. Pages are
checked with axe at phone and desktop widths; screenshots go to test-results/screenshots/."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network import demo
from surveys.models import Response, Survey
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_date(page, group: str, day) -> None:
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def _answer(page, email: str, choice: str, rating: str) -> None:
    page.context.clear_cookies()
    sign_in(page, email)
    page.goto("/home/")
    page.get_by_role("link", name="Falls training check").click()
    expect(
        page.get_by_text("This survey is anonymous. Nobody, including the network team")
    ).to_be_visible()
    page.get_by_role("radio", name=choice, exact=True).check()
    page.get_by_role("radio", name=rating, exact=True).check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_text("Thank you. Your answers have been sent.")).to_be_visible()


def test_project_worker_runs_a_survey_and_reads_suppressed_results(
    page, browser, live_server, demo_network
):
    # Given a project worker is signed in
    sign_in(page, "worker@network.example", needs_code=True)
    # When she creates a survey for all care home staff
    page.goto("/surveys/")
    page.get_by_role("link", name="Create a survey").click()
    page.get_by_label("Title").fill("Falls training check")
    page.get_by_role("radio", name="All care home staff").check()
    page.get_by_role("radio", name=re.compile("^Yes – nobody")).check()
    page.get_by_role("radio", name="One from each person").check()
    today = timezone.localdate()
    _fill_date(page, "Opening date", today)
    _fill_date(page, "Closing date", today + timezone.timedelta(days=7))
    page.get_by_role("button", name="Save and add questions").click()
    # And adds a choice question and a rating
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Question", exact=True).fill("Has your home had falls training this year?")
    page.get_by_role("radio", name="Choose one").check()
    page.get_by_label("Answers to choose from (for choice questions)").fill("Yes\nNo\nNot sure")
    page.get_by_role("button", name="Add question").click()
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Question", exact=True).fill("How confident are you in preventing falls?")
    page.get_by_role("radio", name="Rating from 1 to 5").check()
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("2. How confident are you in preventing falls?")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Falls training check")
    screenshot(page, "survey-builder")
    assert_accessible(page)
    # And publishes it
    page.get_by_role("button", name="Publish the survey").click()
    expect(page.get_by_text("The survey is published.")).to_be_visible()

    # Then staff at two homes see it on their home page and answer it (in another browser
    # window: the worker stays signed in, as her sign-in code cannot be used twice)
    staff_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    staff = staff_context.new_page()
    staff.set_default_timeout(10_000)
    sign_in(staff, "carer@oakfield.example")
    staff.goto("/home/")
    staff.get_by_role("link", name="Falls training check").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Falls training check")
    screenshot(staff, "survey-answer")
    assert_accessible(staff)
    staff.get_by_role("button", name="Send your answers").click()
    expect(staff).to_have_title(re.compile("^Error: "))
    expect(staff.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(staff)
    screenshot(staff, "survey-answer-errors")
    other = next(p for p in demo.other_people() if p.organisation == "Willow Lodge")
    _answer(staff, "carer@oakfield.example", "Yes", "4")
    _answer(staff, other.email, "No", "5 – Very good")
    staff_context.close()
    survey = Survey.objects.get(title="Falls training check")
    assert Response.objects.filter(survey=survey, respondent__isnull=True).count() == 2

    # And the project worker sees results with counts under 5 suppressed
    page.goto(f"/surveys/{survey.pk}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Has your home had falls training"))
    expect(table.get_by_role("row", name=re.compile("Yes"))).to_contain_text("fewer than 5")
    # Nobody chose "Not sure", but with only two answers a 0 would say what both chose
    expect(table.get_by_role("row", name=re.compile("Not sure"))).to_contain_text("fewer than 5")
    expect(page.get_by_text("not shown, as fewer than 5 people answered")).to_be_visible()
    screenshot(page, "survey-results-suppressed")
    assert_accessible(page)


def test_demo_results_compare_two_rounds(page, demo_network):
    sign_in(page, "worker@network.example", needs_code=True)
    winter = Survey.objects.get(title="Staff needs survey – winter 2026")
    page.goto(f"/surveys/{winter.pk}/results/")
    expect(page.get_by_text("Staff needs survey – summer 2026: 20 responses")).to_be_visible()
    expect(page.get_by_role("heading", name="Average ratings by theme")).to_be_visible()
    screenshot(page, "survey-results-rounds")
    assert_accessible(page)
    summer = winter.previous_round
    page.goto(f"/surveys/{summer.pk}/results/")
    screenshot(page, "survey-results-summer")
    assert_accessible(page)
    page.goto(f"/surveys/{winter.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(winter.title)
    screenshot(page, "survey-builder-demo")
    assert_accessible(page)
