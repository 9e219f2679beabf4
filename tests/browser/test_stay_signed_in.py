"""In a real browser: someone typing in a long form stays signed in. While they type,
static/js/stay-signed-in.mjs asks /account/still-here/ at most every 5 minutes, which
restarts the 30-minute idle clock (tests/portal/test_security_still_here.py has the rest).
The page's clock is Playwright's, moved on by hand."""

import time
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client

from portal.security import LOGIN_AT, SEEN_AT
from tests.browser.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STILL_HERE = "/account/still-here/"


def _session(key):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def test_typing_in_a_form_keeps_the_session_alive(browser, live_server, cast):
    client = Client()
    client.force_login(cast.mona)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = new_page(browser, live_server)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": live_server.url}]
    )
    asked = []
    page.on("request", lambda request: STILL_HERE in request.url and asked.append(request))
    page.clock.install()
    page.goto("/needs/new/")
    details = page.get_by_label("Tell us more")
    page.wait_for_timeout(200)
    assert asked == []  # nothing asked until they type (typing early on: the test below)

    # 25 minutes later (reading the page; the server's clock is moved back by hand)...
    session = _session(key)
    session[LOGIN_AT] = session[SEEN_AT] = int(time.time()) - 25 * 60
    session.save()
    page.clock.fast_forward("25:00")
    with page.expect_request(lambda request: STILL_HERE in request.url) as request:
        details.press_sequentially("Residents drink too little in hot weather.")
    assert request.value.response().status == 204
    assert request.value.method == "GET"
    assert time.time() - _session(key)[SEEN_AT] < 10  # the idle clock starts again
    assert _session(key)[LOGIN_AT] < time.time() - 24 * 60  # the 12 hours do not

    # ...and not again for another 5 minutes, however much they type.
    details.press_sequentially(" More.")
    page.clock.fast_forward("04:00")
    details.press_sequentially(" Even more.")
    page.wait_for_timeout(200)
    assert len(asked) == 1
    # The typing they did meanwhile is not forgotten: once the 5 minutes are up, it asks.
    with page.expect_request(lambda request: STILL_HERE in request.url):
        page.clock.fast_forward("01:05")
    assert len(asked) == 2
    page.context.close()


def _signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = new_page(browser, live_server)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": live_server.url}]
    )
    asked = []
    page.on("request", lambda request: STILL_HERE in request.url and asked.append(request))
    return page, key, asked


def test_typing_only_early_on_still_asks_when_the_5_minutes_are_up(browser, live_server, cast):
    """Typing from minute 1 to 4:50 and sending the form at 30:30 must not sign them out:
    the typing in the first 5 minutes asks once at minute 5 (and only once)."""
    page, key, asked = _signed_in_page(browser, live_server, cast.mona)
    page.clock.install()
    page.goto("/needs/new/")
    details = page.get_by_label("Tell us more")
    page.clock.fast_forward("01:00")
    details.press_sequentially("Residents drink")
    page.clock.fast_forward("03:50")  # 4:50
    details.press_sequentially(" too little")
    page.wait_for_timeout(200)
    assert asked == []  # not before the 5 minutes are up

    session = _session(key)
    session[SEEN_AT] = int(time.time()) - 5 * 60  # the server's clock, moved by hand
    session.save()
    with page.expect_request(lambda request: STILL_HERE in request.url) as request:
        page.clock.fast_forward("00:15")  # 5:05
    assert request.value.response().status == 204
    assert time.time() - _session(key)[SEEN_AT] < 10  # the idle clock starts again

    # No more typing: nothing more is asked, however long the page stays open.
    page.clock.fast_forward("20:00")
    page.wait_for_timeout(200)
    assert len(asked) == 1
    page.context.close()


def test_a_page_left_alone_asks_nothing(browser, live_server, cast):
    client = Client()
    client.force_login(cast.mona)
    page = new_page(browser, live_server)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    asked = []
    page.on("request", lambda request: STILL_HERE in request.url and asked.append(request))
    page.clock.install()
    page.goto("/needs/new/")
    page.clock.fast_forward("31:00")
    page.mouse.move(10, 10)
    page.wait_for_timeout(200)
    assert asked == []
    page.context.close()
