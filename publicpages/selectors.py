"""Reads for the public learning pages: the index, a session, a collection and a case
study, as a visitor without an account sees them. Everything starts from public/access.py.

What a public page never shows (and the tests check on the HTML):

- names of people at care homes: a case study's team, its coach, who ran a cycle, who
  commented (comments are not shown at all), learners, and a session's presenter when the
  presenter's name is the name of someone at a care home in the network ("A member of care
  home staff" instead). Presenters from outside care homes (NHS staff, trainers, the
  network team) are named: they present in that role.
- a home's name, unless its manager agreed when sharing ("A care home in <ICB area>");
  the names of other homes in a collaborative ("and 2 other care homes") and of homes
  that copied or lent an idea (the spread is not shown);
- needs, survey answers, events, PDSA plans (who, where), chart notes (a note can say
  anything: only "new period" marks are kept, as they change the chart's limits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, Lower

from network.models import Area, Theme, User
from network.roles import OrganisationKind
from publicpages import access
from publicpages.paths import case_study_path, collection_path, session_path
from qi_cycles import charts
from qi_cycles.access import HOME_ROLES
from qi_cycles.models import Annotation, ChangeIdea, Cycle, Measure, MeasureValue, Project
from qi_cycles.selectors_measures import cycles_for
from qi_cycles.selectors_sharing import STATUS_TAGS
from training.embeds import VideoLink
from training.models import Collection, CollectionItem, Handout, Session
from training.selectors_library import (
    _video_of,
    handout_filename,
    handout_kind,
    length_label,
    size_label,
)

CARE_HOME_PRESENTER = "A member of care home staff"
DESCRIPTION_LENGTH = 160


def description(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """The first sentences of `text` that fit a link preview (one line, no cut words)."""
    words = " ".join((text or "").split())
    if len(words) <= length:
        return words
    cut = words[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"


def _themes() -> Prefetch:
    return Prefetch("themes", Theme.objects.order_by("name"))


# --- Presenters -----------------------------------------------------------------------------


# Where a presenter line splits into a name, a role and a place: "Sam Lee, dietitian",
# "Sam Lee - senior carer at Oak House", "Sam Lee (nurse) / Ann Cole".
_PARTS = re.compile(r"[,;()/&]|\s[-\u2013\u2014]\s|\s(?:from|at|and|with)\s", re.IGNORECASE)


def _presenter_parts(presenter: str) -> set[str]:
    """The pieces of a presenter line that could be a person's name, in lower case."""
    return {part.strip().lower() for part in _PARTS.split(presenter) if part.strip()}


def care_home_names(presenters: list[str]) -> set[str]:
    """Which pieces of these presenter lines (lower case) are the full name of someone at a
    care home in the network (one query)."""
    names = set().union(*(_presenter_parts(p) for p in presenters if p.strip()))
    if not names:
        return set()
    return set(
        User.objects.annotate(lowered=Lower("full_name"))
        .filter(
            lowered__in=sorted(names),
            memberships__organisation__kind=OrganisationKind.CARE_HOME,
            memberships__role__in=HOME_ROLES,
        )
        .values_list("lowered", flat=True)
    )


def presenter_label(presenter: str, staff_names: set[str]) -> str:
    if _presenter_parts(presenter) & staff_names:
        return CARE_HOME_PRESENTER
    return presenter


# --- Where a case study comes from ----------------------------------------------------------


def icb_area(area: Area | None) -> Area | None:
    """The ICB area a home's area sits in (needs `area__parent` selected): the area itself
    for an ICB area, its parent for a locality, the area for anything else."""
    if area is None:
        return None
    if area.kind == Area.Kind.LOCALITY and area.parent is not None:
        return area.parent
    return area


def home_label(project: Project) -> str:
    """The home's name if its manager agreed to be named on public pages; otherwise "A care
    home in <ICB area>" (needs `home__area__parent` selected)."""
    if project.home_named_publicly:
        return project.home.name
    area = icb_area(project.home.area)
    return f"A care home in {area.name}" if area else "A care home in the network"


# --- The index ------------------------------------------------------------------------------


