"""Access entries for improvement projects: the list, a project's pages and its driver
diagram. Objects come from tests/access/qi.py (qi_project is home-only at home A and
coached by Will; qi_shared is shared; qi_project_b is at home B).

- Seeing a home-only project: home A (Sid, Mona), project workers and admins; home B and
  partners get 404. Shared projects: every signed-in role.
- Changing a project or its diagram: home A (Sid and Mona); project workers and admins
  read but may not change (403); home B and partners get 404, or 403 on a shared project.
- Deleting a project: the lead home's manager (Mona) only.
- Starting a project: care home managers and staff, for the home they act for.
"""

from qi_cycles.models import ChangeIdea, Driver, Project
from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401


def objects(cast) -> dict:
    """A change idea nobody has tested (qi_idea has a cycle, so it cannot be deleted) and
    a secondary driver, both in qi_project."""
    project = Project.objects.get(home=cast.home_a, visibility=Project.Visibility.HOME)
    primary = Driver.objects.get(project=project, level=Driver.Level.PRIMARY)
    secondary = Driver.objects.create(
        project=project, level=Driver.Level.SECONDARY, parent=primary, text="Good lighting"
    )
    plain = ChangeIdea.objects.create(project=project, title="Night lights in every room")
    return {"qi_plain_idea": plain, "qi_secondary": secondary}


def _view(ok=200):
    """See a home-only project at home A."""
    return {
        "anonymous": LOGIN,
        "sid": ok,
        "mona": ok,
        "bea": 404,
        "pat": 404,
        "will": ok,
        "ada": ok,
    }


def _edit(ok):
    """Change something in home A's home-only project."""
    return {
        "anonymous": LOGIN,
        "sid": ok,
        "mona": ok,
        "bea": 404,
        "pat": 404,
        "will": 403,
        "ada": 403,
    }


def _edit_shared(ok):
    """Change something in home A's shared project: everyone sees it, only home A changes it."""
    return {
        "anonymous": LOGIN,
        "sid": ok,
        "mona": ok,
        "bea": 403,
        "pat": 403,
        "will": 403,
        "ada": 403,
    }


def _decide(ok):
    return {
        "anonymous": LOGIN,
        "sid": 403,
        "mona": ok,
        "bea": 404,
        "pat": 404,
        "will": 403,
        "ada": 403,
    }


def _start(ok):
    """Care home managers and staff start projects; partners, project workers, admins don't."""
    return {
        "anonymous": LOGIN,
        "sid": ok,
        "mona": ok,
        "bea": ok,
        "pat": 403,
        "will": 403,
        "ada": 403,
    }


def _pk(name):
    return lambda c, o: [o[name].pk]


UNKNOWN = lambda c, o: [987654]  # noqa: E731


def _project_data(c, o, u):
    return {
        "title": "Better sleep",
        "problem": "Residents wake often in the night",
        "aim_what": "Reduce waking at night",
        "aim_for_whom": "residents on the ground floor",
        "aim_how_much": "half",
        "aim_by_when_day": "31",
        "aim_by_when_month": "3",
        "aim_by_when_year": "2027",
        "start_date_day": "5",
        "start_date_month": "1",
        "start_date_year": "2026",
        "status": "testing",
        "visibility": "home",
    }


def _driver_data(c, o, u):
    return {"text": "Staff know who is at risk"}


def _secondary_data(c, o, u):
    return {"text": "Handover names residents at risk", "parent": o["qi_driver"].pk}


def _idea_data(c, o, u):
    return {"title": "Sensor mats", "description": "", "driver": ""}


def _up(c, o, u):
    return {"direction": "up"}


