"""CSRF: every state change refuses a request that lacks the form's token.

Each POST entry in the access matrix is sent as a role allowed to make it, with its valid
data, a CSRF cookie but no token: the answer is 403 and nothing in the database changed.
No view is exempt from the check except the ones listed in EXEMPT, each with its reason.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.hostile.pages import changed_tables, entry_id, prepare, snapshot, usable

EXEMPT = {
    # One-click unsubscribe (RFC 8058): a mail client POSTs "List-Unsubscribe=One-Click"
    # with no page and no cookie. The signed token in the URL is the authority, and the
    # only thing it can do is stop that one person's digest emails.
    "digests:unsubscribe": "one-click unsubscribe from the email's List-Unsubscribe-Post",
}
POSTS = usable("post")


def _views(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _views(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or pattern.pattern}", pattern.callback


def test_csrf_middleware_is_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_no_view_is_csrf_exempt_but_the_listed_ones():
    exempt = {name for name, view in _views() if getattr(view, "csrf_exempt", False)}
    assert exempt == set(EXEMPT)


@pytest.mark.parametrize("entry", POSTS, ids=entry_id)
def test_a_state_change_without_the_token_is_refused(cast, entry):
    client = Client(enforce_csrf_checks=True)
    url, data, role = prepare(client, cast, entry)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32  # a cookie, but no token sent
    before = snapshot()
    response = client.post(url, data)
    if entry.name in EXEMPT:
        assert response.status_code != 403
        return
    assert response.status_code == 403, (role, response.status_code)
    changed = changed_tables(before, snapshot())
    assert not changed, f"a refused request still changed {changed}"


@pytest.mark.parametrize("entry", POSTS[:3], ids=entry_id)
def test_the_same_request_with_the_token_goes_through(cast, entry):
    """The refusals above are CSRF's, not the role's: with the token the request works."""
    client = Client(enforce_csrf_checks=True)
    url, data, role = prepare(client, cast, entry)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    response = client.post(url, {**data, "csrfmiddlewaretoken": "a" * 32})
    assert response.status_code == entry.expect[role]