def _public_count() -> Coalesce:
    rows = (
        CollectionItem.objects.filter(
            collection=OuterRef("pk"),
            session__in=access.public_sessions().values("pk"),
        )
        .order_by()
        .values("collection")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def index() -> dict:
    """Every public item, in 6 queries whatever their number."""
    collections = list(
        access.public_collections().annotate(session_count=_public_count()).order_by("title")
    )
    sessions = list(
        access.public_sessions().prefetch_related(_themes()).order_by("-published_at", "-pk")
    )
    for collection in collections:
        collection.public_path = collection_path(collection)
    for session in sessions:
        session.length = length_label(session.duration_minutes)
        session.public_path = session_path(session)
    case_studies = list(
        access.public_case_studies()
        .select_related("home__area__parent")
        .prefetch_related(_themes())
        .order_by("-made_public_at", "-pk")
    )
    for project in case_studies:
        project.home_label = home_label(project)
        project.public_path = case_study_path(project)
    return {"collections": collections, "sessions": sessions, "case_studies": case_studies}


# --- A session --------------------------------------------------------------------------------


@dataclass
class PublicPart:
    collection: Collection
    number: int
    total: int
    previous: Session | None
    next: Session | None


@dataclass
class SessionPage:
    session: Session
    presenter: str
    themes: list[Theme]
    handouts: list[Handout]
    parts: list[PublicPart]
    video: str  # "upload", "embed", "stream" or ""
    link: VideoLink | None
    length: str


def _parts(session: Session) -> list[PublicPart]:
    """The public collections holding this session, with its public neighbours (1 query)."""
    items = (
        CollectionItem.objects.filter(
            collection__in=access.public_collections().filter(items__session=session),
            session__in=access.public_sessions().values("pk"),
        )
        .select_related("collection", "session")
        .order_by("collection__title", "collection_id", "position", "pk")
    )
    grouped: dict[int, list[CollectionItem]] = {}
    for item in items:
        grouped.setdefault(item.collection_id, []).append(item)
    parts = []
    for group in grouped.values():
        ids = [item.session_id for item in group]
        index = ids.index(session.pk)
        group[0].collection.public_path = collection_path(group[0].collection)
        for item in group:
            item.session.public_path = session_path(item.session)
        parts.append(
            PublicPart(
                collection=group[0].collection,
                number=index + 1,
                total=len(group),
                previous=group[index - 1].session if index > 0 else None,
                next=group[index + 1].session if index + 1 < len(group) else None,
            )
        )
    return parts


def session_page(session: Session) -> SessionPage:
    handouts = list(session.handouts.order_by("title", "pk"))
    for handout in handouts:
        handout.kind = handout_kind(handout.content_type)
        handout.size_label = size_label(handout.size)
        handout.filename = handout_filename(handout)
    video, link = _video_of(session)
    return SessionPage(
        session=session,
        presenter=presenter_label(session.presenter, care_home_names([session.presenter])),
        themes=list(session.themes.order_by("name")),
        handouts=handouts,
        parts=_parts(session),
        video=video,
        link=link,
        length=length_label(session.duration_minutes),
    )


# --- A collection -----------------------------------------------------------------------------


def collection_page(collection: Collection) -> list[Session]:
    """The collection's public sessions in order, numbered (2 queries)."""
    items = (
        collection.items.filter(session__in=access.public_sessions().values("pk"))
        .select_related("session")
        .prefetch_related(Prefetch("session__themes", Theme.objects.order_by("name")))
        .order_by("position", "pk")
    )
    sessions = []
    for number, item in enumerate(items, start=1):
        session = item.session
        session.part = number
        session.length = length_label(session.duration_minutes)
        session.public_path = session_path(session)
        sessions.append(session)
    return sessions


# --- A case study -----------------------------------------------------------------------------


@dataclass
class CaseStudyPage:
    project: Project
    home_label: str
    area_name: str
    other_homes: int
    themes: list[Theme]
    ideas: list[ChangeIdea]
    charts: list[tuple[Measure, dict]] = field(default_factory=list)
    status_tag: str = ""


def _public_notes(notes: list[Annotation]) -> list[Annotation]:
    """Only the marks that start a new period (they move the limits), without their words."""
    return [
        Annotation(pk=note.pk, date=note.date, text="New period", starts_new_period=True)
        for note in notes
        if note.starts_new_period
    ]


def _key_charts(project: Project) -> list[tuple[Measure, dict]]:
    """Key measures' charts (5 queries), with notes reduced to new-period marks."""
    measures = list(Measure.objects.filter(project=project, is_key=True))
    if not measures:
        return []
    ids = [m.pk for m in measures]
    values: dict[int, list] = {pk: [] for pk in ids}
    notes: dict[int, list] = {pk: [] for pk in ids}
    for value in MeasureValue.objects.filter(measure_id__in=ids).order_by("date", "pk"):
        values[value.measure_id].append(value)
    for note in Annotation.objects.filter(measure_id__in=ids, starts_new_period=True):
        notes[note.measure_id].append(note)
    cycles = list(Cycle.objects.filter(project=project).select_related("change_idea"))
    linked: dict[int, set[int]] = {}
    through = Cycle.measures.through.objects.filter(cycle__project=project)
    for cycle_id, measure_id in through.values_list("cycle_id", "measure_id"):
        linked.setdefault(cycle_id, set()).add(measure_id)
    return [
        (
            measure,
            charts.measure_chart(
                measure,
                values[measure.pk],
                _public_notes(notes[measure.pk]),
                cycles_for(measure, cycles, linked),
            ),
        )
        for measure in measures
    ]


def case_study_page(project: Project) -> CaseStudyPage:
    ideas = list(
        ChangeIdea.objects.filter(project=project)
        .prefetch_related(Prefetch("cycles", Cycle.objects.order_by("number", "pk")))
        .order_by("position", "pk")
    )
    for idea in ideas:
        idea.ramp = list(idea.cycles.all())
    area = icb_area(project.home.area)
    return CaseStudyPage(
        project=project,
        home_label=home_label(project),
        area_name=area.name if area else "",
        other_homes=project.participating_homes.count(),
        themes=list(project.themes.order_by("name")),
        ideas=ideas,
        charts=_key_charts(project),
        status_tag=STATUS_TAGS.get(project.status, ""),
    )


def case_study_description(project: Project, label: str) -> str:
    return description(f"{label}: {project.problem}")
