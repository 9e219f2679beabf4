"""Access entries for improvement projects: sharing. Objects come from tests/access/qi.py
(qi_project is home-only at home A and coached by Will; qi_shared is shared; qi_project_b
is at home B).

- The learning library: every signed-in member.
- A story (case study) and the PDF: whoever may see the project (home-only: home A, Will,
  Ada; shared: everyone signed in).
- Editing the story: people at home A (Will and Ada read only, 403).
- Sharing: the manager of the lead home only (Mona).
- "Try this in our home": care home managers and staff who may see the idea; partners,
  project workers and admins are refused (403), an idea they may not see is 404.
"""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

UNKNOWN = lambda c, o: [987654]  # noqa: E731


def _pk(name):
    return lambda c, o: [o[name].pk]


def by_role(**expect):
    return {"anonymous": LOGIN, **expect}


VIEW_HOME_ONLY = by_role(sid=200, mona=200, bea=404, pat=404, will=200, ada=200)
EDIT_HOME_ONLY_GET = by_role(sid=200, mona=200, bea=404, pat=404, will=403, ada=403)
EDIT_HOME_ONLY_POST = by_role(sid=302, mona=302, bea=404, pat=404, will=403, ada=403)
EDIT_SHARED_POST = by_role(sid=302, mona=302, bea=403, pat=403, will=403, ada=403)
DECIDE_HOME_ONLY = by_role(sid=403, mona=200, bea=404, pat=404, will=403, ada=403)
DECIDE_SHARED = by_role(sid=403, mona=200, bea=403, pat=403, will=403, ada=403)


def _story(c, o, u):
    return {"what_changed": "Fewer falls", "benefit_for_residents": "Better sleep"}


def _target(c, o, u):
    """A project each care home member may change: home A's home-only project for Sid and
    Mona, home B's for Bea."""
    if u is not None and u == c.bea:
        return {"project": o["qi_project_b"].pk}
    return {"project": o["qi_project"].pk}


def _target_for_home_only_idea(c, o, u):
    return {"project": o["qi_shared"].pk}


ENTRIES: list[Entry] = [
    Entry("qi:library", "get", everyone(200)),
    # The story (case study).
    Entry("qi:case_study", "get", VIEW_HOME_ONLY, args=_pk("qi_project")),
    Entry("qi:case_study", "get", everyone(200), args=_pk("qi_shared"), label="shared"),
    Entry("qi:case_study", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("qi:story_edit", "get", EDIT_HOME_ONLY_GET, args=_pk("qi_project")),
    Entry(
        "qi:story_edit",
        "post",
        EDIT_HOME_ONLY_POST,
        args=_pk("qi_project"),
        data=_story,
        writes=True,
    ),
    Entry(
        "qi:story_edit",
        "post",
        EDIT_SHARED_POST,
        args=_pk("qi_shared"),
        data=_story,
        writes=True,
        label="shared",
    ),
    Entry("qi:story_edit", "get", everyone(404), args=UNKNOWN, label="unknown"),
    # Sharing with the network.
    Entry("qi:project_share", "get", DECIDE_HOME_ONLY, args=_pk("qi_project")),
    Entry(
        "qi:project_share",
        "post",
        {**DECIDE_HOME_ONLY, "mona": 302},
        args=_pk("qi_project"),
        data=lambda c, o, u: {"action": "share"},
        writes=True,
    ),
    Entry(
        "qi:project_share",
        "post",
        {**DECIDE_SHARED, "mona": 302},
        args=_pk("qi_shared"),
        data=lambda c, o, u: {"action": "stop"},
        writes=True,
        label="shared",
    ),
    Entry("qi:project_share", "post", everyone(404), args=UNKNOWN, writes=True, label="unknown"),
    # "Try this in our home".
    Entry(
        "qi:idea_try",
        "get",
        by_role(sid=200, mona=200, bea=200, pat=403, will=403, ada=403),
        args=_pk("qi_shared_idea"),
    ),
    Entry(
        "qi:idea_try",
        "get",
        by_role(sid=200, mona=200, bea=404, pat=404, will=403, ada=403),
        args=_pk("qi_idea"),
        label="home-only idea",
    ),
    Entry(
        "qi:idea_try",
        "post",
        by_role(sid=302, mona=302, bea=302, pat=403, will=403, ada=403),
        args=_pk("qi_shared_idea"),
        data=_target,
        writes=True,
    ),
    Entry(
        "qi:idea_try",
        "post",
        by_role(sid=302, mona=302, bea=404, pat=404, will=403, ada=403),
        args=_pk("qi_idea"),
        data=_target_for_home_only_idea,
        writes=True,
        label="home-only idea",
    ),
    Entry(
        "qi:idea_try",
        "post",
        # Into a project the person may not see (home B's, for home A): 404, nothing copied.
        by_role(sid=404, mona=404, bea=302, pat=403, will=403, ada=403),
        args=_pk("qi_shared_idea"),
        data=lambda c, o, u: {"project": o["qi_project_b"].pk},
        writes=True,
        label="into another home's project",
    ),
    Entry(
        "qi:idea_try",
        "post",
        # Into a project the person may read but not change: 403 for Bea (home A's shared
        # project); for home A it is the idea's own project, a form error.
        by_role(sid=200, mona=200, bea=403, pat=403, will=403, ada=403),
        args=_pk("qi_shared_idea"),
        data=lambda c, o, u: {"project": o["qi_shared"].pk},
        writes=True,
        label="into a project one may only read",
    ),
    Entry("qi:idea_try", "get", everyone(404), args=UNKNOWN, label="unknown"),
    # The one-page PDF.
    Entry("qi:project_pdf", "get", VIEW_HOME_ONLY, args=_pk("qi_project")),
    Entry("qi:project_pdf", "get", everyone(200), args=_pk("qi_shared"), label="shared"),
    Entry("qi:project_pdf", "get", everyone(404), args=UNKNOWN, label="unknown"),
]


def objects(cast) -> dict:
    return {}
