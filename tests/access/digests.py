"""Access entries for digests.

Preferences are every signed-in person's own. The unsubscribe link works for anyone who
holds it, signed in or not, as whoever is signed in: the signed token in the link names the
person (Mona here), so its POST changes Mona's choice whoever sends it; that is checked in
tests/digests/test_unsubscribe.py rather than by the refused-write fingerprint.
"""

from digests.models import DigestPreference
from digests.tokens import make_token
from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

ENTRIES: list[Entry] = [
    Entry("digests:preferences", "get", everyone(200)),
    Entry(
        "digests:preferences",
        "post",
        everyone(302),
        data=lambda cast, objs, user: {"frequency": "daily"},
        writes=True,
    ),
    Entry(
        "digests:unsubscribe",
        "get",
        everyone(200, anonymous=200),
        args=lambda cast, objs: [objs["token"]],
    ),
    Entry(
        "digests:unsubscribe",
        "post",
        everyone(200, anonymous=200),
        args=lambda cast, objs: [objs["token"]],
        label="one-click unsubscribe: the token is the authority",
    ),
]


def objects(cast) -> dict:
    return {"token": make_token(cast.mona)}


def fingerprint():
    return sorted(DigestPreference.objects.values_list("user_id", "frequency"))
