"""One-page PDFs from Django templates, with WeasyPrint, fetching nothing from outside.

    pdf = render_pdf("qi_cycles/pdf/project.html", ctx, stylesheets=["css/report.css"])

- Stylesheets are files under our static folders (`static/css/report.css`), parsed once per
  process and reused. Keep them small: parsing the whole NHS.UK stylesheet costs about a
  quarter of a second each time.
- The only URLs a document may load are our own static files, read from disk
  (`/static/...`). Web addresses (http, https), `file:` paths and every other scheme are
  refused, so text or markup in a template can never make the server fetch anything.
  Draw charts as inline SVG instead of linking images.
- Fonts come from the machine (fontconfig): install `fonts-liberation2` on Debian so
  Liberation Sans (metric-compatible with Arial) is used.
- PDFs are tagged for accessibility (PDF/UA-1): headings, lists and reading order survive
  for screen readers, and the document title comes from the page's <title>.
"""

import logging
import posixpath
import threading
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are parsed as if they lived here, so "/static/css/x.css" becomes
# "https://portal.invalid/static/css/x.css". The .invalid top-level domain never resolves
# (RFC 6761) and the fetcher below answers for it from disk without any network access.
BASE_URL = "https://portal.invalid/"
PDF_VARIANT = "pdf/ua-1"

# WeasyPrint reports every step of every render at INFO; keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
}


class RefusedURL(ValueError):
    """A document asked for something other than one of our static files."""


class LocalFetcher(URLFetcher):
    """Serves `/static/...` files from disk; refuses everything else, never touching the
    network. WeasyPrint logs a refused URL and carries on without it (a missing image),
    so a bad link cannot stop a PDF."""

    def fetch(self, url, headers=None):
        path = static_path(url)
        if path is None:
            raise RefusedURL(f"PDFs only load the portal's own static files, not {url[:100]}")
        suffix = path.suffix.lower()
        body = path.read_bytes()
        return URLFetcherResponse(
            url, body=body, headers={"Content-Type": _TYPES.get(suffix, "")}, status=200
        )


def static_path(url: str) -> Path | None:
    """The file on disk for one of our static URLs, or None for anything else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    static_url = urlsplit(settings.STATIC_URL).path
    path = unquote(parts.path)
    if not path.startswith(static_url):
        return None
    relative = posixpath.normpath(path.removeprefix(static_url))
    if relative.startswith(("..", "/")) or "\x00" in relative:
        return None
    if Path(relative).suffix.lower() not in _TYPES:
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        root = Path(settings.STATIC_ROOT).resolve()
        if candidate.resolve().is_relative_to(root) and candidate.is_file():
            found = str(candidate)
    return Path(found) if found else None


_fetcher = LocalFetcher(allowed_protocols=("https",), fail_on_errors=False)
_lock = threading.Lock()


@cache
def font_config() -> FontConfiguration:
    """One font configuration per process (building one scans the system's fonts)."""
    return FontConfiguration()


@cache
def stylesheet(static_name: str) -> CSS:
    """A stylesheet from our static files ("css/report.css"), parsed once per process."""
    path = static_path(f"{BASE_URL}{settings.STATIC_URL.lstrip('/')}{static_name}")
    if path is None:
        raise FileNotFoundError(f"No static stylesheet {static_name!r}")
    return CSS(
        string=path.read_text(encoding="utf-8"),
        base_url=BASE_URL,
        url_fetcher=_fetcher,
        font_config=font_config(),
    )


def render_document(template_name: str, context: dict, *, stylesheets: list[str] = ()):
    """Lay out the template as pages (a weasyprint Document): `len(doc.pages)` counts them.
    Call `.write_pdf()` on it for the bytes, or use `render_pdf`."""
    # for_pdf: chart partials shared with pages give WeasyPrint the style attributes that
    # browsers get as classes (the Content Security Policy blocks style attributes).
    html = render_to_string(template_name, {**context, "for_pdf": True})
    return html_document(html, stylesheets=stylesheets)


def html_document(html: str, *, stylesheets: list[str] = ()):
    """Lay out an HTML string (see render_document)."""
    sheets = [stylesheet(name) for name in stylesheets]
    # FontConfiguration is not safe to share between threads rendering at once.
    with _lock:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher).render(
            stylesheets=sheets,
            font_config=font_config(),
            pdf_variant=PDF_VARIANT,
        )


def write_pdf(document) -> bytes:
    with _lock:
        return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict, *, stylesheets: list[str] = ()) -> bytes:
    """The template rendered as PDF bytes (tagged, PDF/UA-1), loading only our own static
    files. `stylesheets` are names under the static folders, such as "css/report.css"."""
    return write_pdf(render_document(template_name, context, stylesheets=stylesheets))
