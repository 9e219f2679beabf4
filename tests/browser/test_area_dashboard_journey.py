"""The area dashboard in a real browser (issue 7), on the demo network: Priya Shah, the ICB
partner, opens the dashboard from the navigation, filters it to one locality, follows a
figure to the needs behind it (the same needs it counted) and downloads the one-page area
summary for her board. Pages are checked with axe at phone and desktop widths;
screenshots go to test-results/screenshots/."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from surveys.models import Need
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PARTNER = "partner@icb.example"  # Priya Shah, Solent and Downs ICB


def _figure(page, key: str) -> str:
    row = page.locator(".nhsuk-summary-list__row").filter(has_text=key).first
    return row.locator(".nhsuk-summary-list__value").inner_text().splitlines()[0].strip()


def test_a_partner_filters_follows_a_figure_and_downloads_the_summary(page, demo_network):
    # Given the ICB partner is signed in
    sign_in(page, PARTNER, needs_code=True)

    # When she opens the dashboard from the navigation
    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Area dashboard")
    # Then it covers her ICB area for the last 12 months
    expect(page.get_by_role("heading", level=2, name=re.compile("^Solent and Downs ICB area, ")))
    assert int(_figure(page, "Care homes")) > 0
    screenshot(page, "area-dashboard-partner")
    assert_accessible(page)

    # When she chooses one locality
    page.get_by_label("Area").select_option(label="Southampton")
    page.get_by_role("button", name="Show figures").click()
    # Then the figures are Southampton's
    heading = page.get_by_role("heading", level=2, name=re.compile("^Southampton, "))
    expect(heading).to_be_visible()
    posted = int(_figure(page, "Needs posted"))
    southampton = Need.objects.filter(organisation__area__name="Southampton")
    assert 0 < posted <= southampton.count()
    screenshot(page, "area-dashboard-southampton")
    assert_accessible(page)

    # When she follows a figure (the busiest status of those needs) to the list behind it
    table = page.get_by_role("table", name=re.compile("^Needs posted in these dates"))
    rows = table.locator("tbody tr")
    counts = [int(rows.nth(i).get_by_role("cell").inner_text()) for i in range(rows.count())]
    busiest = rows.nth(counts.index(max(counts)))
    status = busiest.get_by_role("link").inner_text().replace(" needs", "").strip()
    shown = max(counts)
    assert shown > 0
    busiest.get_by_role("link").click()
    # Then the needs board lists those needs: that status, Southampton, posted in the period
    expect(page.get_by_role("heading", level=1)).to_have_text("Needs board")
    expect(page.get_by_text(re.compile("^Needs posted from "))).to_be_visible()
    expect(page.get_by_label("Area")).to_have_value(str(southampton.first().organisation.area_id))
    expect(page.get_by_label("Status")).to_have_value(
        next(value for value, label in Need.Status.choices if label == status)
    )
    expect(page.locator("#results")).to_have_text(re.compile(rf"^{shown} needs? found"))
    expect(page.locator("#results ~ ul.nhsuk-list > li")).to_have_count(shown)
    screenshot(page, "area-dashboard-needs-behind-a-figure")
    assert_accessible(page)

    # When she goes back and downloads the one-page summary for her board
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("one-page summary", re.I)).click()
    pdf = download_info.value
    # Then it is a PDF about Southampton
    assert pdf.suggested_filename.endswith(".pdf")
    body = Path(pdf.path()).read_bytes()
    assert body.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", pdf.path(), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Southampton" in text
