"""Every form the portal accepts, fuzzed with Hypothesis: never a server error.

The forms come from the access matrix: each POST entry that some role may use, posted as
that role. The fields come from the page's own HTML form (GET the same URL) plus the
matrix's valid data (for forms that sit on another page). Each field gets its valid value,
hostile text (script payloads, control characters, very long strings, numbers out of
range, bad dates), several values at once, or nothing at all.

For every example:
- no server error (the test client raises the view's exception);
- a page that shows a form with errors shows the NHS.UK error summary;
- a form error saves nothing: every table is as it was (no half-saved rows);
- a saved form never stored a `javascript:` URL in a URL field;
- a `next` pointing at another site is never followed (no open redirect).

Each example runs inside a savepoint that is rolled back, so examples do not see each
other's rows. HYPOTHESIS_PROFILE=thorough tries many more; HOSTILE_REPORT=<file> records
how many examples each form tried.
"""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.pages import (
    bound_forms_with_errors,
    changed_tables,
    entry_id,
    fields_for,
    prepare,
    saved_script_urls,
    snapshot,
    usable,
)
from tests.hostile.values import for_field, post_data, report

POSTS = usable("post")


def _fresh(value):
    """Valid data may hold an uploaded file; each example needs its own unread copy."""
    if hasattr(value, "read"):
        value.seek(0)
        body = value.read()
        return st.builds(
            lambda: SimpleUploadedFile(value.name, body, getattr(value, "content_type", None))
        )
    return st.just(value)


def _strategy(fields, valid):
    per_field = {}
    for name in sorted(set(fields) | set(valid)):
        found = fields.get(name)
        kind = found.kind if found else "text"
        options = [v for v in (found.values if found else []) if v]
        base = valid.get(name)
        strategy = for_field(kind if not hasattr(base, "read") else "file", None, options)
        if name in valid:
            strategy = st.one_of(_fresh(base), strategy)
        per_field[name] = strategy
    # Fields no form asked for: where to go next (an open redirect would follow it) and a
    # stray one. Button-only forms get these too, so they see more than one example.
    per_field.setdefault(
        "next", for_field("text", None, ["https://evil.example/", "//evil.example"])
    )
    per_field.setdefault("unexpected", for_field("text", None, []))
    return st.fixed_dictionaries(per_field)


def test_every_form_in_the_matrix_is_fuzzed():
    """The fuzzed list is the matrix's: every POST URL some role may use is in it."""
    from tests.test_access_matrix import MATRIX

    names = {e.name for e in POSTS}
    wanted = {
        e.name
        for e in MATRIX
        if e.method == "post" and any(s in (200, 204, 302) for s in e.expect.values())
    }
    assert names == wanted
    assert len(POSTS) > 100


@pytest.mark.parametrize("entry", POSTS, ids=entry_id)
def test_form_survives_hostile_input(client, cast, entry):
    url, valid, role = prepare(client, cast, entry)
    fields = fields_for(client, url)
    login = reverse("account_login")
    tried = []
    before = snapshot()  # each example is rolled back, so every one starts from this

    @given(_strategy(fields, valid))
    def attempt(values):
        tried.append(1)
        cache.clear()  # no rate limit carried from one example to the next
        data = post_data(values)
        with transaction.atomic():
            response = client.post(url, data)
            assert response.status_code < 500, response.status_code
            if role != "anonymous" and response.status_code == 302:
                assert not response.url.startswith(login), "the example signed the user out"
            if response.status_code == 302:
                assert "evil.example" not in response.url, "an open redirect"
            if response.status_code == 302:
                assert not saved_script_urls(), "a javascript: URL was saved"
            if bound_forms_with_errors(response):
                assert response.status_code in (200, 400, 409, 422), response.status_code
                assert b"nhsuk-error-summary" in response.content, "errors with no summary"
                changed = changed_tables(before, snapshot())
                assert not changed, f"a form error still saved rows in {changed}"
            transaction.set_rollback(True)

    attempt()
    report(f"{entry_id(entry)} as {role}: {len(tried)} examples, {len(fields)} fields")


GETS = usable("get")


@pytest.mark.parametrize("entry", GETS, ids=entry_id)
def test_filters_survive_hostile_query_strings(client, cast, entry):
    """List pages' filter forms (method GET), and their page number, fuzzed the same way."""
    url, _, role = prepare(client, cast, entry)
    fields = fields_for(client, url, method="get")
    if not fields:
        pytest.skip("no filter form on this page")
    per_field = {
        name: for_field(f.kind, None, [v for v in f.values if v]) for name, f in fields.items()
    }
    per_field.setdefault("page", for_field("text", "2", []))
    tried = []

    @given(st.fixed_dictionaries(per_field))
    def attempt(values):
        tried.append(1)
        cache.clear()
        response = client.get(url, post_data(values))
        assert response.status_code < 500, response.status_code
        assert response.status_code in (200, 302, 400, 404), response.status_code

    attempt()
    report(f"{entry_id(entry)} as {role}: {len(tried)} examples, {len(fields)} filters")
