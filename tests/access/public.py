"""Access entries for the public learning pages (/learn/, /sitemap.xml, /robots.txt).
Objects come from tests/public/items.py.

- Public pages and their files: everyone, signed in or not, gets 200 for a public item and
  404 for one that is not public (a draft, an archived or a members-only session, a shared
  case study not made public).
- sitemap.xml and robots.txt: everyone.
- Making public (or not): project workers and admins. Others who may see the item get 403;
  those who may not see it (a draft session, a home-only project outside their home) 404.
"""

from publicpages.paths import case_study_path, collection_path, session_path  # noqa: F401
from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401
from tests.public.items import public_items

UNKNOWN = lambda c, o: [987654]  # noqa: E731


def _pk(name):
    return lambda c, o: [o[name].pk]


def _page(name):
    """The item's number and its right slug."""
    from publicpages.paths import slug_for

    return lambda c, o: [o[name].pk, slug_for(o[name].title, "x")]


def by_role(**expect):
    return {"anonymous": LOGIN, **expect}


OPEN = dict.fromkeys(ROLES, 200)
GONE = dict.fromkeys(ROLES, 404)


def workers(ok, *, others=403, **special):
    expect = dict.fromkeys(["sid", "mona", "bea", "pat"], others)
    return by_role(**{**expect, "will": ok, "ada": ok, **special})


def _make_public(c, o, u):
    return {"action": "public"}


def _make_private(c, o, u):
    return {"action": "private"}


def _collection_public(c, o, u):
    return {"action": "public", "with_sessions": "on"}


def fingerprint():
    from qi_cycles.models import Project
    from training.models import Collection, Session

    return (
        sorted(Session.objects.values_list("pk", "is_public")),
        sorted(Collection.objects.values_list("pk", "is_public")),
        sorted(Project.objects.values_list("pk", "is_public")),
    )


ENTRIES: list[Entry] = [
    Entry("public:index", "get", OPEN),
    Entry("sitemap", "get", OPEN),
    Entry("robots_txt", "get", OPEN),
    # Sessions.
    Entry("public:session", "get", OPEN, args=_page("p_session")),
    Entry("public:session", "get", GONE, args=_page("p_draft"), label="draft"),
    Entry("public:session", "get", GONE, args=_page("p_archived"), label="archived"),
    Entry("public:session", "get", GONE, args=_page("p_members_session"), label="members"),
    Entry("public:session_video", "get", OPEN, args=_pk("p_session")),
    Entry("public:session_video", "get", GONE, args=_pk("p_members_session"), label="members"),
    Entry("public:session_captions", "get", OPEN, args=_pk("p_session")),
    Entry("public:session_captions", "get", GONE, args=_pk("p_archived"), label="archived"),
    Entry("public:handout", "get", OPEN, args=_pk("p_handout")),
    Entry("public:handout", "get", GONE, args=UNKNOWN, label="unknown"),
    # Collections.
    Entry("public:collection", "get", OPEN, args=_page("p_collection")),
    Entry("public:collection", "get", GONE, args=_page("p_empty_collection"), label="empty"),
    Entry("public:collection", "get", GONE, args=_page("p_members_collection"), label="members"),
    # Case studies.
    Entry("public:case_study", "get", OPEN, args=_page("p_named")),
    Entry("public:case_study", "get", OPEN, args=_page("p_unnamed"), label="unnamed"),
    Entry("public:case_study", "get", GONE, args=_page("p_shared"), label="not public"),
    Entry("public:case_study", "get", GONE, args=_page("p_home_only"), label="home only"),
    # Making public.
    Entry("public:manage_session", "get", workers(200), args=_pk("p_members_session")),
    Entry(
        "public:manage_session",
        "post",
        workers(302),
        args=_pk("p_members_session"),
        data=_make_public,
        writes=True,
    ),
    Entry(
        "public:manage_session",
        "post",
        workers(302, others=404),
        args=_pk("p_draft"),
        data=_make_private,
        writes=True,
        label="draft",
    ),
    Entry("public:manage_collection", "get", workers(200), args=_pk("p_members_collection")),
    Entry(
        "public:manage_collection",
        "post",
        workers(302),
        args=_pk("p_members_collection"),
        data=_collection_public,
        writes=True,
    ),
    Entry("public:manage_case_study", "get", workers(200), args=_pk("p_shared")),
    Entry(
        "public:manage_case_study",
        "post",
        workers(302),
        args=_pk("p_shared"),
        data=_make_public,
        writes=True,
    ),
    Entry(
        "public:manage_case_study",
        "get",
        workers(200, others=404, sid=403, mona=403),
        args=_pk("p_home_only"),
        label="home only",
    ),
]


def objects(cast) -> dict:
    return public_items(cast)
