"""Reads for the training library: the list and its search, collections, a session's page,
the files a session serves and the sessions a need's page suggests.

Who may see what is decided in training.access; everything here starts from its querysets.
Search is full-text on PostgreSQL (the GIN index in migration 0002 covers exactly
`search_vector()`), and a plain "contains" on every word elsewhere, such as SQLite.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import reduce
from itertools import combinations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from network.models import Theme, User
from training import access
from training.embeds import STREAM, VideoLink, parse_video_link
from training.models import Collection, CollectionItem, Handout, LearningRecord, Session

COMPLETED, STARTED = "completed", "started"
PROGRESS_LABELS = {COMPLETED: "Completed", STARTED: "Started"}

# Handout types people know by name (the validator only lets these in).
HANDOUT_KINDS = {
    "application/pdf": ("PDF", "pdf"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Word document",
        "docx",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PowerPoint",
        "pptx",
    ),
}

# Words too common in needs and sessions to say what a need is about.
STOP_WORDS = frozenset(
    """about after again also because been before being better between could does doing
    during each every from getting have having help helping ideas into keeping less making
    many more most much need needs other over people really same should some such support
    than that their them then there these they this those through training under until using very
    want what when where which while with work working would your ours staff home homes
    care carer carers resident residents""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


# --- Search -----------------------------------------------------------------------------


def search_vector() -> SearchVector:
    """The exact expression of the GIN index (training/migrations/0002), so Postgres uses it."""
    return SearchVector("title", "summary", "presenter", "transcript", config="english")


def _is_postgres(qs: QuerySet) -> bool:
    return connections[qs.db].vendor == "postgresql"


def search_sessions(qs: QuerySet[Session], q: str) -> QuerySet[Session]:
    """Sessions whose title, summary, presenter or transcript match `q`: a web-style search
    ("falls -night", "\"mouth care\"") on PostgreSQL; elsewhere every word must appear."""
    q = (q or "").strip()
    if not q:
        return qs
    if _is_postgres(qs):
        query = SearchQuery(q, config="english", search_type="websearch")
        return qs.annotate(search=search_vector()).filter(search=query)
    for word in q.split()[:8]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(presenter__icontains=word)
            | Q(transcript__icontains=word)
        )
    return qs


# --- What each row shows ----------------------------------------------------------------


def length_label(minutes: int | None) -> str:
    """25 -> "25 minutes", 60 -> "1 hour", 95 -> "1 hour 35 minutes"."""
    if not minutes:
        return "Under a minute"
    hours, mins = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


def size_label(size: int) -> str:
    """Bytes as people read them: "120 KB", "3.4 MB"."""
    if size < 1024:
        return "less than 1 KB" if size else "0 KB"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def handout_kind(content_type: str) -> str:
    return HANDOUT_KINDS.get(content_type, ("File", ""))[0]


def handout_filename(handout: Handout) -> str:
    """A safe download name from the title: letters, digits and hyphens, then the type's
    extension ("Falls checklist" -> "falls-checklist.pdf")."""
    from django.utils.text import slugify

    stem = slugify(handout.title)[:80].strip("-") or "handout"
    extension = HANDOUT_KINDS.get(handout.content_type, ("", ""))[1]
    return f"{stem}.{extension}" if extension else stem


def progress_by_session(user: User, session_ids) -> dict[int, str]:
    """{session id: COMPLETED or STARTED} for this person, in one query."""
    ids = list(session_ids)
    if not ids or not user.is_authenticated:
        return {}
    rows = LearningRecord.objects.filter(user=user, session_id__in=ids).values_list(
        "session_id", "completed_at"
    )
    return {session_id: COMPLETED if done else STARTED for session_id, done in rows}


def present_rows(user: User, sessions) -> list[Session]:
    """Adds `progress` ("completed", "started" or ""), `progress_label`, `length` and
    `has_captions` to each session (one query for the person's records)."""
    sessions = list(sessions)
    progress = progress_by_session(user, (s.pk for s in sessions))
    for session in sessions:
        session.progress = progress.get(session.pk, "")
        session.progress_label = PROGRESS_LABELS.get(session.progress, "")
        session.length = length_label(session.duration_minutes)
        session.has_captions = bool(session.captions)
    return sessions


