"""Access entries for the area dashboard and its spreadsheet.

Partners (Pat: her ICB area), project workers and admins (the whole network) see it. Care
home managers and staff (Sid, Mona, Bea) get 403: they have their own home's dashboard.
Which homes Pat's figures count is tested in tests/dashboards/test_area.py.
"""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

VIEWERS = {
    "anonymous": LOGIN,
    "sid": 403,
    "mona": 403,
    "bea": 403,
    "pat": 200,
    "will": 200,
    "ada": 200,
}


def _bad_filters(c, o, u):
    return {"area": "987654", "start_day": "40", "theme": "nope"}


def _far_future(c, o, u):
    return {"end_day": "31", "end_month": "12", "end_year": "9999"}


ENTRIES: list[Entry] = [
    Entry("dashboards:area", "get", VIEWERS),
    Entry("dashboards:area", "get", VIEWERS, data=_bad_filters, label="bad filters"),
    Entry("dashboards:area", "get", VIEWERS, data=_far_future, label="end date in year 9999"),
    Entry("dashboards:area_csv", "get", VIEWERS),
    Entry("dashboards:area_csv", "get", VIEWERS, data=_bad_filters, label="bad filters"),
]


def objects(cast) -> dict:
    return {}
