"""The Content Security Policy in a real browser: key pages, opened as each role on the demo
network, break none of its rules (no blocked script, style, frame or media), and their
scripts still run: the inline script that marks the page as having JavaScript (it carries
the response's nonce) and the NHS.UK header's "More" menu (app.mjs)."""

import re

import pytest
from playwright.sync_api import expect

from network.models import Organisation, User
from outcomes.models import NetworkMeasure
from qi_cycles.models import Measure
from surveys.models import Need
from tests.browser.conftest import new_page, sign_in
from training.models import Session

pytestmark = pytest.mark.django_db(transaction=True)

MANAGER = "manager@oakfield.example"
PARTNER = "partner@icb.example"
WORKER = "worker@network.example"
ADMIN = "admin@network.example"

# Registered before any page script runs (Playwright's init scripts are not subject to
# the page's policy), so every violation of the page is caught, whatever its kind.
WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}` +
    (e.sample ? ` (${e.sample})` : ""));
});
"""


class Watcher:
    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def open(self, path: str) -> list[str]:
        """Opens `path` and returns the policy violations it caused (none expected)."""
        self.console.clear()
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        assert "Content-Security-Policy" in {h.title() for h in response.headers}, path
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(150)  # let module scripts and late loads report
        events = self.page.evaluate("window.__csp || []")
        if path.startswith("/admin/"):
            # The admin's own script (theme.js) ran and set the colour theme.
            assert self.page.evaluate("document.documentElement.dataset.theme"), path
        else:
            # JavaScript is on: the nonced inline script at the top of the body ran.
            assert "js-enabled" in (self.page.locator("body").get_attribute("class") or ""), path
        return [f"{path}: {v}" for v in [*events, *self.console]]


def _more_menu_works(page) -> None:
    """At phone width the header folds its links into "More"; app.mjs opens it."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(250)
    toggle = page.locator("#toggle-menu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.set_viewport_size({"width": 1280, "height": 900})


def _public_links(page) -> list[str]:
    page.goto("/learn/")
    hrefs = page.locator("main a[href^='/learn/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    sessions = [h for h in hrefs if h.startswith("/learn/training/")]
    studies = [h for h in hrefs if h.startswith("/learn/case-studies/")]
    collections = [h for h in hrefs if h.startswith("/learn/collections/")]
    return ["/learn/", *sessions[:2], sessions[-1], *studies[:1], *collections[:1]]


def test_key_pages_break_no_policy_rule_for_any_role(browser, live_server, demo_network):
    oakfield = Organisation.objects.get(name="Oakfield House")
    measure = Measure.objects.filter(project__home=oakfield).order_by("pk").first()
    need = Need.objects.filter(organisation=oakfield).order_by("pk").first()
    uploaded = Session.objects.exclude(video_file="").order_by("pk").first()
    linked = Session.objects.filter(video_provider="youtube", status="published").first()
    network_measure = NetworkMeasure.objects.order_by("pk").first()
    User.objects.filter(email=ADMIN).update(is_staff=True, is_superuser=True)

    by_role = {
        None: ["/accounts/login/"],
        MANAGER: [
            "/home/",
            "/needs/",
            f"/needs/{need.pk}/",
            "/improvement/",
            f"/improvement/{measure.project_id}/",
            f"/improvement/measures/{measure.pk}/",
            f"/improvement/measures/{measure.pk}/import/",
            f"/dashboards/homes/{oakfield.pk}/",
            "/training/",
            f"/training/sessions/{uploaded.pk}/",
            f"/training/sessions/{linked.pk}/",
            "/training/my-learning/",
            "/events/",
            "/network-measures/",
            "/accounts/2fa/",
        ],
        PARTNER: [
            "/home/",
            "/dashboards/",
            "/network-measures/",
            f"/network-measures/measures/{network_measure.pk}/",
        ],
        WORKER: ["/surveys/", "/events/new/", "/training/manage/", "/training/analytics/"],
        ADMIN: ["/admin/", "/admin/network/user/", "/admin/network/area/add/"],
    }
    violations = []
    for role, paths in by_role.items():
        page = new_page(browser, live_server)
        try:
            watcher = Watcher(page)
            if role is None:
                paths = [*paths, *_public_links(page)]
            else:
                sign_in(page, role, needs_code=role != MANAGER)
            for path in paths:
                violations += watcher.open(path)
            if role == MANAGER:
                _more_menu_works(page)
        finally:
            page.context.close()
    assert violations == []


def test_a_training_video_plays_under_the_policy(page, demo_network):
    """media-src allows the portal's own video (served with byte ranges)."""
    uploaded = Session.objects.exclude(video_file="").order_by("pk").first()
    watcher = Watcher(page)
    sign_in(page, MANAGER)
    assert watcher.open(f"/training/sessions/{uploaded.pk}/") == []
    ready = page.evaluate(
        """() => new Promise((resolve) => {
          const video = document.getElementById("session-video");
          if (video.readyState >= 1) return resolve(video.duration);
          video.addEventListener("loadedmetadata", () => resolve(video.duration));
          video.addEventListener("error", () => resolve(-1));
          video.load();
        })"""
    )
    assert ready > 0
    assert page.evaluate("window.__csp") == []


def test_an_inline_script_without_the_nonce_is_blocked(page, live_server, db):
    """The policy is enforced, not just reported: a script injected into the page's HTML
    without the nonce does not run."""
    watcher = Watcher(page)
    assert watcher.open("/learn/") == []
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.appendChild(s);
          const d = document.createElement("div");
          d.setAttribute("style", "color: red");
          document.body.appendChild(d);
        }"""
    )
    page.wait_for_timeout(150)
    assert page.evaluate("window.__ran === true") is False
    blocked = page.evaluate("window.__csp")
    assert any(re.match(r"script-src", v) for v in blocked), blocked
    assert any(re.match(r"style-src", v) for v in blocked), blocked
