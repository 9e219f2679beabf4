"""Shared pieces for the double-submit tests: the access matrix's POST entries, a role
allowed to make each one, and row counts of every table a create form could add to."""

from django.apps import apps
from django.db import connection
from django.urls import reverse

from tests.test_access_matrix import AREA_OF, MATRIX, _objects_for

# Tables that change as a side effect of any request, not because a form created a record.
NOT_RECORDS = {
    "audit.auditevent",
    "portal.oncetoken",
    "portal.outboxtask",  # a task kept with the work, deleted once the broker takes it
    "sessions.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "auth.permission",
}
# Who tries each form: the first of these the access matrix lets through (302).
ROLE_ORDER = ["mona", "sid", "will", "ada", "pat", "bea"]

POSTS = [entry for entry in MATRIX if entry.method == "post"]


def allowed_role(entry) -> str | None:
    return next((role for role in ROLE_ORDER if entry.expect.get(role) == 302), None)


def post_id(entry) -> str:
    return f"{entry.name}{' ' + entry.label if entry.label else ''}"


def counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_RECORDS and model._meta.db_table in tables
    }


def grew(before: dict, after: dict) -> dict:
    return {name: after[name] - before[name] for name in after if after[name] > before[name]}


def prepare(client, cast, entry):
    """Sign in the allowed role; the entry's URL, the data to send and its objects."""
    role = allowed_role(entry)
    user = getattr(cast, role)
    client.force_login(user)
    objs = _objects_for(AREA_OF[id(entry)], cast)
    url = reverse(entry.name, args=entry.args(cast, objs))
    return user, objs, url, entry.data(cast, objs, user)