ENTRIES: list[Entry] = [
    Entry("qi:project_list", "get", everyone(200)),
    Entry("qi:project_create", "get", _start(200)),
    Entry("qi:project_create", "post", _start(302), data=_project_data, writes=True),
    Entry("qi:project_detail", "get", _view(), args=_pk("qi_project")),
    Entry("qi:project_detail", "get", everyone(200), args=_pk("qi_shared"), label="shared"),
    Entry("qi:project_detail", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("qi:project_edit", "get", _edit(200), args=_pk("qi_project")),
    Entry("qi:project_edit", "get", _edit_shared(200), args=_pk("qi_shared"), label="shared"),
    Entry("qi:project_edit", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry(
        "qi:project_edit",
        "post",
        _edit(302),
        args=_pk("qi_project"),
        data=_project_data,
        writes=True,
    ),
    Entry(
        "qi:project_edit",
        "post",
        _edit_shared(302),
        args=_pk("qi_shared"),
        data=_project_data,
        writes=True,
        label="shared",
    ),
    Entry("qi:project_delete", "get", _decide(200), args=_pk("qi_project")),
    Entry("qi:project_delete", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("qi:project_delete", "post", _decide(302), args=_pk("qi_project"), writes=True),
    Entry(
        "qi:project_delete",
        "post",
        {**_edit_shared(403), "mona": 302},
        args=_pk("qi_shared"),
        writes=True,
        label="shared",
    ),
    # Driver diagram
    Entry("qi:drivers", "get", _view(), args=_pk("qi_project")),
    Entry("qi:drivers", "get", everyone(200), args=_pk("qi_shared"), label="shared"),
    Entry("qi:drivers", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("qi:driver_add", "get", _edit(200), args=_pk("qi_project")),
    Entry(
        "qi:driver_add",
        "post",
        _edit(302),
        args=_pk("qi_project"),
        data=_driver_data,
        writes=True,
    ),
    Entry(
        "qi:driver_add",
        "post",
        _edit(302),
        args=_pk("qi_project"),
        data=_secondary_data,
        writes=True,
        label="secondary",
    ),
    Entry(
        "qi:driver_add",
        "post",
        _edit_shared(302),
        args=_pk("qi_shared"),
        data=_driver_data,
        writes=True,
        label="shared",
    ),
    Entry("qi:driver_add", "post", everyone(404), args=UNKNOWN, writes=True, label="unknown"),
    Entry("qi:driver_edit", "get", _edit(200), args=_pk("qi_driver")),
    Entry("qi:driver_edit", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry(
        "qi:driver_edit",
        "post",
        _edit(302),
        args=_pk("qi_driver"),
        data=_driver_data,
        writes=True,
    ),
    Entry("qi:driver_delete", "get", _edit(200), args=_pk("qi_driver")),
    Entry("qi:driver_delete", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("qi:driver_delete", "post", _edit(302), args=_pk("qi_driver"), writes=True),
    Entry(
        "qi:driver_delete",
        "post",
        _edit(302),
        args=_pk("qi_secondary"),
        writes=True,
        label="secondary",
    ),
    Entry("qi:driver_move", "post", _edit(302), args=_pk("qi_secondary"), data=_up, writes=True),
    Entry("qi:driver_move", "post", everyone(404), args=UNKNOWN, data=_up, writes=True),
    Entry("qi:driver_move", "get", everyone(405), args=_pk("qi_driver")),
    Entry("qi:idea_add", "get", _edit(200), args=_pk("qi_project")),
    Entry("qi:idea_add", "get", _edit_shared(200), args=_pk("qi_shared"), label="shared"),
    Entry("qi:idea_add", "post", _edit(302), args=_pk("qi_project"), data=_idea_data, writes=True),
    Entry(
        "qi:idea_add",
        "post",
        _edit_shared(302),
        args=_pk("qi_shared"),
        data=_idea_data,
        writes=True,
        label="shared",
    ),
    Entry("qi:idea_add", "post", everyone(404), args=UNKNOWN, writes=True, label="unknown"),
    Entry("qi:idea_edit", "get", _edit(200), args=_pk("qi_idea")),
    Entry("qi:idea_edit", "get", _edit_shared(200), args=_pk("qi_shared_idea"), label="shared"),
    Entry("qi:idea_edit", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("qi:idea_edit", "post", _edit(302), args=_pk("qi_idea"), data=_idea_data, writes=True),
    Entry("qi:idea_delete", "get", _edit(200), args=_pk("qi_plain_idea")),
    Entry("qi:idea_delete", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("qi:idea_delete", "post", _edit(302), args=_pk("qi_plain_idea"), writes=True),
    # An idea with a PDSA cycle: the page says why it cannot go, and nothing changes.
    Entry(
        "qi:idea_delete",
        "post",
        _edit(200),
        args=_pk("qi_idea"),
        writes=True,
        label="has cycles",
    ),
    Entry("qi:idea_move", "post", _edit(302), args=_pk("qi_idea"), data=_up, writes=True),
    Entry("qi:idea_move", "post", everyone(404), args=UNKNOWN, data=_up, writes=True),
    Entry("qi:idea_move", "get", everyone(405), args=_pk("qi_idea")),
]
