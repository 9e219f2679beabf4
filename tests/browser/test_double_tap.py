"""In a real browser: tapping "Post this need" twice while the first send is still on its
way sends the form once (static/js/once.mjs). Without the script the server's one-time
token still stores one need (tests/once/test_double_submit.py)."""

import time

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from surveys import services_needs
from surveys.models import Need
from tests.browser.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Ideas to help residents drink more"


def _signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
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
    return page


def _posts(page) -> list[str]:
    """The POST requests the page sends."""
    sent = []
    page.on("request", lambda request: request.method == "POST" and sent.append(request.url))
    return sent


def _fill_need(page):
    page.goto("/needs/new/")
    page.get_by_label("What does your home need help with?").fill(TITLE)
    page.get_by_label("Tell us more").fill("Residents drink too little in hot weather.")
    page.locator('input[name="urgency"]').first.check()


def test_a_double_tap_sends_the_form_once(browser, live_server, cast, monkeypatch):
    post_need = services_needs.post_need

    def slow_post_need(**kwargs):  # a slow network: the page has not changed yet
        time.sleep(1)
        return post_need(**kwargs)

    monkeypatch.setattr(services_needs, "post_need", slow_post_need)
    page = _signed_in_page(browser, live_server, cast.mona)
    sent = _posts(page)
    _fill_need(page)
    # A second tap while the first send is on its way.
    page.get_by_role("button", name="Post this need").evaluate(
        "button => { button.click(); setTimeout(() => button.click(), 300); }"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert len(sent) == 1
    assert Need.objects.filter(title=TITLE).count() == 1
    page.context.close()