def _themes_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(f"{prefix}themes", Theme.objects.order_by("name"))


# --- The library ------------------------------------------------------------------------


def library(*, q: str = "", theme: Theme | None = None) -> QuerySet[Session]:
    """Published sessions, newest first, with their themes (one extra query per page).
    The library is the same for everyone signed in: drafts and archived sessions are never
    listed here, not even to project workers (they have the manage page)."""
    sessions = access.published_sessions().prefetch_related(_themes_prefetch())
    if theme is not None:
        sessions = sessions.filter(themes=theme)
    sessions = search_sessions(sessions, q)
    return sessions.order_by("-published_at", "-pk")


def library_themes() -> QuerySet[Theme]:
    """Themes with at least one published session, for the filter."""
    return Theme.objects.filter(
        Exists(
            Session.themes.through.objects.filter(
                theme=OuterRef("pk"), session__status=Session.Status.PUBLISHED
            )
        )
    ).order_by("name")


def _item_sessions(user: User) -> Q:
    """Which sessions in a collection this person sees: project workers all of them,
    everyone else the published ones."""
    if access.can_manage(user):
        return Q()
    return Q(session__status=Session.Status.PUBLISHED)


def _count(rows: QuerySet, group: str) -> Coalesce:
    counted = rows.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def collections(user: User) -> QuerySet[Collection]:
    """Collections this person may open, each with `session_count` (sessions they see in
    it) and `completed_count` (those they have completed), in one query."""
    items = CollectionItem.objects.filter(_item_sessions(user), collection=OuterRef("pk"))
    done = items.filter(
        Exists(
            LearningRecord.objects.filter(
                user=user, session=OuterRef("session"), completed_at__isnull=False
            )
        )
    )
    return (
        access.visible_collections(user)
        .annotate(
            session_count=_count(items, "collection"),
            completed_count=_count(done, "collection"),
        )
        .order_by("title", "pk")
    )


@dataclass
class CollectionPage:
    collection: Collection
    sessions: list[Session]
    completed: int

    @property
    def total(self) -> int:
        return len(self.sessions)

    @property
    def up_next(self) -> Session | None:
        """The first session in order the person has not completed."""
        return next((s for s in self.sessions if s.progress != COMPLETED), None)


def collection_page(user: User, collection: Collection) -> CollectionPage:
    """The sessions in a collection, in order, as this person sees them (3 queries)."""
    items = (
        collection.items.filter(_item_sessions(user))
        .select_related("session")
        .prefetch_related(_themes_prefetch("session__"))
        .order_by("position", "pk")
    )
    sessions = []
    for number, item in enumerate(items, start=1):
        item.session.part = number
        sessions.append(item.session)
    present_rows(user, sessions)
    completed = sum(1 for s in sessions if s.progress == COMPLETED)
    return CollectionPage(collection=collection, sessions=sessions, completed=completed)


# --- A session's page -------------------------------------------------------------------


@dataclass
class Part:
    """Where the session sits in one collection: "Part 2 of 5", with its neighbours."""

    collection: Collection
    number: int
    total: int
    previous: Session | None
    next: Session | None


@dataclass
class SessionPage:
    session: Session
    themes: list[Theme]
    handouts: list[Handout]
    parts: list[Part]
    video: str  # "upload", "embed", "stream" or "" (no video)
    link: VideoLink | None = None
    length: str = ""
    status_note: str = ""


STATUS_NOTES = {
    Session.Status.DRAFT: "Draft: only project workers can see this",
    Session.Status.ARCHIVED: "Archived: no longer in the library",
}


def _video_of(session: Session) -> tuple[str, VideoLink | None]:
    if session.has_upload:
        return "upload", None
    if session.has_link:
        try:
            link = parse_video_link(session.video_url)
        except ValidationError:
            return "", None
        if link.embeddable:
            return "embed", link
        if link.provider == STREAM:
            return "stream", link
    return "", None


