"""Access entries for training: authoring (project workers add, change, publish and collect
sessions). Objects come from tests/access/training.py, plus `ta_event` (a past event with
a YouTube recording link), `ta_event_no_recording` and `ta_draft_handout` below.

- Pages about no one session (manage, add a session, add a collection): project workers
  and admins; everyone else signed in 403.
- A published session, or a collection learners can see: project workers and admins;
  everyone else 403.
- A draft session, or a collection holding only drafts: project workers and admins;
  everyone else 404.
- An archived session: 403 for Mona (her learning record lets her see it), 404 for the
  others who are not project workers.
- Making a session from an event: project workers and admins (any signed-in member may see
  the event: 403); an event with no recording link 404.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from network.models import Event, EventKind
from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401
from tests.access.training import PDF_BYTES
from training.models import Collection, CollectionItem, Handout, Session

UNKNOWN = lambda c, o: [987654]  # noqa: E731


def _pk(name):
    return lambda c, o: [o[name].pk]


def by_role(**expect):
    return {"anonymous": LOGIN, **expect}


def workers(ok, *, others=403, **special):
    """Project workers and admins get `ok`; everyone else signed in `others`, unless
    named in `special`."""
    expect = dict.fromkeys(["sid", "mona", "bea", "pat"], others)
    return by_role(**{**expect, "will": ok, "ada": ok, **special})


def _session_data(c, o, u):
    return {
        "title": "Hydration basics",
        "summary": "Helping residents drink enough through the day.",
        "presenter": "Sam Lee, dietitian",
        "recorded_on_day": "1",
        "recorded_on_month": "9",
        "recorded_on_year": "2026",
        "duration_minutes": "20",
        "source": "link",
        "video_url": "https://youtu.be/dQw4w9WgXcQ",
    }


def _handout_data(c, o, u):
    return {
        "title": "Slides",
        "file": SimpleUploadedFile("slides.pdf", PDF_BYTES, content_type="application/pdf"),
    }


def _collection_data(c, o, u):
    return {"title": "Falls prevention", "summary": "Three short sessions."}


ENTRIES: list[Entry] = [
    # The manage page and adding a session.
    Entry("training:manage", "get", workers(200)),
    Entry("training:session_create", "get", workers(200)),
    Entry("training:session_create", "post", workers(302), data=_session_data, writes=True),
    # Changing a session.
    Entry("training:session_edit", "get", workers(200), args=_pk("t_session")),
    Entry(
        "training:session_edit", "get", workers(200, others=404), args=_pk("t_draft"), label="draft"
    ),
    Entry(
        "training:session_edit",
        "get",
        workers(200, others=404, mona=403),
        args=_pk("t_archived"),
        label="archived",
    ),
    Entry("training:session_edit", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry(
        "training:session_edit",
        "post",
        workers(302),
        args=_pk("t_link"),
        data=_session_data,
        writes=True,
    ),
    Entry(
        "training:session_edit",
        "post",
        workers(302, others=404),
        args=_pk("t_draft"),
        data=_session_data,
        writes=True,
        label="draft",
    ),
    # Publishing and archiving.
    Entry("training:session_status", "get", workers(200), args=_pk("t_session")),
    Entry(
        "training:session_status",
        "get",
        workers(200, others=404),
        args=_pk("t_draft"),
        label="draft",
    ),
    Entry(
        "training:session_status",
        "post",
        workers(302),
        args=_pk("t_session"),
        data=lambda c, o, u: {"action": "archive"},
        writes=True,
    ),
    Entry(
        "training:session_status",
        "post",
        # The draft has no video yet: the page says why it cannot be published.
        workers(200, others=404),
        args=_pk("t_draft"),
        data=lambda c, o, u: {"action": "publish"},
        writes=True,
        label="draft with no video",
    ),
    Entry(
        "training:session_status", "post", everyone(404), args=UNKNOWN, writes=True, label="unknown"
    ),
    # Putting a session into a collection from its page.
    Entry(
        "training:session_add_to_collection",
        "post",
        workers(302),
        args=_pk("t_link"),
        data=lambda c, o, u: {"collection": o["t_collection"].pk},
        writes=True,
    ),
    Entry(
        "training:session_add_to_collection",
        "post",
        workers(302, others=404),
        args=_pk("t_draft"),
        data=lambda c, o, u: {"collection": o["t_draft_collection"].pk},
        writes=True,
        label="draft",
    ),
    # Handouts.
    Entry("training:handout_add", "get", workers(200), args=_pk("t_session")),
    Entry(
        "training:handout_add", "get", workers(200, others=404), args=_pk("t_draft"), label="draft"
    ),
    Entry(
        "training:handout_add",
        "post",
        workers(302),
        args=_pk("t_session"),
        data=_handout_data,
        writes=True,
    ),
    Entry("training:handout_delete", "get", workers(200), args=_pk("t_handout")),
    Entry(
        "training:handout_delete",
        "get",
        workers(200, others=404),
        args=_pk("ta_draft_handout"),
        label="draft",
    ),
    Entry("training:handout_delete", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("training:handout_delete", "post", workers(302), args=_pk("t_handout"), writes=True),
    Entry(
        "training:handout_delete",
        "post",
        workers(302, others=404),
        args=_pk("ta_draft_handout"),
        writes=True,
        label="draft",
    ),
    # Collections.
    Entry("training:collection_create", "get", workers(200)),
    Entry("training:collection_create", "post", workers(302), data=_collection_data, writes=True),
    Entry("training:collection_edit", "get", workers(200), args=_pk("t_collection")),
    Entry(
        "training:collection_edit",
        "get",
        workers(200, others=404),
        args=_pk("t_draft_collection"),
        label="only drafts",
    ),
    Entry("training:collection_edit", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry(
        "training:collection_edit",
        "post",
        workers(302),
        args=_pk("t_collection"),
        data=_collection_data,
        writes=True,
    ),
    Entry("training:collection_items", "get", workers(200), args=_pk("t_collection")),
    Entry(
        "training:collection_items",
        "get",
        workers(200, others=404),
        args=_pk("t_draft_collection"),
        label="only drafts",
    ),
    Entry(
        "training:collection_items",
        "post",
        workers(302),
        args=_pk("t_collection"),
        data=lambda c, o, u: {"action": "add", "add-session": o["t_link"].pk},
        writes=True,
    ),
    Entry(
        "training:collection_items",
        "post",
        workers(302, others=404),
        args=_pk("t_draft_collection"),
        data=lambda c, o, u: {"action": "remove", "item": o["t_draft_collection"].items.get().pk},
        writes=True,
        label="only drafts",
    ),
    # A session from an event's recording.
    Entry("training:session_from_event", "get", workers(200), args=_pk("ta_event")),
    Entry(
        "training:session_from_event",
        "get",
        workers(404),
        args=_pk("ta_event_no_recording"),
        label="no recording",
    ),
    Entry("training:session_from_event", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry(
        "training:session_from_event",
        "post",
        workers(302),
        args=_pk("ta_event"),
        data=_session_data,
        writes=True,
    ),
]


def objects(cast) -> dict:
    starts = timezone.now() - timedelta(days=7)
    event = {
        "kind": EventKind.PEER_SUPPORT,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
    }
    draft = Session.objects.get(status=Session.Status.DRAFT)
    handout = Handout(session=draft, title="Draft notes", content_type="application/pdf")
    handout.file.save("notes.pdf", ContentFile(PDF_BYTES), save=False)
    handout.size = len(PDF_BYTES)
    handout.save()
    return {
        "ta_event": Event.objects.create(
            title="Network meeting", recording_url="https://youtu.be/dQw4w9WgXcQ", **event
        ),
        "ta_event_no_recording": Event.objects.create(title="Peer support", **event),
        "ta_draft_handout": handout,
    }


def fingerprint():
    """The training rows project workers change (refused writes must leave them alone)."""
    return (
        sorted(
            Session.objects.values_list(
                "pk", "status", "title", "video_file", "video_url", "captions", "published_at"
            )
        ),
        sorted(Handout.objects.values_list("pk", "title", "file")),
        sorted(Collection.objects.values_list("pk", "title", "summary")),
        sorted(CollectionItem.objects.values_list("pk", "collection_id", "session_id", "position")),
    )
