"""Access entries for improvement projects: measures. Objects come from tests/access/qi.py
(qi_project is home-only at home A and coached by Will; qi_shared is shared; qi_project_b
is at home B).

- Seeing a measure (its chart page, its CSV): home A and the network's project workers on
  qi_project, everyone signed in on qi_shared; other homes and partners 404 on qi_project.
- Adding or changing a measure, its values and notes, importing values: home A only (Sid
  and Mona); the coach, project workers and admins read but do not edit (403).
- An import's first step only shows a preview (200) and saves nothing.
"""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

UNKNOWN = lambda c, o: [987654]  # noqa: E731


def objects(cast) -> dict:
    return {}


def expect(**statuses) -> dict:
    """Anonymous people are sent to sign in; the roles not named get 403."""
    return {"anonymous": LOGIN, **{role: statuses.get(role, 403) for role in ROLES[1:]}}


def _pk(key):
    return lambda c, o: [o[key].pk]


VIEW_HOME_ONLY = expect(sid=200, mona=200, bea=404, pat=404, will=200, ada=200)
EDIT_HOME_ONLY_GET = expect(sid=200, mona=200, bea=404, pat=404)
EDIT_HOME_ONLY_POST = expect(sid=302, mona=302, bea=404, pat=404)
EDIT_SHARED_GET = expect(sid=200, mona=200)
EDIT_SHARED_POST = expect(sid=302, mona=302)


def _measure_data(c, o, u):
    return {
        "name": "Drinks offered each afternoon",
        "kind": "process",
        "definition": "Drinks offered between 2pm and 5pm, counted from the drinks chart.",
        "unit": "drinks",
        "direction": "increase",
        "target": "",
        "frequency": "weekly",
        "chart_kind": "xmr",
        "screen_outliers": "on",
    }


def _value_data(c, o, u):
    return {
        "value-date_day": "5",
        "value-date_month": "2",
        "value-date_year": "2026",
        "value-value": "7",
    }


def _note_data(c, o, u):
    return {
        "note-date_day": "5",
        "note-date_month": "2",
        "note-date_year": "2026",
        "note-text": "New drinks trolley",
    }


PASTE = "Date\tValue\n05/02/2026\t4\n12/02/2026\t6\n"


def _paste(c, o, u):
    return {"pasted": PASTE}


def _confirm(c, o, u):
    return {"data": PASTE, "confirm": "1"}


ENTRIES: list[Entry] = [
    # Adding a measure
    Entry("qi:measure_create", "get", EDIT_HOME_ONLY_GET, args=_pk("qi_project")),
    Entry(
        "qi:measure_create",
        "post",
        EDIT_HOME_ONLY_POST,
        args=_pk("qi_project"),
        data=_measure_data,
        writes=True,
    ),
    Entry("qi:measure_create", "get", EDIT_SHARED_GET, args=_pk("qi_shared"), label="shared"),
    Entry(
        "qi:measure_create",
        "post",
        EDIT_SHARED_POST,
        args=_pk("qi_shared"),
        data=_measure_data,
        writes=True,
        label="shared",
    ),
    Entry("qi:measure_create", "get", everyone(404), args=UNKNOWN, label="unknown project"),
    # A measure's page and its CSV
    Entry("qi:measure_detail", "get", VIEW_HOME_ONLY, args=_pk("qi_measure")),
    Entry("qi:measure_detail", "get", everyone(200), args=_pk("qi_shared_measure"), label="shared"),
    Entry("qi:measure_detail", "get", everyone(404), args=UNKNOWN, label="unknown measure"),
    Entry("qi:measure_csv", "get", VIEW_HOME_ONLY, args=_pk("qi_measure")),
    Entry("qi:measure_csv", "get", everyone(200), args=_pk("qi_shared_measure"), label="shared"),
    Entry("qi:measure_csv", "get", everyone(404), args=UNKNOWN, label="unknown measure"),
    # Changing a measure
    Entry("qi:measure_edit", "get", EDIT_HOME_ONLY_GET, args=_pk("qi_measure")),
    Entry(
        "qi:measure_edit",
        "post",
        EDIT_HOME_ONLY_POST,
        args=_pk("qi_measure"),
        data=_measure_data,
        writes=True,
    ),
    Entry("qi:measure_edit", "get", EDIT_SHARED_GET, args=_pk("qi_shared_measure"), label="shared"),
    Entry(
        "qi:measure_edit",
        "post",
        EDIT_SHARED_POST,
        args=_pk("qi_shared_measure"),
        data=_measure_data,
        writes=True,
        label="shared",
    ),
    Entry("qi:measure_edit", "get", everyone(404), args=UNKNOWN, label="unknown measure"),
    # Values one at a time
    Entry(
        "qi:value_add",
        "post",
        EDIT_HOME_ONLY_POST,
        args=_pk("qi_measure"),
        data=_value_data,
        writes=True,
    ),
    Entry(
        "qi:value_add",
        "post",
        EDIT_SHARED_POST,
        args=_pk("qi_shared_measure"),
        data=_value_data,
        writes=True,
        label="shared",
    ),
    Entry("qi:value_add", "post", everyone(404), args=UNKNOWN, data=_value_data, writes=True),
    Entry("qi:value_add", "get", everyone(405), args=_pk("qi_measure"), label="GET"),
    Entry("qi:value_delete", "post", EDIT_HOME_ONLY_POST, args=_pk("qi_value"), writes=True),
    Entry("qi:value_delete", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("qi:value_delete", "get", everyone(405), args=_pk("qi_value"), label="GET"),
    # Importing many values: a preview (saves nothing), then saving
    Entry("qi:measure_import", "get", EDIT_HOME_ONLY_GET, args=_pk("qi_measure")),
    Entry(
        "qi:measure_import",
        "post",
        EDIT_HOME_ONLY_GET,
        args=_pk("qi_measure"),
        data=_paste,
        writes=True,
        label="preview",
    ),
    Entry(
        "qi:measure_import",
        "post",
        EDIT_HOME_ONLY_POST,
        args=_pk("qi_measure"),
        data=_confirm,
        writes=True,
        label="save",
    ),
    Entry(
        "qi:measure_import",
        "post",
        EDIT_SHARED_POST,
        args=_pk("qi_shared_measure"),
        data=_confirm,
        writes=True,
        label="shared save",
    ),
    Entry("qi:measure_import", "get", everyone(404), args=UNKNOWN, label="unknown measure"),
    # Notes on the chart
    Entry(
        "qi:annotation_add",
        "post",
        EDIT_HOME_ONLY_POST,
        args=_pk("qi_measure"),
        data=_note_data,
        writes=True,
    ),
    Entry(
        "qi:annotation_add",
        "post",
        EDIT_SHARED_POST,
        args=_pk("qi_shared_measure"),
        data=_note_data,
        writes=True,
        label="shared",
    ),
    Entry("qi:annotation_add", "post", everyone(404), args=UNKNOWN, data=_note_data, writes=True),
    Entry("qi:annotation_add", "get", everyone(405), args=_pk("qi_measure"), label="GET"),
    Entry(
        "qi:annotation_delete", "post", EDIT_HOME_ONLY_POST, args=_pk("qi_annotation"), writes=True
    ),
    Entry("qi:annotation_delete", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("qi:annotation_delete", "get", everyone(405), args=_pk("qi_annotation"), label="GET"),
]
