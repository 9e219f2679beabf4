"""static/js/training-player.js in a real browser: it picks up where the person stopped and
reports what they watched (skipped when Chromium is not installed, like tests/browser)."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from tests.factories import VTT_TEXT, make_learning_record, make_session
from training.models import LearningRecord

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DEMO_VIDEO = Path(settings.BASE_DIR) / "training" / "demo_media" / "pdsa-intro.mp4"  # 24 s


@pytest.fixture
def chromium():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
        pytest.skip(f"No Chromium at {CHROMIUM}: install it with `make browser-deps`")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def _signed_in_page(chromium, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = chromium.new_context(base_url=live_server.url)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def _record(user, session):
    return LearningRecord.objects.get(user=user, session=session)


def test_the_video_resumes_and_reports_what_was_watched(chromium, live_server, cast):
    session = make_session(title="What is a PDSA cycle?", duration_minutes=1)
    session.video_file.save("pdsa.mp4", ContentFile(DEMO_VIDEO.read_bytes()), save=False)
    session.video_content_type = "video/mp4"
    session.captions.save("pdsa.vtt", ContentFile(VTT_TEXT.encode()), save=False)
    session.save()
    make_learning_record(cast.sid, session, last_position_seconds=8)

    page = _signed_in_page(chromium, live_server, cast.sid)
    page.goto(f"/training/sessions/{session.pk}/")
    page.wait_for_function(
        "document.getElementById('session-video').readyState >= 1", timeout=10_000
    )
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('session-video').currentTime") == 8

    page.evaluate(
        "() => { const v = document.getElementById('session-video'); v.muted = true; "
        "return v.play(); }"
    )
    page.wait_for_function(
        "document.getElementById('session-video').currentTime >= 11", timeout=10_000
    )
    page.evaluate("document.getElementById('session-video').pause()")
    page.wait_for_timeout(1000)  # the beacon on pause
    record = _record(cast.sid, session)
    assert record.seconds_watched >= 2
    assert record.last_position_seconds >= 11

    # Seeking forward is not watching: only the position moves.
    watched = record.seconds_watched
    page.evaluate("document.getElementById('session-video').currentTime = 20")
    page.wait_for_timeout(300)
    page.goto("about:blank")  # leaving the page reports (pagehide)
    page.wait_for_timeout(1000)
    record = _record(cast.sid, session)
    assert record.seconds_watched == watched
    assert record.last_position_seconds == 20
    page.context.close()
