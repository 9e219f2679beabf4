"""Shared pieces of the access matrix: the roles, the Entry record and expectation helpers.

Each area of the portal lists its URLs in its own module in this package (ENTRIES, and
`objects(cast)` for the rows its URLs point at); tests/test_access_matrix.py runs them all.
Roles (see tests/conftest.py): anonymous; Sid, staff at home A; Mona, manager at home A;
Bea, manager at home B (an outsider to A); Pat, ICB partner; Will, project worker; Ada,
network admin.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ["anonymous", "sid", "mona", "bea", "pat", "will", "ada"]
LOGIN = "login"  # redirected to the sign-in page


@dataclass
class Entry:
    name: str
    method: str
    expect: dict[str, int | str]
    args: Callable = lambda cast, objs: []
    data: Callable = lambda cast, objs, user: {}
    writes: bool = False
    label: str = ""
    extra: dict = field(default_factory=dict)


def everyone(status, anonymous=LOGIN):
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], status)}


def home_a_managers(ok, *, staff=403):
    return {
        "anonymous": LOGIN,
        "sid": staff,
        "mona": ok,
        "bea": 404,
        "pat": 404,
        "will": ok,
        "ada": ok,
    }


def sid_membership(cast, objs):
    return [cast.home_a.pk, cast.sid.memberships.get().pk]
