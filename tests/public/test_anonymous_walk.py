"""A visitor without an account walks every URL in the project: only the public pages
answer (the public learning pages with real public items, the about page, sign-in and
sign-up pages, the health check, robots.txt and the sitemap); every other address sends
them to sign in, or is not found. Public answers set no cookies."""

import itertools
import re

from django.urls import NoReverseMatch, reverse

from publicpages.paths import slug_for
from tests.test_access_matrix import ALLAUTH_PUBLIC, _url_names

PUBLIC = {"public_home", "healthz", "sitemap", "robots_txt"}
PUBLIC_LEARNING = {
    "public:index",
    "public:session",
    "public:session_video",
    "public:session_captions",
    "public:handout",
    "public:collection",
    "public:case_study",
}
# Pages a link in an email opens without signing in: the token is the key.
TOKEN_PAGES = {"network:accept_invitation", "digests:unsubscribe"}
CANDIDATES = ["987654", "x1x1x1x1", "network", "before", "2026-W01", "2026-01"]


def _reverse_with_dummies(name, pattern) -> str | None:
    params = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
    for values in itertools.product(CANDIDATES, repeat=len(params)):
        try:
            return reverse(name, kwargs=dict(zip(params, values, strict=True)))
        except NoReverseMatch:
            continue
    return None


def _real_args(items) -> dict[str, list]:
    def page(row):
        return [row.pk, slug_for(row.title, "x")]

    return {
        "public:index": [],
        "public:session": page(items["p_session"]),
        "public:session_video": [items["p_session"].pk],
        "public:session_captions": [items["p_session"].pk],
        "public:handout": [items["p_handout"].pk],
        "public:collection": page(items["p_collection"]),
        "public:case_study": page(items["p_named"]),
    }


def _is_sign_in(response) -> bool:
    return response.status_code == 302 and response.url.startswith(
        (reverse("account_login"), "/admin/login/")
    )


def test_anonymous_visitors_get_public_pages_and_nothing_else(client, items):
    unreversible, refused_wrongly, answered = [], [], {}
    for name, pattern in _url_names():
        url = _reverse_with_dummies(name, pattern)
        if url is None:
            unreversible.append(name)
            continue
        response = client.get(url)
        answered[name] = response.status_code
        if name in PUBLIC or name == "public:index":
            assert response.status_code == 200, name
        elif name in PUBLIC_LEARNING:
            # An item number that is not public (here: no such item) is not found.
            assert response.status_code == 404, (name, response.status_code)
        elif name in ALLAUTH_PUBLIC:
            assert response.status_code in (200, 302), (name, response.status_code)
        elif name in TOKEN_PAGES:
            # A made-up token: refused, never a page with anything in it.
            assert response.status_code in (400, 404, 410), (name, response.status_code)
        elif not (_is_sign_in(response) or response.status_code == 404):
            refused_wrongly.append((name, response.status_code))
        client.cookies.clear()
    assert not unreversible, unreversible
    assert not refused_wrongly, refused_wrongly
    # The walk reached every part of the portal, not just a few pages.
    assert len(answered) > 150
    assert sum(1 for n in answered if n.startswith("public:")) == len(PUBLIC_LEARNING) + 3


def test_anonymous_visitors_read_public_items_at_their_real_addresses(client, items):
    for name, args in _real_args(items).items():
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert "Set-Cookie" not in response.headers, name
    for name in PUBLIC:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "Set-Cookie" not in response.headers, name


def test_the_make_public_pages_need_signing_in(client, items):
    for name, row in (
        ("public:manage_session", "p_session"),
        ("public:manage_collection", "p_collection"),
        ("public:manage_case_study", "p_named"),
    ):
        for method in (client.get, client.post):
            response = method(reverse(name, args=[items[row].pk]), {"action": "private"})
            assert _is_sign_in(response), name
    items["p_session"].refresh_from_db()
    assert items["p_session"].is_public


def test_no_signed_in_page_is_in_the_public_learning_namespace_by_mistake():
    names = {name for name, _ in _url_names() if name.startswith("public:")}
    manage = {name for name in names if re.match(r"public:manage_", name)}
    assert names == PUBLIC_LEARNING | manage
