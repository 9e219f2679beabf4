"""Access entries for the home dashboard (dashboards:home). It shows home A (Oak House).

- Home A's manager and staff (Mona, Sid), project workers and admins (Will, Ada) and the
  ICB partner whose area contains home A (Pat): 200.
- Bea, manager of home B: 404 (a home that is not yours does not exist for you).
- An organisation that is not a care home (the ICB): 404 for everyone.
- A period that is not offered: the page answers with an error, for the same people.
"""

from tests.access.base import LOGIN, Entry

HOME = {
    "anonymous": LOGIN,
    "sid": 200,
    "mona": 200,
    "bea": 404,
    "pat": 200,
    "will": 200,
    "ada": 200,
}
NOT_A_HOME = {
    "anonymous": LOGIN,
    "sid": 404,
    "mona": 404,
    "bea": 404,
    "pat": 404,
    "will": 404,
    "ada": 404,
}


def objects(cast) -> dict:
    return {}


ENTRIES: list[Entry] = [
    Entry("dashboards:home", "get", HOME, args=lambda c, o: [c.home_a.pk]),
    Entry(
        "dashboards:home",
        "get",
        HOME,
        args=lambda c, o: [c.home_a.pk],
        data=lambda c, o, u: {"months": "7"},
        label="bad period",
    ),
    Entry("dashboards:home", "get", NOT_A_HOME, args=lambda c, o: [c.icb.pk], label="not a home"),
]
