"""Script-injection payloads in every free-text field render inert on every page.

Every free-text column of the cast's rows (tests/hostile/poison.py) holds a payload: a
script tag, an attribute break-out with an event handler, an SVG handler, template syntax
and a leading "=" (a spreadsheet formula); URL columns hold a `javascript:` URL. Then each
page in the access matrix is opened as a role that may see it:
- HTML never holds the payload as markup (it is escaped) nor a javascript: link;
- CSV cells never start a formula;
- PDFs still render, and WeasyPrint asked only for the portal's own static files (no
  network connection, no file:// read).
tests/browser/test_hostile_pages.py checks in a browser that nothing runs.
"""

import csv
import io
import socket

import pytest
from django.urls import reverse

from network.models import User
from portal import pdf
from tests.hostile.pages import entry_id, usable
from tests.hostile.poison import poison, text_fields, unescaped
from tests.test_access_matrix import AREA_OF, _objects_for

STATIC = pdf.BASE_URL + "static/"
GETS = [e for e in usable("get") if any(s == 200 for s in e.expect.values())]


def test_the_payload_reaches_the_free_text_of_every_app():
    apps_poisoned = {model._meta.app_label for model, _ in text_fields()}
    assert {"network", "surveys", "qi_cycles", "training", "localservices"} <= apps_poisoned
    assert len(list(text_fields())) > 100


def _role_for_200(entry):
    for role, status in entry.expect.items():
        if status == 200 and role != "anonymous":
            return role
    return "anonymous" if entry.expect.get("anonymous") == 200 else None


@pytest.fixture
def outside(monkeypatch):
    """What the page asked for outside the portal: PDF fetches and network connections
    (connections still go ahead, so a Redis cache keeps working)."""
    asked, connected = [], []
    real_fetch, real_connect = pdf.LocalFetcher.fetch, socket.socket.connect
    real_lookup = socket.getaddrinfo

    def fetch(self, url, headers=None):
        asked.append(url)
        return real_fetch(self, url, headers)

    def connect(self, address):
        connected.append(address)
        return real_connect(self, address)

    def lookup(host, *args, **kwargs):
        connected.append(host)
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(pdf.LocalFetcher, "fetch", fetch)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    return asked, connected


@pytest.mark.parametrize("entry", GETS, ids=entry_id)
def test_payloads_render_inert(client, cast, entry, outside):
    objs = _objects_for(AREA_OF[id(entry)], cast)
    url = reverse(entry.name, args=entry.args(cast, objs))
    assert poison() > 100
    role = _role_for_200(entry)
    if role != "anonymous":
        client.force_login(User.objects.get(pk=getattr(cast, role).pk))
    # follow: a public page's address carries its title, so it moves to the new one
    response = client.get(url, follow=True)
    assert response.status_code == 200, (role, response.status_code)
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "html" in kind:
        found = unescaped(body.decode())
        assert not found, f"{url} as {role} shows {found} unescaped"
    elif "csv" in kind:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        formulas = [cell for row in rows for cell in row if cell.startswith(("=", "+", "@"))]
        assert not formulas, f"{url} as {role} has cells a spreadsheet would run: {formulas[:3]}"
    elif "pdf" in kind:
        assert body.startswith(b"%PDF")
        asked, connected = outside
        foreign = [url for url in asked if not url.startswith(STATIC)]
        assert not foreign, f"{url} asked WeasyPrint for {foreign}"
        assert not [a for a in connected if "evil.example" in str(a) or ", 9)" in str(a)]
