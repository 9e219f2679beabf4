"""Access entries for training: the library, collections, a session's page and its files.
Objects come from tests/access/training.py.

- The library and the list of collections: every signed-in member.
- A published session, its video, captions and handouts: every signed-in member.
- A draft: project workers and admins only (everyone else 404).
- An archived session: project workers, admins and Mona (she has a learning record for
  it); Sid and the others 404.
- A collection holding only drafts: project workers and admins only.
- A session with a link has no upload or captions to serve: 404 for everyone.

Files of drafts and archived sessions use `tl_draft` and `tl_archived` from `objects()`
below (uploads with captions and a handout; Mona has a record for `tl_archived`).
"""

from django.core.files.base import ContentFile

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401
from tests.access.training import PDF_BYTES
from tests.factories import make_learning_record, make_session
from training.models import Handout

UNKNOWN = lambda c, o: [987654]  # noqa: E731


def _pk(name):
    return lambda c, o: [o[name].pk]


def by_role(**expect):
    return {"anonymous": LOGIN, **expect}


WORKERS_ONLY = by_role(sid=404, mona=404, bea=404, pat=404, will=200, ada=200)
ARCHIVED = by_role(sid=404, mona=200, bea=404, pat=404, will=200, ada=200)


def _file_entries(name: str, published: str, draft: str, archived: str) -> list[Entry]:
    return [
        Entry(name, "get", everyone(200), args=_pk(published)),
        Entry(name, "get", WORKERS_ONLY, args=_pk(draft), label="draft"),
        Entry(name, "get", ARCHIVED, args=_pk(archived), label="archived"),
        Entry(name, "get", everyone(404), args=UNKNOWN, label="unknown"),
    ]


ENTRIES: list[Entry] = [
    Entry("training:library", "get", everyone(200)),
    Entry("training:collection_list", "get", everyone(200)),
    Entry("training:collection_detail", "get", everyone(200), args=_pk("t_collection")),
    Entry(
        "training:collection_detail",
        "get",
        WORKERS_ONLY,
        args=_pk("t_draft_collection"),
        label="only drafts",
    ),
    Entry("training:collection_detail", "get", everyone(404), args=UNKNOWN, label="unknown"),
    # A session's page.
    *_file_entries("training:session_detail", "t_session", "t_draft", "t_archived"),
    Entry("training:session_detail", "get", everyone(200), args=_pk("t_link"), label="link"),
    # Its files.
    *_file_entries("training:session_video", "t_session", "tl_draft", "tl_archived"),
    Entry("training:session_video", "get", everyone(404), args=_pk("t_link"), label="link"),
    *_file_entries("training:session_captions", "t_session", "tl_draft", "tl_archived"),
    Entry("training:session_captions", "get", everyone(404), args=_pk("t_link"), label="link"),
    *_file_entries("training:handout", "t_handout", "tl_draft_handout", "tl_archived_handout"),
]


def _handout(session) -> Handout:
    handout = Handout(session=session, title="Notes", content_type="application/pdf")
    handout.file.save("notes.pdf", ContentFile(PDF_BYTES), save=False)
    handout.size = len(PDF_BYTES)
    handout.save()
    return handout


def objects(cast) -> dict:
    draft = make_session(status="draft", upload=True, title="Draft with a video")
    archived = make_session(status="archived", upload=True, title="Archived with a video")
    make_learning_record(cast.mona, archived)
    return {
        "tl_draft": draft,
        "tl_archived": archived,
        "tl_draft_handout": _handout(draft),
        "tl_archived_handout": _handout(archived),
    }
