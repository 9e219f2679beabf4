"""Access entries for the privacy pages.

A person's own data and erasure request are everyone's own: another person's request id
answers 404. Erasure requests, erasing someone and the retention setting are for network
admins only (everyone else signed in gets 403).
"""

from privacy.models import ErasureRequest, RetentionSetting
from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401


def admins_only(ok):
    return {**everyone(403), "ada": ok}


def mona_only(ok):
    return {**everyone(404), "mona": ok}


ENTRIES: list[Entry] = [
    Entry("privacy:your_data", "get", everyone(200)),
    Entry("privacy:download_json", "get", everyone(200)),
    Entry("privacy:download_csv", "get", everyone(200)),
    Entry("privacy:request_erasure", "get", everyone(200)),
    Entry(
        "privacy:request_erasure",
        "post",
        # Mona already has an open request: the form refuses a second one (200).
        {**everyone(302), "mona": 200},
        data=lambda cast, objs, user: {"understand": "on", "reason": "left_job"},
        writes=True,
    ),
    Entry(
        "privacy:request_erasure",
        "post",
        everyone(200),
        data=lambda cast, objs, user: {"reason": "left_job"},
        writes=True,
        label="box not ticked",
    ),
    Entry(
        "privacy:withdraw_request",
        "post",
        mona_only(302),
        args=lambda cast, objs: [objs["request"].pk],
        writes=True,
    ),
    Entry("privacy:erasure_requests", "get", admins_only(200)),
    Entry(
        "privacy:decline_request",
        "post",
        admins_only(302),
        args=lambda cast, objs: [objs["request"].pk],
        writes=True,
    ),
    Entry("privacy:erase_person", "get", admins_only(200), args=lambda cast, objs: [cast.sid.pk]),
    Entry(
        "privacy:erase_person",
        "get",
        admins_only(404),
        args=lambda cast, objs: [objs["nobody"]],
        label="no such person",
    ),
    Entry(
        "privacy:erase_person",
        "post",
        admins_only(302),
        args=lambda cast, objs: [cast.sid.pk],
        writes=True,
    ),
    Entry(
        "privacy:erase_person",
        "post",
        admins_only(200),
        args=lambda cast, objs: [cast.ada.pk],
        writes=True,
        label="yourself",
    ),
    Entry("privacy:retention", "get", admins_only(200)),
    Entry(
        "privacy:retention",
        "post",
        admins_only(302),
        data=lambda cast, objs, user: {"months": "12"},
        writes=True,
    ),
    Entry(
        "privacy:retention",
        "post",
        admins_only(200),
        data=lambda cast, objs, user: {"months": "3"},
        writes=True,
        label="under 6 months",
    ),
]


def objects(cast) -> dict:
    from network.models import User

    return {
        "request": ErasureRequest.objects.create(user=cast.mona, reason="left_job"),
        "nobody": (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 100,
    }


def fingerprint():
    from network.models import User

    return (
        sorted(ErasureRequest.objects.values_list("pk", "user_id", "status")),
        sorted(RetentionSetting.objects.values_list("pk", "months")),
        sorted(User.objects.values_list("pk", "email", "password")),
    )
