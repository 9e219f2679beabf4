"""Access entries for improvement projects: cycles. Objects come from tests/access/qi.py
(qi_project is home-only at home A and coached by Will; qi_shared is shared; qi_project_b
is at home B).

- Seeing a cycle (the ramps, a cycle's page): home A and the network's project workers on
  qi_project, everyone signed in on qi_shared; other homes and partners 404 on qi_project.
- Starting, changing or deleting a cycle: home A only (Sid and Mona); the coach and admins
  read and comment but do not edit (403).
- Commenting: home A, the coach, project workers and admins.
"""

from qi_cycles.models import Cycle
from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

UNKNOWN = lambda c, o: [987654]  # noqa: E731


def objects(cast) -> dict:
    return {}


def expect(**statuses) -> dict:
    """Anonymous people are sent to sign in; the roles not named get 403."""
    return {"anonymous": LOGIN, **{role: statuses.get(role, 403) for role in ROLES[1:]}}


def _project(c, o):
    return [o["qi_project"].pk]


def _shared(c, o):
    return [o["qi_shared"].pk]


def _cycle(c, o):
    return [o["qi_cycle"].pk]


def _shared_cycle(c, o):
    return [o["qi_shared_cycle"].pk]


VIEW_HOME_ONLY = expect(sid=200, mona=200, bea=404, pat=404, will=200, ada=200)
EDIT_HOME_ONLY_GET = expect(sid=200, mona=200, bea=404, pat=404)
EDIT_HOME_ONLY_POST = expect(sid=302, mona=302, bea=404, pat=404)
EDIT_SHARED_GET = expect(sid=200, mona=200)
EDIT_SHARED_POST = expect(sid=302, mona=302)


def _plan(idea_key):
    def data(c, o, u):
        return {
            "change_idea": o[idea_key].pk,
            "objective": "Offer a drink at every visit",
            "starts_on_day": "3",
            "starts_on_month": "3",
            "starts_on_year": "2026",
        }

    return data


def _worksheet(cycle_key):
    def data(c, o, u):
        cycle = Cycle.objects.get(pk=o[cycle_key].pk)
        return {
            "objective": "Hourly rounds on the first floor",
            "starts_on_day": "1",
            "starts_on_month": "2",
            "starts_on_year": "2026",
            "do_what_happened": "Rounds done every hour",
            "version": cycle.version,
        }

    return data


def _comment(c, o, u):
    return {"body": "Have you asked the night team what they think?"}


ENTRIES: list[Entry] = [
    Entry("qi:cycle_list", "get", VIEW_HOME_ONLY, args=_project),
    Entry("qi:cycle_list", "get", everyone(200), args=_shared, label="shared"),
    Entry("qi:cycle_list", "get", everyone(404), args=UNKNOWN, label="unknown project"),
    Entry("qi:cycle_create", "get", EDIT_HOME_ONLY_GET, args=_project),
    Entry("qi:cycle_create", "get", EDIT_SHARED_GET, args=_shared, label="shared"),
    Entry("qi:cycle_create", "get", everyone(404), args=UNKNOWN, label="unknown project"),
    Entry(
        "qi:cycle_create",
        "post",
        EDIT_HOME_ONLY_POST,
        args=_project,
        data=_plan("qi_idea"),
        writes=True,
    ),
    Entry(
        "qi:cycle_create",
        "post",
        EDIT_SHARED_POST,
        args=_shared,
        data=_plan("qi_shared_idea"),
        writes=True,
        label="shared",
    ),
    Entry("qi:cycle_detail", "get", VIEW_HOME_ONLY, args=_cycle),
    Entry("qi:cycle_detail", "get", everyone(200), args=_shared_cycle, label="shared"),
    Entry("qi:cycle_detail", "get", everyone(404), args=UNKNOWN, label="unknown cycle"),
    Entry("qi:cycle_edit", "get", EDIT_HOME_ONLY_GET, args=_cycle),
    Entry("qi:cycle_edit", "get", EDIT_SHARED_GET, args=_shared_cycle, label="shared"),
    Entry("qi:cycle_edit", "get", everyone(404), args=UNKNOWN, label="unknown cycle"),
    Entry(
        "qi:cycle_edit",
        "post",
        EDIT_HOME_ONLY_POST,
        args=_cycle,
        data=_worksheet("qi_cycle"),
        writes=True,
    ),
    Entry(
        "qi:cycle_edit",
        "post",
        EDIT_SHARED_POST,
        args=_shared_cycle,
        data=_worksheet("qi_shared_cycle"),
        writes=True,
        label="shared",
    ),
    Entry(
        "qi:cycle_comment",
        "post",
        expect(sid=302, mona=302, bea=404, pat=404, will=302, ada=302),
        args=_cycle,
        data=_comment,
        writes=True,
    ),
    Entry(
        "qi:cycle_comment",
        "post",
        expect(sid=302, mona=302, will=302, ada=302),
        args=_shared_cycle,
        data=_comment,
        writes=True,
        label="shared",
    ),
    Entry("qi:cycle_comment", "post", everyone(404), args=UNKNOWN, writes=True, label="unknown"),
    Entry("qi:cycle_comment", "get", everyone(405), args=_cycle, label="GET"),
    Entry("qi:cycle_delete", "get", EDIT_HOME_ONLY_GET, args=_cycle),
    Entry("qi:cycle_delete", "get", everyone(404), args=UNKNOWN, label="unknown cycle"),
    Entry("qi:cycle_delete", "post", EDIT_HOME_ONLY_POST, args=_cycle, writes=True),
    Entry(
        "qi:cycle_delete", "post", EDIT_SHARED_POST, args=_shared_cycle, writes=True, label="shared"
    ),
]
