"""What project workers' pages read: the manage list, a collection's order, the rest of a
session's edit page, and what an event's recording gives a new session.

Callers have already asked training.access whether the person may manage training."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from network.models import Event
from training.embeds import parse_video_link
from training.models import Collection, CollectionItem, Session

STATUS_ORDER = [Session.Status.DRAFT, Session.Status.PUBLISHED, Session.Status.ARCHIVED]
STATUS_HEADINGS = {
    Session.Status.DRAFT: "Drafts",
    Session.Status.PUBLISHED: "Published",
    Session.Status.ARCHIVED: "Archived",
}


def _status_rank():
    return Case(
        *(When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)),
        output_field=IntegerField(),
    )


def manage_sessions(status: str = "") -> QuerySet[Session]:
    """Every session (or those in one status): drafts first, then published, then
    archived; the most recently changed first within each."""
    qs = Session.objects.all()
    if status:
        qs = qs.filter(status=status)
    return (
        qs.annotate(status_rank=_status_rank(), collection_count=Count("collection_items"))
        .prefetch_related("themes")
        .order_by("status_rank", "-updated_at", "-pk")
    )


def status_counts() -> dict[str, int]:
    """How many sessions are in each status, in one query."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    rows = Session.objects.values_list("status").annotate(n=Count("pk")).order_by()
    for status, n in rows:
        counts[status] = n
    return counts


def manage_collections() -> QuerySet[Collection]:
    published = Q(items__session__status=Session.Status.PUBLISHED)
    return Collection.objects.annotate(
        session_count=Count("items"), published_count=Count("items", filter=published)
    ).order_by("title", "pk")


def collection_items(collection: Collection) -> list[CollectionItem]:
    return list(
        CollectionItem.objects.filter(collection=collection)
        .select_related("session")
        .order_by("position", "pk")
    )


def addable_sessions(collection: Collection) -> QuerySet[Session]:
    """Sessions that can go into the collection: not archived and not in it already."""
    return (
        Session.objects.exclude(status=Session.Status.ARCHIVED)
        .exclude(collection_items__collection=collection)
        .order_by("title", "pk")
    )


def collections_without(session: Session) -> QuerySet[Collection]:
    return Collection.objects.exclude(items__session=session).order_by("title", "pk")


def session_page(session: Session) -> dict:
    """The rest of a session's edit page: its handouts and the collections it is in."""
    return {
        "handouts": list(session.handouts.all()),
        "session_collections": list(
            Collection.objects.filter(items__session=session).order_by("title", "pk")
        ),
    }


# --- Made from an event's recording ---------------------------------------------------


@dataclass(frozen=True)
class EventRecording:
    initial: dict
    link_problem: str  # why the recording link cannot be used ("" when it can)
    earlier: list[Session]  # sessions already made from this event


def from_event(event: Event) -> EventRecording:
    """What a session made from the event's recording starts with: its title, the day it
    happened, its themes and description, its length, and the recording link if the link
    is on an allowed host (otherwise the worker uploads the video instead)."""
    starts = timezone.localtime(event.starts_at)
    minutes = int((event.ends_at - event.starts_at).total_seconds() // 60)
    initial = {
        "title": event.title,
        "summary": event.description.strip(),
        "recorded_on": starts.date(),
        "duration_minutes": minutes if 0 < minutes <= 600 else None,
        "themes": list(event.themes.values_list("pk", flat=True)),
    }
    problem = ""
    try:
        parse_video_link(event.recording_url)
    except ValidationError as error:
        problem = " ".join(error.messages)
        initial["source"] = "upload"
    else:
        initial["source"] = "link"
        initial["video_url"] = event.recording_url
    earlier = list(Session.objects.filter(source_event=event).order_by("-created_at", "-pk"))
    return EventRecording(initial=initial, link_problem=problem, earlier=earlier)
