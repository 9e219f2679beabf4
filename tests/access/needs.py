"""Access entries for the needs board (see tests/access/base.py).

Every signed-in member sees the board and every need. Care home managers and staff post
needs; the posting home (home A) and project workers change them and their status;
partners, project workers and home A respond; other care homes (Bea, home B) say "we need
this too". Anyone else asking to do something gets 403; unknown ids are 404.
"""

from surveys.models import Need
from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401


def by_role(ok, **overrides):
    """ok for the roles named True, 403 for the rest."""
    return {"anonymous": LOGIN, **{role: ok if overrides.get(role) else 403 for role in ROLES[1:]}}


def objects(cast) -> dict:
    """Rows these URLs point at, keyed by name; merged with the other areas' objects."""
    need = Need.objects.create(
        organisation=cast.home_a,
        posted_by=cast.mona,
        title="Falls training",
        description="Help with falls at night",
        hide_home_name=True,
    )
    return {"need": need}


def _need(c, o):
    return [o["need"].pk]


UNKNOWN = lambda c, o: [987654]  # noqa: E731


def _need_data(c, o, u):
    return {
        "title": "Hydration ideas",
        "description": "Residents drink too little",
        "urgency": "soon",
    }


_CARE_HOMES = {"sid": True, "mona": True, "bea": True}
_POSTING_HOME = {"sid": True, "mona": True, "will": True, "ada": True}
_RESPONDERS = {"sid": True, "mona": True, "pat": True, "will": True, "ada": True}

ENTRIES: list[Entry] = [
    Entry("surveys:need_list", "get", everyone(200)),
    Entry("surveys:need_create", "get", by_role(200, **_CARE_HOMES)),
    Entry("surveys:need_create", "post", by_role(302, **_CARE_HOMES), data=_need_data, writes=True),
    Entry("surveys:need_detail", "get", everyone(200), args=_need),
    Entry("surveys:need_detail", "get", everyone(404), args=UNKNOWN, label="unknown need"),
    Entry("surveys:need_edit", "get", by_role(200, **_POSTING_HOME), args=_need),
    Entry("surveys:need_edit", "get", everyone(404), args=UNKNOWN),
    Entry(
        "surveys:need_edit",
        "post",
        by_role(302, **_POSTING_HOME),
        args=_need,
        data=_need_data,
        writes=True,
    ),
    Entry(
        "surveys:need_respond",
        "post",
        by_role(302, **_RESPONDERS),
        args=_need,
        data=lambda c, o, u: {"kind": "offer", "body": "We can help"},
        writes=True,
    ),
    Entry("surveys:need_respond", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("surveys:need_endorse", "post", by_role(302, bea=True), args=_need, writes=True),
    Entry("surveys:need_endorse", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("surveys:need_status", "get", by_role(200, **_POSTING_HOME), args=_need),
    Entry("surveys:need_status", "get", everyone(404), args=UNKNOWN),
    Entry(
        "surveys:need_status",
        "post",
        by_role(302, **_POSTING_HOME),
        args=_need,
        data=lambda c, o, u: {"status": "met", "what_helped": "A falls review by the matron"},
        writes=True,
    ),
]
