"""Access entries for the audit pages.

The audit log (audit:log) and its CSV (audit:log_csv) are for network admins: Ada gets
them; every other signed-in role, project workers included, gets 403; signed out, the
sign-in page.
"""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

ADMINS_ONLY = {**everyone(403), "ada": 200}


def _bad_filters(cast, objs, user):
    return {"action": "nonsense", "start_day": "31", "start_month": "2", "start_year": "2026"}


def _filters(cast, objs, user):
    return {
        "action": "exported",
        "who": "Will",
        "start_day": "1",
        "start_month": "1",
        "start_year": "2026",
    }


ENTRIES: list[Entry] = [
    Entry("audit:log", "get", ADMINS_ONLY),
    Entry("audit:log", "get", ADMINS_ONLY, data=_filters, label="filtered"),
    Entry("audit:log", "get", ADMINS_ONLY, data=_bad_filters, label="bad filters"),
    Entry("audit:log_csv", "get", ADMINS_ONLY),
    Entry("audit:log_csv", "get", ADMINS_ONLY, data=_filters, label="filtered"),
]


def objects(cast):
    """A few rows so the page shows a table: a download, a deletion and the system."""
    from audit.log import record
    from audit.models import Action

    record(Action.EXPORTED, actor=cast.will, target=cast.home_a, detail="dashboards:home_pdf")
    record(Action.DELETED, actor=cast.mona, target_type="qi_cycles.cycle", target_id=7)
    record(Action.RETENTION_DEACTIVATED, target=cast.sid)
    return {}


def fingerprint():
    """A refused write, anywhere in the portal, adds no audit row."""
    from audit.models import AuditEvent

    return sorted(AuditEvent.objects.values_list("pk", "action", "target_type", "target_id"))
