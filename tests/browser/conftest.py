"""Browser tests drive Debian's Chromium with Playwright (no browser download).

They skip, saying why, when /usr/bin/chromium is missing; with REQUIRE_BROWSER=1 (as in CI)
a missing browser fails instead.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
        pytest.skip(f"No Chromium at {CHROMIUM}: install it with `make browser-deps`")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def new_page(browser, live_server):
    """A page in a browser context of its own (its own cookies, so its own sign-in) that
    may reach only the live server. Close it with `page.context.close()`."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(browser, live_server):
    page = new_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def demo_network(settings):
    """The demo network from seed_demo, with a fast password hasher."""
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", force=True, verbosity=0)


def sign_in(page, email: str, needs_code: bool = False) -> None:
    """Sign in as a demo person (with their 2-step code if they need one) and wait until
    they land: on their home page, or first the partnership agreement."""
    import re

    from network import demo
    from network.management.commands.demo_code import current_demo_code

    page.goto("/accounts/login/")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if needs_code:
        # A code read in the last seconds of its 30-second window may be stale by the time
        # it arrives: wait for the next window then (a rare timeout in CI otherwise).
        import time

        if time.time() % 30 > 26:
            time.sleep(30 - time.time() % 30 + 0.5)
        page.get_by_label(re.compile("code", re.I)).first.fill(current_demo_code())
        page.get_by_role("button", name=re.compile("Continue|Sign in|Confirm", re.I)).click()
    page.wait_for_url(re.compile(r"/(home|agreement)/"))


def follow_menu(page, name: str) -> None:
    """Click a link in the header menu, opening "More" first when the header has folded
    the link into it (it does when the menu is wider than the page)."""
    links = page.locator(".nhsuk-header__navigation").get_by_role("link", name=name, exact=True)
    if not any(link.is_visible() for link in links.all()):
        page.locator("#toggle-menu").click()
    next(link for link in links.all() if link.is_visible()).click()


def screenshot(page, name: str) -> None:
    """Full-page screenshots at phone and desktop widths, kept for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("load")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(250)  # the header folds its menu into "More" after a resize
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def assert_accessible(page) -> None:
    """axe-core finds no violations, at phone and desktop widths."""
    from axe_playwright_python.sync_playwright import Axe

    # A title can match before the body has arrived; check the whole page.
    page.wait_for_load_state("load")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    page.set_viewport_size({"width": 1280, "height": 900})
