"""The public learning pages in a real browser (issue 10), on the demo network: a visitor
without an account opens /learn/, reads the page title and description, opens the public
case study whose home agreed to be named (Oakfield House) and the one whose home did not
("A care home in ..."), then the "Introduction to QI methods" course and its first session,
whose video plays from the public address. The browser ends with no cookies. Pages are
checked with axe at phone and desktop widths; screenshots go to test-results/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _meta(page, selector: str) -> str:
    return page.locator(selector).get_attribute("content") or ""


def test_a_visitor_without_an_account_reads_public_learning(page, live_server, demo_network):
    page.goto("/learn/")
    expect(page).to_have_title(re.compile(r"^Learning from care homes – "))
    assert "case studies" in _meta(page, 'meta[name="description"]')
    assert _meta(page, 'meta[property="og:url"]').endswith("/learn/")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    # No members' navigation on public pages.
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "public-index")

    # The case study whose home's manager agreed to be named.
    page.get_by_role("link", name="Fewer falls at night").click()
    expect(page).to_have_title(re.compile(r"^Case study: Fewer falls at night – "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Fewer falls at night")
    expect(page.locator(".nhsuk-lede-text")).to_contain_text("Oakfield House")
    description = _meta(page, 'meta[name="description"]')
    assert description.startswith("Oakfield House: ")
    assert _meta(page, 'meta[property="og:type"]') == "article"
    body = page.locator("main").inner_text()
    for name in ("Tom Walsh", "Grace Adeyemi", "Sam Okafor"):  # team and coach
        assert name not in body
    assert_accessible(page)
    screenshot(page, "public-case-study-named")

    # The one whose home's manager did not agree.
    page.go_back()
    page.get_by_role("link", name="Drink more, feel better: hydration rounds").click()
    expect(page.locator(".nhsuk-lede-text")).to_contain_text(re.compile(r"^A care home in "))
    assert "Harbour View" not in page.content()
    assert _meta(page, 'meta[name="description"]').startswith("A care home in ")
    assert_accessible(page)
    screenshot(page, "public-case-study-unnamed")

    # A course and its first session: the video plays from the public address.
    page.goto("/learn/")
    page.get_by_role("link", name="Introduction to QI methods").click()
    expect(page).to_have_title(re.compile(r"^Introduction to QI methods – "))
    assert_accessible(page)
    screenshot(page, "public-collection")
    page.get_by_role("link", name="What is a PDSA cycle?").click()
    video = page.locator("video#session-video")
    expect(video).to_be_visible()
    # A function, not an expression: Playwright evaluates expression strings with eval,
    # which the portal's Content Security Policy blocks.
    page.wait_for_function(
        "() => document.querySelector('#session-video').readyState >= 1", timeout=10_000
    )
    assert_accessible(page)
    screenshot(page, "public-session")

    assert page.context.cookies() == []
