"""An improvement project in a real browser, from start to spread (issue 5): the demo
manager starts a project, builds a driver diagram, adds a measure and pastes 20 weekly
values, sees the shift flagged, runs two PDSA cycles (adapt, then adopt), downloads the
one-page PDF and shares the project; a manager at another home finds it in the learning
library and tries its change idea in her own home. Every step goes through the pages; the
database is only read, to check the results. Pages are checked with axe at phone and desktop
widths; screenshots go to test-results/screenshots/."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network import demo
from qi_cycles.models import ChangeIdea, Cycle, MeasureValue, Project
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Safer nights on the ground floor"
IDEA = "Offer a drink and the toilet at every night check"
MEASURE = "Falls at night"
BASELINE = [6, 7, 5, 6, 8, 6, 5, 7, 6, 7]  # before the change: around 6 a week
AFTER = [2, 1, 3, 2, 2, 1, 3, 2, 2, 1]  # after it: around 2 a week


def _willow_lodge_manager() -> str:
    return next(
        p.email
        for p in demo.other_people()
        if p.organisation == "Willow Lodge" and p.role == "manager"
    )


def _fill_date(page, group: str, day: date) -> None:
    fieldset = page.get_by_role("group", name=group, exact=True)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def _start_project(page, start: date) -> Project:
    page.goto("/home/")
    page.get_by_role("link", name="Improvement", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement projects")
    page.get_by_role("link", name="Start a project").click()
    page.get_by_label("Project title").fill(TITLE)
    page.get_by_label("What is the problem?").fill(
        "Residents on the ground floor fall at night, often on the way to the toilet. The "
        "falls log shows about six falls a week."
    )
    page.get_by_label("What will improve?").fill("Reduce falls at night")
    page.get_by_label("For whom?").fill("residents on the ground floor")
    page.get_by_label("By how much?").fill("half")
    _fill_date(page, "By when?", timezone.localdate() + timedelta(weeks=26))
    _fill_date(page, "Start date", start)
    # Left home-only: the manager shares it later, from the share page.
    expect(page.get_by_role("radio", name=re.compile("^Only people at our home"))).to_be_checked()
    page.get_by_role("button", name="Start the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Your project has been started.")).to_be_visible()
    project = Project.objects.get(title=TITLE)
    assert project.home.name == "Oakfield House" and not project.is_shared
    assert project.start_date == start
    return project


def _build_driver_diagram(page) -> None:
    page.get_by_role("link", name="Build the driver diagram").click()
    page.get_by_role("link", name="Add a primary driver").click()
    page.get_by_label("Driver", exact=True).fill("Residents can reach the toilet safely at night")
    page.get_by_role("button", name="Add it to the diagram").click()
    expect(page.get_by_text("has been added to the diagram")).to_be_visible()
    page.get_by_role(
        "link", name="Add a change idea under ‘Residents can reach the toilet safely at night’"
    ).click()
    page.get_by_label("Change idea", exact=True).fill(IDEA)
    page.get_by_label("More about the idea (optional)").fill(
        "At each check the night team offers a drink and help to the toilet, so residents "
        "are less likely to get up alone."
    )
    expect(page.get_by_label("Where does it sit in the diagram?")).to_have_value(
        re.compile(r"^\d+$")
    )
    page.get_by_role("button", name="Add it to the diagram").click()
    expect(page.get_by_text(f"‘{IDEA}’ has been added to the diagram.")).to_be_visible()
    idea = ChangeIdea.objects.get(project__title=TITLE, title=IDEA)
    assert idea.driver.text == "Residents can reach the toilet safely at night"


def _add_measure(page) -> None:
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Name of the measure").fill(MEASURE)
    page.get_by_role("radio", name=re.compile("^Outcome")).check()
    page.get_by_label("Operational definition").fill(
        "Falls between 10pm and 6am on the ground floor recorded in the incident log, counted "
        "every Monday for the week before."
    )
    page.get_by_label("Unit", exact=True).fill("falls")
    page.get_by_role("radio", name="Down is better").check()
    page.get_by_role("radio", name="Weekly").check()
    page.get_by_role("radio", name="Run chart (median)").check()
    page.get_by_label("Show this measure's chart on the project summary").check()
    page.get_by_role("button", name="Add this measure").click()
    expect(page.get_by_role("heading", name=MEASURE, level=2)).to_be_visible()
    expect(page.get_by_text(f"‘{MEASURE}’ has been added.")).to_be_visible()


def _paste_values(page, start: date) -> None:
    page.get_by_role("link", name=re.compile("^Add many values")).click()
    rows = [
        f"{(start + timedelta(weeks=i)).strftime('%d/%m/%Y')}\t{value}"
        for i, value in enumerate(BASELINE + AFTER)
    ]
    page.get_by_label("Paste your values").fill("Date\tFalls\n" + "\n".join(rows))
    page.get_by_role("button", name="Check the values").click()
    # The preview: every row, nothing saved yet
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Check the values for ‘{MEASURE}’")
    expect(page.get_by_text("We read 20 values.")).to_be_visible()
    table = page.get_by_role("table", name="Rows read")
    expect(table.get_by_role("row")).to_have_count(21)
    last = start + timedelta(weeks=19)
    expect(table.get_by_role("row").last).to_contain_text(f"{last.day} {last:%B %Y}")
    assert not MeasureValue.objects.filter(measure__project__title=TITLE).exists()
    screenshot(page, "qi-import-preview")
    assert_accessible(page)
    page.get_by_role("button", name="Save 20 values").click()
    expect(page.get_by_text("20 values added to the chart.")).to_be_visible()
    values = MeasureValue.objects.filter(measure__project__title=TITLE).order_by("date")
    assert [int(v.value) for v in values] == BASELINE + AFTER
    assert values[0].date == start


def _run_cycle(page, *, objective: str, starts: date, decision: str, learning: str):
    page.get_by_label("What is this cycle for?").fill(objective)
    page.get_by_label("What question will this test answer?").fill(
        "Will offering a drink and the toilet mean fewer residents get up alone?"
    )
    page.get_by_label("What do you think will happen?").fill("Fewer falls between 2am and 5am.")
    page.get_by_label("Who will do it?").fill("The night team")
    page.get_by_label("What will they do?").fill("Offer a drink and the toilet at each check")
    page.get_by_label("When will it happen?").fill("Every check from 10pm to 6am")
    page.get_by_label("Where will it happen?").fill("Ground floor")
    page.get_by_label("What will you record to find out if it worked?").fill(
        "Falls each night, from the falls log"
    )
    _fill_date(page, "Start date", starts)
    _fill_date(page, "End date (optional)", starts + timedelta(days=6))
    page.get_by_role("checkbox", name=MEASURE).check()
    page.get_by_role("button", name="Start the cycle").click()
    expect(page.get_by_text("has started.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=re.compile(objective))).to_be_visible()
    # Do, Study and Act, after the test
    page.get_by_role(
        "link", name="Record what happened, what you found and what to do next"
    ).click()
    expect(page.get_by_role("group", name="Do", exact=True)).to_be_visible()
    page.get_by_label("What happened?").fill("We did it every night; two checks were missed.")
    page.get_by_label("What did you notice?").fill("Residents settled better after a drink.")
    page.get_by_label("What problems came up?").fill("Busy nights made rounds late.")
    page.get_by_label("How do the results compare with your prediction?").fill(
        "Falls went down, as we predicted."
    )
    page.get_by_label("What did you learn?").fill(learning)
    page.get_by_role("radio", name=decision).check()
    page.get_by_label("What is the next step?").fill("Test it on the first floor too.")
    return page


def test_manager_runs_a_project_and_another_home_tries_its_idea(page, demo_network):
    today = timezone.localdate()
    start = today - timedelta(weeks=30)

    # Given the demo manager is signed in, when she starts a project from "Improvement"
    sign_in(page, "manager@oakfield.example")
    project = _start_project(page, start)
    # And builds the driver diagram: a primary driver, then a change idea under it
    _build_driver_diagram(page)
    # And adds a weekly, down-is-better measure
    _add_measure(page)
    # And pastes 20 weekly values, checks the preview and saves them all
    _paste_values(page, start)

    # Then the run chart flags the shift below the median in plain English
    summary = page.locator(".app-measure-chart").first
    expect(summary).to_contain_text("A shift: 10 values in a row below the median")
    expect(summary).to_contain_text("an improvement")
    expect(page.locator(".app-measure-chart svg").first).to_be_visible()
    screenshot(page, "qi-measure-run-chart")
    assert_accessible(page)
    # And so does the SPC chart, as special cause improvement
    page.get_by_role("link", name=re.compile("^Show the SPC chart")).click()
    expect(page.get_by_text("SPC chart", exact=True)).to_be_visible()
    expect(page.locator(".app-measure-chart").first).to_contain_text("Special cause improvement")
    screenshot(page, "qi-measure-spc-chart")
    assert_accessible(page)

    # When she starts cycle 1 of the change idea from the project page
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name=f"Start a cycle of {IDEA}").click()
    expect(page.get_by_role("radio", name=IDEA)).to_be_checked()
    _run_cycle(
        page,
        objective="Try drinks and toilet offers for one week",
        starts=start + timedelta(weeks=10),
        decision="Adapt: change it and test again",
        learning="Offering the toilet first works better than a drink first.",
    )
    screenshot(page, "qi-cycle-edit")
    assert_accessible(page)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes to the cycle have been saved.")).to_be_visible()
    expect(page.get_by_text("Adapt: change it and test again")).to_be_visible()
    # And starts cycle 2 from there, and adopts the change
    page.get_by_role("link", name="Start cycle 2").click()
    _run_cycle(
        page,
        objective="Toilet first, then a drink, for two weeks",
        starts=start + timedelta(weeks=12),
        decision="Adopt: keep doing it",
        learning="Toilet first, then a drink, suits most residents.",
    )
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes to the cycle have been saved.")).to_be_visible()
    expect(page.get_by_text("Adopt: keep doing it")).to_be_visible()
    # Then the ramp lists both cycles
    page.get_by_role("link", name="PDSA cycles").click()
    ramp = page.get_by_role("region", name=IDEA)
    expect(ramp.get_by_text("2 cycles")).to_be_visible()
    expect(ramp.get_by_role("row")).to_have_count(3)
    expect(ramp.get_by_role("link", name="Cycle 1")).to_be_visible()
    expect(ramp.get_by_role("link", name="Cycle 2")).to_be_visible()
    cycles = Cycle.objects.filter(change_idea__project=project).order_by("number")
    assert [(c.number, c.decision) for c in cycles] == [(1, "adapt"), (2, "adopt")]

    # And the project page shows the measure, the key chart and both cycles
    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("link", name="cycle 2", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=MEASURE)).to_be_visible()
    screenshot(page, "qi-project")
    assert_accessible(page)

    # When she downloads the one-page PDF
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download a one-page summary (PDF)").click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    body = Path(pdf.path()).read_bytes()
    assert body.startswith(b"%PDF") and len(body) > 10_000

    # And shares the project with the network
    page.get_by_role("link", name="Share this project with the network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Share this project with the network?"
    )
    page.get_by_role("button", name="Share with the network").click()
    expect(page.get_by_text("Your project is now shared with the network.")).to_be_visible()
    project.refresh_from_db()
    assert project.is_shared and project.shared_at
    page.context.clear_cookies()

    # Given a manager at another home, when she finds the project in the learning library
    sign_in(page, _willow_lodge_manager())
    page.goto("/improvement/")
    page.get_by_role("link", name="See what other homes have tried in the learning library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning library")
    page.get_by_label("Search").fill("Safer nights")
    page.get_by_role("button", name="Show projects").click()
    expect(page.get_by_role("heading", name="1 project found")).to_be_visible()
    screenshot(page, "qi-library")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    # Then its case study tells the story, with the chart and both cycles
    expect(page).to_have_title(re.compile(f"^Case study: {TITLE}"))
    expect(page.get_by_text("Offering the toilet first works better")).to_be_visible()
    expect(page.get_by_text("Toilet first, then a drink, suits most residents.")).to_be_visible()
    expect(page.locator(".app-measure-chart").first).to_contain_text("A shift")
    expect(page.get_by_text("No other project has tried these ideas yet.")).to_be_visible()
    screenshot(page, "qi-case-study")
    assert_accessible(page)
    # When she tries the change idea in her own home's project
    page.get_by_role("region", name=IDEA).get_by_role(
        "link", name=re.compile("^Try this in our home")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Try this in our home")
    page.get_by_role("radio", name=re.compile("^A better mealtime experience")).check()
    page.get_by_role("button", name="Add the idea").click()
    expect(
        page.get_by_text(f"{IDEA} has been added to A better mealtime experience")
    ).to_be_visible()
    # Then her home has a copy that links back to the original
    original = ChangeIdea.objects.get(project=project, title=IDEA)
    copy = ChangeIdea.objects.get(copied_from=original)
    assert copy.project.home.name == "Willow Lodge"
    assert copy.project.title == "A better mealtime experience"
    # And the original's case study, linked from "Adapted from", shows where it has spread
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_title(re.compile(f"^Case study: {TITLE}"))
    expect(page.get_by_text("No other project has tried these ideas yet.")).to_have_count(0)
    spread = page.locator("h2#spread ~ ul")
    expect(spread).to_contain_text("Willow Lodge")
    expect(spread.get_by_role("link", name="A better mealtime experience")).to_be_visible()
