"""The Content Security Policy header: enforced, with a fresh nonce on every response, and
templates that need no exception to it (no style attributes, no inline handlers)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from portal.csp import object_storage_origin

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Emails are read in mail programs and PDFs are drawn by WeasyPrint: no CSP applies there.
NOT_FOR_BROWSERS = ("emails/", "pdf/", "_pdf.html", "pdf.html")


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    out = {}
    for part in header.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def _page_nonce(response) -> str:
    match = re.search(r'<script nonce="([^"]+)">', response.content.decode())
    assert match, "the page's inline script has no nonce"
    return match.group(1)


def test_a_page_is_served_with_an_enforced_policy_and_its_nonce(client, cast):
    client.force_login(cast.mona)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Content-Security-Policy-Report-Only" not in response
    policy = _directives(response)
    nonce = _page_nonce(response)
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["media-src"] == ["'self'"]
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_each_response_gets_a_fresh_nonce(client, db):
    first = client.get(reverse("public_home"))
    second = client.get(reverse("public_home"))
    nonces = {_page_nonce(first), _page_nonce(second)}
    assert len(nonces) == 2
    for response, nonce in ((first, _page_nonce(first)), (second, _page_nonce(second))):
        assert f"'nonce-{nonce}'" in _directives(response)["script-src"]


def test_the_admin_and_sign_in_pages_have_the_policy_too(client, cast):
    login = client.get(reverse("account_login"))
    assert "'none'" in _directives(login)["frame-ancestors"]
    client.force_login(cast.ada)
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert "unsafe-inline" not in admin["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("kwargs", "origin"),
    [
        ({}, "https://s3.amazonaws.com"),
        ({"region": "eu-west-2"}, "https://s3.eu-west-2.amazonaws.com"),
        (
            {"region": "eu-west-2", "addressing_style": "virtual"},
            "https://videos.s3.eu-west-2.amazonaws.com",
        ),
        ({"endpoint_url": "https://objects.example.net:9000/"}, "https://objects.example.net:9000"),
        (
            {"endpoint_url": "https://objects.example.net", "addressing_style": "virtual"},
            "https://videos.objects.example.net",
        ),
    ],
)
def test_media_may_come_from_the_object_store_videos_are_redirected_to(kwargs, origin):
    assert object_storage_origin("videos", **kwargs) == origin
    assert object_storage_origin("", **kwargs) is None


# Chart partials shared with PDFs give WeasyPrint style attributes, never a browser.
PDF_ONLY = re.compile(r"{% if for_pdf %}.*?{% endif %}", re.S)


def _browser_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not any(part in name for part in NOT_FOR_BROWSERS):
            yield name, PDF_ONLY.sub("", path.read_text())


def test_charts_get_style_attributes_only_in_pdfs(monkeypatch):
    from django.template.loader import render_to_string

    from portal import charts, pdf

    chart = charts.bar_chart([("Falls", 3, "3")], title="Falls", description="Falls by month")
    screen = render_to_string("charts/bar.html", {"chart": chart})
    assert 'class="app-chart"' in screen
    assert "style=" not in screen
    # WeasyPrint is given the style attribute, whose precedence the PDF stylesheets rely on.
    seen = {}

    def capture(name, context):
        seen.update(context)
        return render_to_string(name, context)

    monkeypatch.setattr(pdf, "render_to_string", capture)
    pdf.render_document("charts/bar.html", {"chart": chart})
    assert seen["for_pdf"] is True
    printed = render_to_string("charts/bar.html", {"chart": chart, "for_pdf": True})
    assert 'style="display: block; max-width: 100%; height: auto;"' in printed


def test_templates_have_no_style_attributes_or_inline_handlers():
    """The policy blocks style="" and onclick="": such a template would look or work wrong."""
    found = []
    for name, text in _browser_templates():
        for pattern in (r"\sstyle=", r"\son[a-z]+=", r"javascript:"):
            if re.search(pattern, text):
                found.append(f"{name}: {pattern}")
    assert found == []


def test_inline_scripts_and_style_blocks_carry_the_nonce():
    found = []
    for name, text in _browser_templates():
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" not in tag and "csp_nonce" not in tag:
                found.append(f"{name}: {tag}")
    assert found == []
