"""Query budgets: every page a role can open (a GET in the access matrix that answers 200)
has a recorded number of SQL queries, and the page must not use more.

Each case signs in as the least privileged role that gets the page (anonymous first, then
Sid, Mona, Bea, Pat, Will, Ada), requests the page once to warm the session and caches,
then counts the queries of a second request. Budgets live in tests/query_budgets.py, keyed
by URL name (plus the matrix entry's label) and role. They are the measured counts, so:

- a page with no budget fails, telling you to add one;
- a page over its budget fails: find the extra queries (an N+1?) or, if they are needed,
  raise the budget in the same commit and say why;
- a page more than 2 queries under its budget fails too, so budgets get tightened.

Counts are the same on SQLite and PostgreSQL unless tests/query_budgets.py says otherwise
(VENDOR_BUDGETS). To print every measured count: QUERY_BUDGETS_REPORT=<file> pytest ...
(each case appends a line `key: count`).

Flatness (the same count with 1 and 20 rows) is tested per list page: see
tests/test_query_flatness.py for the map.
"""

import os
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access.base import ROLES
from tests.query_budgets import BUDGETS, SLACK, VENDOR_BUDGETS
from tests.test_access_matrix import AREA_OF, MATRIX, _objects_for


def _cases():
    seen = Counter()
    for entry in MATRIX:
        if entry.method != "get":
            continue
        role = next((r for r in ROLES if entry.expect.get(r) == 200), None)
        if role is None:
            continue
        key = f"{entry.name} [{entry.label}]" if entry.label else entry.name
        seen[key] += 1
        if seen[key] > 1:
            key = f"{key} #{seen[key]}"
        yield pytest.param(entry, role, f"{key} @{role}", id=f"{key} @{role}")


CASES = list(_cases())


def budget_for(key: str) -> int | None:
    return VENDOR_BUDGETS.get(connection.vendor, {}).get(key, BUDGETS.get(key))


@pytest.mark.parametrize(("entry", "role", "key"), CASES)
def test_page_stays_within_its_query_budget(client, cast, entry, role, key):
    objs = _objects_for(AREA_OF[id(entry)], cast)
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    url = reverse(entry.name, args=entry.args(cast, objs))
    data = entry.data(cast, objs, getattr(cast, role, None))
    assert client.get(url, data).status_code == 200  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    assert response.status_code == 200
    count = len(captured)
    if report := os.environ.get("QUERY_BUDGETS_REPORT"):
        with open(report, "a") as out:
            out.write(f"{key!r}: {count},\n")
    budget = budget_for(key)
    assert budget is not None, (
        f"{key} has no query budget. It used {count} queries: add `{key!r}: {count},` to "
        "BUDGETS in tests/query_budgets.py."
    )
    queries = "\n".join(q["sql"][:200] for q in captured.captured_queries)
    assert count <= budget, f"{key} used {count} queries, over its budget of {budget}:\n{queries}"
    assert count >= budget - SLACK, (
        f"{key} used {count} queries, well under its budget of {budget}: tighten the budget "
        "in tests/query_budgets.py."
    )


def test_every_budget_belongs_to_a_page():
    keys = {case.values[2] for case in CASES}
    stale = set(BUDGETS) - keys
    for budgets in VENDOR_BUDGETS.values():
        stale |= set(budgets) - keys
    assert not stale, f"Budgets for pages that are no longer in the matrix: {sorted(stale)}"
