"""Access entries for the local services directory (see localservices/access.py).

- The list, an entry, suggesting a correction and "your suggestions": every signed-in
  member.
- Adding an entry: Pat (partner), Will and Ada; care home members (Sid, Mona, Bea) 403.
- Maintaining `ls_service` (it covers Southampton, inside Pat's ICB area): Pat, Will and
  Ada; care home members 403. `ls_far` covers an area outside Pat's: Pat 403 too.
- The suggestions to review: Pat, Will and Ada; care home members 403.
- `ls_suggestion` (Sid's, on `ls_service`): Sid and the maintainers see it; Mona and
  Bea 404. Deciding it: maintainers; Sid 403. `ls_far_suggestion` (Bea's, on `ls_far`):
  Pat 404 (neither hers nor an entry she maintains).
"""

from localservices.models import LocalService, Suggestion
from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401
from tests.factories import AreaFactory
from tests.localservices.helpers import form_data, make_service

UNKNOWN = lambda c, o: [987654]  # noqa: E731


def by_role(**expect):
    return {"anonymous": LOGIN, **expect}


def _pk(name):
    return lambda c, o: [o[name].pk]


HOMES_403 = {"sid": 403, "mona": 403, "bea": 403}
MAINTAIN = by_role(**HOMES_403, pat=200, will=200, ada=200)
MAINTAIN_POST = by_role(**HOMES_403, pat=302, will=302, ada=302)
WORKERS_ONLY = by_role(**HOMES_403, pat=403, will=200, ada=200)
WORKERS_ONLY_POST = by_role(**HOMES_403, pat=403, will=302, ada=302)


def objects(cast) -> dict:
    london = AreaFactory(name="London", kind="region")
    far = make_service(areas=[london], name="Camden Falls Team")
    service = make_service(areas=[cast.home_a.area], themes=["falls"])
    return {
        "ls_service": service,
        "ls_far": far,
        "ls_suggestion": Suggestion.objects.create(
            service=service, suggested_by=cast.sid, what_is_wrong="The phone number is old"
        ),
        "ls_far_suggestion": Suggestion.objects.create(
            service=far, suggested_by=cast.bea, what_is_wrong="It has moved"
        ),
    }


def fingerprint():
    return (
        sorted(
            LocalService.objects.values_list(
                "pk", "name", "phone", "is_active", "last_reviewed_on", "last_reviewed_by"
            )
        ),
        sorted(LocalService.contacts.through.objects.values_list("localservice_id", "user_id")),
        sorted(Suggestion.objects.values_list("pk", "status", "decline_reason")),
    )


def _edit_data(c, o, u):
    return form_data([c.home_a.area_id], name="Falls Prevention Service (changed)")


def _decline(c, o, u):
    return {"decision": "decline", "reason": "The number is right"}


ENTRIES: list[Entry] = [
    Entry("localservices:service_list", "get", everyone(200)),
    Entry("localservices:service_add", "get", MAINTAIN),
    Entry(
        "localservices:service_add",
        "post",
        MAINTAIN_POST,
        data=lambda c, o, u: form_data([c.home_a.area_id]),
        writes=True,
    ),
    Entry("localservices:service_detail", "get", everyone(200), args=_pk("ls_service")),
    Entry("localservices:service_detail", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("localservices:service_edit", "get", MAINTAIN, args=_pk("ls_service")),
    Entry("localservices:service_edit", "get", WORKERS_ONLY, args=_pk("ls_far"), label="far"),
    Entry("localservices:service_edit", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry(
        "localservices:service_edit",
        "post",
        MAINTAIN_POST,
        args=_pk("ls_service"),
        data=_edit_data,
        writes=True,
    ),
    Entry(
        "localservices:service_edit",
        "post",
        WORKERS_ONLY_POST,
        args=_pk("ls_far"),
        data=_edit_data,
        writes=True,
        label="far",
    ),
    Entry("localservices:service_contacts", "get", MAINTAIN, args=_pk("ls_service")),
    Entry(
        "localservices:service_contacts",
        "post",
        MAINTAIN_POST,
        args=_pk("ls_service"),
        data=lambda c, o, u: {"person": c.mona.pk, "action": "add"},
        writes=True,
    ),
    Entry(
        "localservices:service_checked",
        "post",
        MAINTAIN_POST,
        args=_pk("ls_service"),
        writes=True,
    ),
    Entry(
        "localservices:service_checked",
        "post",
        WORKERS_ONLY_POST,
        args=_pk("ls_far"),
        writes=True,
        label="far",
    ),
    Entry(
        "localservices:service_active",
        "post",
        MAINTAIN_POST,
        args=_pk("ls_service"),
        data=lambda c, o, u: {"active": "0"},
        writes=True,
    ),
    Entry("localservices:service_active", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("localservices:suggest", "get", everyone(200), args=_pk("ls_service")),
    Entry(
        "localservices:suggest",
        "post",
        everyone(302),
        args=_pk("ls_far"),
        data=lambda c, o, u: {"part": "contact", "what_is_wrong": "The email bounces"},
    ),
    Entry("localservices:suggest", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("localservices:suggestion_list", "get", MAINTAIN),
    Entry("localservices:my_suggestions", "get", everyone(200)),
    Entry(
        "localservices:suggestion_detail",
        "get",
        by_role(sid=200, mona=404, bea=404, pat=200, will=200, ada=200),
        args=_pk("ls_suggestion"),
    ),
    Entry(
        "localservices:suggestion_detail",
        "get",
        by_role(sid=404, mona=404, bea=200, pat=404, will=200, ada=200),
        args=_pk("ls_far_suggestion"),
        label="far",
    ),
    Entry(
        "localservices:suggestion_detail",
        "post",
        by_role(sid=403, mona=404, bea=404, pat=302, will=302, ada=302),
        args=_pk("ls_suggestion"),
        data=_decline,
        writes=True,
    ),
    Entry(
        "localservices:suggestion_detail",
        "post",
        by_role(sid=404, mona=404, bea=403, pat=404, will=302, ada=302),
        args=_pk("ls_far_suggestion"),
        data=_decline,
        writes=True,
        label="far",
    ),
]
