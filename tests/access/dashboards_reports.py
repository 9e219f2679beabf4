"""Access entries for the one-page PDF reports. Each follows the page it comes from.

- Area summary (dashboards:area_pdf), as the area dashboard: Pat (her areas), Will and Ada
  (the network); care home managers and staff (Sid, Mona, Bea) 403. Filters that make no
  sense are left out, as on the dashboard.
- Home summary (dashboards:home_pdf) of home A: as its dashboard: Mona, Sid, Pat (her area
  contains home A), Will and Ada; Bea (home B) 404.
- Poster (dashboards:poster) of a project, as the project's page: a home-only project at
  home A is for Mona and Sid, Will and Ada (Bea and Pat: 404); a project shared with the
  network is for everyone signed in.
"""

from tests.access.base import LOGIN, Entry, everyone
from tests.factories import make_measure, make_project

AREA = {
    "anonymous": LOGIN,
    "sid": 403,
    "mona": 403,
    "bea": 403,
    "pat": 200,
    "will": 200,
    "ada": 200,
}
HOME = {
    "anonymous": LOGIN,
    "sid": 200,
    "mona": 200,
    "bea": 404,
    "pat": 200,
    "will": 200,
    "ada": 200,
}
HOME_ONLY = {
    "anonymous": LOGIN,
    "sid": 200,
    "mona": 200,
    "bea": 404,
    "pat": 404,
    "will": 200,
    "ada": 200,
}


def objects(cast) -> dict:
    private = make_project(cast.home_a, title="Quiet nights")
    make_measure(private, values=[3, 4, 2, 5], is_key=True)
    shared = make_project(cast.home_a, shared=True, title="Better hydration")
    return {"poster_private": private, "poster_shared": shared}


ENTRIES: list[Entry] = [
    Entry("dashboards:area_pdf", "get", AREA),
    Entry(
        "dashboards:area_pdf",
        "get",
        AREA,
        data=lambda c, o, u: {"area": "987654", "start_day": "40", "theme": "x"},
        label="bad filters",
    ),
    Entry("dashboards:home_pdf", "get", HOME, args=lambda c, o: [c.home_a.pk]),
    Entry("dashboards:poster", "get", HOME_ONLY, args=lambda c, o: [o["poster_private"].pk]),
    Entry(
        "dashboards:poster",
        "get",
        everyone(200),
        args=lambda c, o: [o["poster_shared"].pk],
        label="shared project",
    ),
]
