"""Page weight on a first visit, as `make bench` runs it against gunicorn (DEBUG off, the
static files collected with hashed names): for each page, the HTML gzip-compressed (as the
proxy in front compresses it) plus every stylesheet, script, image and icon it links to,
as sent compressed. Also checks that each static file has a hashed name and a long cache
lifetime (so a second visit fetches none of them). Prints Markdown for bench/RESULTS.md;
exits 1 if a page is over the target.

    PYTHONPATH=. .venv/bin/python bench/page_weight.py http://127.0.0.1:8201 MANAGER WORKER

MANAGER and WORKER are the emails of generated accounts the load does not use (run.sh
passes the last manager and project worker).
"""

import gzip
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from bench.accounts import CSRF, PASSWORD, totp_code

TARGET_BYTES = 150 * 1024
LONG_CACHE_SECONDS = 365 * 24 * 60 * 60
MODULE_IMPORT = re.compile(r"""(?:import|from)\s*["']([^"']+\.m?js)["']""")
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
PAGES = {
    "manager": [
        "/home/",
        "/needs/",
        "/improvement/",
        "/training/",
        "/events/",
        "/directory/",
        "/network-measures/",
    ],
    "project worker": ["/home/", "/dashboards/", "/directory/services/", "/surveys/"],
}


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "link"
            and attrs.get("href")
            and attrs.get("rel")
            in (
                "stylesheet",
                "icon",
                "apple-touch-icon",
                "manifest",
            )
        ):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def sign_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    for url, data in (
        ("/accounts/login/", {"login": email, "password": PASSWORD}),
        ("/accounts/2fa/authenticate/", {"code": totp_code()}),
    ):
        page = session.get(base + url)
        if url != "/accounts/login/" and "/accounts/2fa/" not in page.url:
            break
        token = CSRF.search(page.text).group(1)
        session.post(
            base + url, {"csrfmiddlewaretoken": token, **data}, headers={"Referer": page.url}
        )
    return session


def fetch(session: requests.Session, url: str) -> tuple[requests.Response, bytes]:
    """The response and its body as sent (still compressed when the server compressed it)."""
    response = session.get(url, headers={"Accept-Encoding": "gzip"}, stream=True)
    body = response.raw.read(decode_content=False)
    return response, body


def decoded(response: requests.Response, sent: bytes) -> str:
    """The text of a body as sent (gzip-compressed or not)."""
    if response.headers.get("Content-Encoding") == "gzip":
        sent = gzip.decompress(sent)
    return sent.decode("utf-8", "replace")


def main() -> int:
    base = sys.argv[1].rstrip("/")
    people = {"manager": sys.argv[2], "project worker": sys.argv[3]}
    lines = [
        "| Page (as) | HTML, compressed | Static files, compressed | First visit | Target |",
        "|---|--:|--:|--:|---|",
    ]
    problems = []
    seen_static: dict[str, tuple[int, str, list[str]]] = {}
    for role, pages in PAGES.items():
        session = sign_in(base, people[role])
        for page in pages:
            response, raw = fetch(session, base + page)
            if "/accounts/" in response.url:
                sys.exit(f"{people[role]} is not signed in ({response.url})")
            compressed = response.headers.get("Content-Encoding") == "gzip"
            body = decoded(response, raw)
            parser = Assets()
            parser.feed(body)
            static_total = 0
            todo = [urljoin(base + page, asset) for asset in dict.fromkeys(parser.urls)]
            counted = set()
            while todo:
                url = todo.pop()
                if url in counted:
                    continue
                counted.add(url)
                if url not in seen_static:
                    got, sent = fetch(session, url)
                    imports = []
                    if url.endswith((".js", ".mjs")):  # modules the browser fetches too
                        imports = MODULE_IMPORT.findall(decoded(got, sent))
                    seen_static[url] = (
                        len(sent),
                        got.headers.get("Cache-Control", ""),
                        [urljoin(url, name) for name in imports],
                    )
                static_total += seen_static[url][0]
                todo += seen_static[url][2]
            # Django leaves compressing HTML to the proxy in front (nginx, a load balancer),
            # so HTML sent plain is counted as gzip at level 6 would send it.
            html_bytes = len(raw) if compressed else len(gzip.compress(raw, 6))
            total = html_bytes + static_total
            met = 0 < html_bytes and total <= TARGET_BYTES and response.status_code == 200
            if not met:
                problems.append(page)
            lines.append(
                f"| {page} ({role}) | {html_bytes / 1024:.1f} KB | {static_total / 1024:.1f} KB"
                f" | {total / 1024:.1f} KB | {'met' if met else 'missed'} (≤ 150 KB) |"
            )
    lines += ["", "Static files (each fetched once, then cached by the browser):", ""]
    for url, (size, cache, _imports) in sorted(seen_static.items()):
        path = url.removeprefix(base)
        max_age = re.search(r"max-age=(\d+)", cache)
        long_cached = bool(max_age) and int(max_age.group(1)) >= LONG_CACHE_SECONDS
        hashed = bool(HASHED.search(path.split("?")[0]))
        if path.startswith("/static/") and not (hashed and long_cached):
            problems.append(path)
        lines.append(
            f"- `{path}`: {size / 1024:.1f} KB compressed; "
            f"{'hashed name' if hashed else 'NOT hashed'}; Cache-Control `{cache or 'none'}`"
        )
    print("\n".join(lines))
    if problems:
        print(f"\nOver the target or not cached for long: {', '.join(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
