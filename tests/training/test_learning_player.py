"""static/js/training-player.js in a real browser: it picks up where the person stopped and
reports what they watched (skipped when Chromium is not installed, like tests/browser)."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connections
from django.test import Client

from tests.factories import VTT_TEXT, make_learning_record, make_session
from training.models import LearningRecord

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DEMO_VIDEO = Path(settings.BASE_DIR) / "training" / "demo_media" / "pdsa-intro.mp4"  # 24 s


@pytest.fixture
def run_in_chromium(monkeypatch):
    """Runs `drive(browser)` in a thread of its own with its own Playwright: the browser
    tests in tests/browser keep one Playwright open for the whole run, and Playwright's sync
    API refuses to start a second one in the same thread."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
        pytest.skip(f"No Chromium at {CHROMIUM}: install it with `make browser-deps`")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    def run(drive):
        errors = []

        def target():
            from playwright.sync_api import sync_playwright

            try:
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(
                        executable_path=CHROMIUM,
                        args=["--headless", "--no-sandbox", "--disable-gpu"],
                    )
                    try:
                        drive(browser)
                    finally:
                        browser.close()
            except BaseException as error:  # noqa: BLE001 (raised again below)
                errors.append(error)
            finally:
                connections.close_all()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join(timeout=120)
        assert not thread.is_alive(), "the browser did not finish"
        if errors:
            raise errors[0]

    return run


def _signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    # Playwright's wait_for_function evaluates its expression as a string, which the
    # portal's Content Security Policy (no 'unsafe-eval') would block: the test lifts the
    # policy for itself only (tests/browser/test_csp.py checks the policy on this page).
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def _record(user, session):
    return LearningRecord.objects.get(user=user, session=session)


def test_the_video_resumes_and_reports_what_was_watched(run_in_chromium, live_server, cast):
    session = make_session(title="What is a PDSA cycle?", duration_minutes=1)
    session.video_file.save("pdsa.mp4", ContentFile(DEMO_VIDEO.read_bytes()), save=False)
    session.video_content_type = "video/mp4"
    session.captions.save("pdsa.vtt", ContentFile(VTT_TEXT.encode()), save=False)
    session.save()
    make_learning_record(cast.sid, session, last_position_seconds=8)
    seen = {}

    def drive(browser):
        page = _signed_in_page(browser, live_server, cast.sid)
        page.goto(f"/training/sessions/{session.pk}/")
        page.wait_for_function(
            "document.getElementById('session-video').readyState >= 1", timeout=10_000
        )
        page.wait_for_timeout(300)
        seen["resumed at"] = page.evaluate("document.getElementById('session-video').currentTime")
        page.evaluate(
            "() => { const v = document.getElementById('session-video'); v.muted = true; "
            "return v.play(); }"
        )
        page.wait_for_function(
            "document.getElementById('session-video').currentTime >= 11", timeout=10_000
        )
        page.evaluate("document.getElementById('session-video').pause()")
        page.wait_for_timeout(1000)  # the beacon on pause
        seen["after playing"] = _record(cast.sid, session)
        # Seeking forward is not watching: only the position moves.
        page.evaluate("document.getElementById('session-video').currentTime = 20")
        page.wait_for_timeout(300)
        page.goto("about:blank")  # leaving the page reports (pagehide)
        page.wait_for_timeout(1000)
        page.context.close()

    run_in_chromium(drive)
    assert seen["resumed at"] == 8
    played = seen["after playing"]
    assert played.seconds_watched >= 2
    assert played.last_position_seconds >= 11
    record = _record(cast.sid, session)
    assert record.seconds_watched == played.seconds_watched
    assert record.last_position_seconds == 20
