"""Access entries for training: impact. Objects come from tests/access/training.py
(`t_session` is published; `t_draft` is a draft; `t_cascade` was recorded by Mona at
home A).

- Recording training passed on: champions and managers at a care home (Mona, and Bea for
  her own home B). Sid is staff but not a champion: 403. Partners, project workers and
  admins do not work at a care home: 403.
- The list of training passed on: Mona and Bea (their homes), Pat (the homes in her
  area), Will and Ada (every home). Sid: 403.
- Analytics and its spreadsheet: Pat (her areas), Will and Ada (the network). Care home
  members: 403.
"""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401
from training.models import CascadeDelivery


def by_role(**expect):
    return {"anonymous": LOGIN, **expect}


RECORDERS = by_role(sid=403, mona=200, bea=200, pat=403, will=403, ada=403)
READERS = by_role(sid=403, mona=200, bea=200, pat=200, will=200, ada=200)
ANALYSTS = by_role(sid=403, mona=403, bea=403, pat=200, will=200, ada=200)


def _cascade(session_name):
    def data(c, o, u):
        return {
            "session": o[session_name].pk,
            "delivered_on_day": "2",
            "delivered_on_month": "11",
            "delivered_on_year": "2026",
            "attendees": "8",
            "notes": "Team huddle",
        }

    return data


def objects(cast) -> dict:
    return {}


def fingerprint():
    return sorted(
        CascadeDelivery.objects.values_list(
            "pk", "session_id", "home_id", "delivered_on", "attendees", "notes"
        )
    )


ENTRIES: list[Entry] = [
    Entry("training:cascade_list", "get", READERS),
    Entry("training:cascade_create", "get", RECORDERS),
    Entry(
        "training:cascade_create",
        "post",
        {**RECORDERS, "mona": 302, "bea": 302},
        data=_cascade("t_session"),
        writes=True,
    ),
    Entry(
        "training:cascade_create",
        "post",
        # A draft is not in the list: a form error, nothing saved.
        RECORDERS,
        data=_cascade("t_draft"),
        writes=True,
        label="draft session",
    ),
    Entry("training:analytics", "get", ANALYSTS),
    Entry(
        "training:analytics",
        "get",
        ANALYSTS,
        data=lambda c, o, u: {"area": "987654", "start_day": "40"},
        label="bad filters",
    ),
    Entry(
        "training:analytics",
        "get",
        ANALYSTS,
        data=lambda c, o, u: {"end_day": "31", "end_month": "12", "end_year": "9999"},
        label="end date in year 9999",
    ),
    Entry("training:analytics_csv", "get", ANALYSTS),
    Entry(
        "training:analytics_csv",
        "get",
        ANALYSTS,
        data=lambda c, o, u: {"end_day": "31", "end_month": "12", "end_year": "9999"},
        label="end date in year 9999",
    ),
]