def _parts(user: User, session: Session) -> list[Part]:
    """Each collection holding this session, with the sessions this person sees in it
    around this one (one query for all of them)."""
    in_same = CollectionItem.objects.filter(
        collection__in=CollectionItem.objects.filter(session=session).values("collection")
    )
    items = (
        in_same.filter(_item_sessions(user))
        .select_related("collection", "session")
        .order_by("collection__title", "collection_id", "position", "pk")
    )
    grouped: dict[int, list[CollectionItem]] = {}
    for item in items:
        grouped.setdefault(item.collection_id, []).append(item)
    parts = []
    for group in grouped.values():
        ids = [item.session_id for item in group]
        if session.pk not in ids:
            continue  # an archived session a learner still has: not part of it any more
        index = ids.index(session.pk)
        parts.append(
            Part(
                collection=group[0].collection,
                number=index + 1,
                total=len(group),
                previous=group[index - 1].session if index > 0 else None,
                next=group[index + 1].session if index + 1 < len(group) else None,
            )
        )
    return parts


def session_page(user: User, session: Session) -> SessionPage:
    """Everything a session's page shows about the session (3 queries: themes, handouts,
    collections). The person's learning record comes from training.selectors_learning."""
    video, link = _video_of(session)
    handouts = list(session.handouts.order_by("title", "pk"))
    for handout in handouts:
        handout.kind = handout_kind(handout.content_type)
        handout.size_label = size_label(handout.size)
    return SessionPage(
        session=session,
        themes=list(session.themes.order_by("name")),
        handouts=handouts,
        parts=_parts(user, session),
        video=video,
        link=link,
        length=length_label(session.duration_minutes),
        status_note=STATUS_NOTES.get(session.status, ""),
    )


def get_handout(user: User, pk: int) -> Handout:
    """A handout of a session this person may see; 404 otherwise."""
    return get_object_or_404(
        Handout.objects.select_related("session").filter(session__in=access.visible_sessions(user)),
        pk=pk,
    )


# --- Training that may help with a need --------------------------------------------------


def need_words(title: str, count: int = 4) -> list[str]:
    """The few longest words in a need's title that say what it is about."""
    words = {w.lower().strip("'-") for w in _WORD.findall(title or "")}
    useful = [w for w in words if len(w) >= 4 and w not in STOP_WORDS]
    return sorted(useful, key=lambda w: (-len(w), w))[:count]


def _word_matches(qs: QuerySet[Session], words: list[str]) -> QuerySet[Session]:
    """Sessions mentioning two of the words (or the only one): one shared word alone,
    somewhere in a long transcript, says little."""
    groups = list(combinations(words, 2)) or [(words[0],)]
    if _is_postgres(qs):
        query = reduce(
            operator.or_,
            (reduce(operator.and_, (SearchQuery(w, config="english") for w in g)) for g in groups),
        )
        return qs.annotate(search=search_vector()).filter(search=query)

    def mentions(word: str) -> Q:
        return Q(title__icontains=word) | Q(summary__icontains=word) | Q(transcript__icontains=word)

    return qs.filter(
        reduce(operator.or_, (reduce(operator.and_, map(mentions, g)) for g in groups))
    )


def sessions_for_need(need, limit: int = 3, *, themes=None) -> list[Session]:
    """Up to `limit` published sessions that may help with a need: first those sharing the
    most of its themes (newest first), then those whose words match its title. One query,
    or two when the themes find fewer than `limit`. Pass `themes` when they are loaded.

    Words: the few longest telling words of the title; a session must mention two of them
    (full-text with stemming on PostgreSQL, using the search index; "contains" elsewhere)."""
    published = access.published_sessions().order_by()
    theme_ids = [t.pk for t in themes] if themes is not None else need.themes.values("pk")
    found: list[Session] = []
    if themes is None or theme_ids:
        found = list(
            published.filter(themes__in=theme_ids)
            .annotate(shared=Count("themes", distinct=True))
            .order_by("-shared", "-published_at", "-pk")[:limit]
        )
    words = need_words(need.title)
    if len(found) < limit and words:
        more = _word_matches(published.exclude(pk__in=[s.pk for s in found]), words)
        found += list(more.order_by("-published_at", "-pk")[: limit - len(found)])
    for session in found:
        session.length = length_label(session.duration_minutes)
    return found
