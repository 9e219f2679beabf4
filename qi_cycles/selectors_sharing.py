"""Reads for sharing improvement projects: the network learning library, a project's story
(case study), where its change ideas have spread and where they came from.

Who sees a home's name: a copy of an idea sits in another home's project. People who may
see that project (its home, its team and coach, project workers; everyone once it is
shared) see the home's name and a link; everyone else sees "A care home in <area>".
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from network.models import Membership, Theme, User
from qi_cycles import access, selectors_measures
from qi_cycles.models import ChangeIdea, Cycle, Measure, Project

# --- Outcome of a project, from its key measures' latest chart signal ---------------------

IMPROVING, NO_CHANGE, CHANGING, WORSE, NO_DATA = (
    "improving",
    "no_change",
    "changing",
    "worse",
    "no_data",
)
OUTCOMES = [
    (IMPROVING, "Showing improvement"),
    (NO_CHANGE, "No change yet"),
    (CHANGING, "Changing (no better or worse set)"),
    (WORSE, "Getting worse"),
    (NO_DATA, "No data yet"),
]
OUTCOME_LABELS = dict(OUTCOMES)
# NHS.UK tag colours for each outcome.
OUTCOME_TAGS = {
    IMPROVING: "nhsuk-tag--blue",
    NO_CHANGE: "nhsuk-tag--grey",
    CHANGING: "nhsuk-tag--purple",
    WORSE: "nhsuk-tag--orange",
    NO_DATA: "nhsuk-tag--white",
}

DECISION_RESULTS = {
    Cycle.Decision.ADOPT: "Adopted",
    Cycle.Decision.ADAPT: "Adapted",
    Cycle.Decision.ABANDON: "Abandoned",
}
STATUS_TAGS = {
    Project.Status.PLANNING: "nhsuk-tag--grey",
    Project.Status.TESTING: "nhsuk-tag--blue",
    Project.Status.IMPLEMENTING: "nhsuk-tag--aqua-green",
    Project.Status.SUSTAINING: "nhsuk-tag--green",
    Project.Status.COMPLETED: "nhsuk-tag--green",
    Project.Status.STOPPED: "nhsuk-tag--red",
}


def _key_signal(prefix: str = "", *, exact: str = "", any_signal: bool = False) -> Exists:
    measures = Measure.objects.filter(project=OuterRef("pk"), is_key=True)
    if exact:
        measures = measures.filter(signal=exact)
    elif prefix:
        measures = measures.filter(signal__startswith=prefix)
    elif any_signal:
        measures = measures.exclude(signal="")
    return Exists(measures)


def outcome_expression() -> Case:
    """The project's outcome from its key measures: any getting worse wins (a team should
    not hide a balancing measure going the wrong way), then any improving, then any showing
    a change without a better direction, then "no change yet" (common cause variation);
    with no chart signal at all, "no data yet"."""
    return Case(
        When(_key_signal("concern_"), then=Value(WORSE)),
        When(_key_signal("improvement_"), then=Value(IMPROVING)),
        When(_key_signal("neutral_"), then=Value(CHANGING)),
        When(_key_signal(any_signal=True), then=Value(NO_CHANGE)),
        default=Value(NO_DATA),
        output_field=CharField(),
    )


def _count(subquery: QuerySet, group: str, counted: str) -> Coalesce:
    rows = subquery.order_by().values(group).annotate(n=Count(counted, distinct=True))
    return Coalesce(Subquery(rows.values("n")[:1], output_field=IntegerField()), 0)


def with_library_counts(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Adds `outcome`, `cycle_count` and `homes_tried` (other homes with a copy of one of
    its change ideas in a shared project: a home-only copy is nobody else's business) to
    each project, in the same query."""
    return projects.annotate(
        outcome=outcome_expression(),
        cycle_count=_count(Cycle.objects.filter(project=OuterRef("pk")), "project", "pk"),
        homes_tried=_count(
            ChangeIdea.objects.filter(
                copied_from__project=OuterRef("pk"), project__visibility=Project.Visibility.SHARED
            ).exclude(project__home=OuterRef("home")),
            "copied_from__project",
            "project__home",
        ),
    )


# --- The learning library ---------------------------------------------------------------


def library(
    user: User,
    *,
    q: str = "",
    theme: Theme | None = None,
    status: str = "",
    outcome: str = "",
    area_ids: set[int] | None = None,
) -> QuerySet[Project]:
    """Projects shared with the network, newest shared first. Every signed-in member sees
    the same library: home-only projects never appear here, not even to their own home.
    `area_ids` keeps projects whose lead home is in those areas."""
    projects = (
        Project.objects.filter(visibility=Project.Visibility.SHARED)
        .select_related("home__area")
        .prefetch_related(Prefetch("themes", Theme.objects.order_by("name")))
    )
    if q:
        projects = projects.filter(Q(title__icontains=q) | Q(problem__icontains=q))
    if theme is not None:
        projects = projects.filter(themes=theme)
    if status:
        projects = projects.filter(status=status)
    if area_ids is not None:
        projects = projects.filter(home__area_id__in=sorted(area_ids))
    projects = with_library_counts(projects)
    if outcome:
        projects = projects.filter(outcome=outcome)
    return projects.order_by("-shared_at", "-pk")


def present_card(project: Project) -> Project:
    project.outcome_label = OUTCOME_LABELS.get(project.outcome, "")
    project.outcome_tag = OUTCOME_TAGS.get(project.outcome, "")
    project.status_tag = STATUS_TAGS.get(project.status, "")
    return project


# --- Spread: where an idea went, and where it came from ----------------------------------


@dataclass(frozen=True)
class SpreadRow:
    """One copy of a change idea, as this viewer may see it."""

    home_label: str  # the home's name, or "A care home in <area>"
    project_title: str  # "" when the viewer may not see the project
    url: str  # the copy's story page, "" when hidden
    status: str  # the copy's project status
    result: str  # "Adopted", "Adapted", "Abandoned", "Being tested" or "Not tested yet"


@dataclass(frozen=True)
class Origin:
    """Where a copied change idea came from."""

    text: str  # "Adapted from Better hydration at Oak House"
    project_title: str
    home_label: str
    url: str


def hidden_home_label(project: Project) -> str:
    return f"A care home in {project.home.area.name}"


def _copies(idea_ids: list[int]) -> list[ChangeIdea]:
    latest_decision = (
        Cycle.objects.filter(change_idea=OuterRef("pk"))
        .exclude(decision="")
        .order_by("-number", "-pk")
        .values("decision")[:1]
    )
    return list(
        ChangeIdea.objects.filter(copied_from_id__in=idea_ids)
        .select_related("project__home__area")
        .prefetch_related("project__participating_homes", "project__team")
        .annotate(
            latest_decision=Subquery(latest_decision),
            tested=Exists(Cycle.objects.filter(change_idea=OuterRef("pk"))),
        )
        .order_by("created_at", "pk")
    )


def _result(copy: ChangeIdea) -> str:
    if copy.latest_decision:
        return DECISION_RESULTS[copy.latest_decision]
    return "Being tested" if copy.tested else "Not tested yet"


def spread_of(user: User, idea_ids: list[int]) -> dict[int, list[SpreadRow]]:
    """For each idea id, its copies in other projects this person may see (3 queries
    whatever the number). A copy in a home-only project is left out for everyone else:
    even "a care home in <area>" with its results would say too much."""
    if not idea_ids:
        return {}
    person = access.person_for(user)
    spread: dict[int, list[SpreadRow]] = {pk: [] for pk in idea_ids}
    for copy in _copies(idea_ids):
        project = copy.project
        if not access.can_view(person, project):
            continue
        spread[copy.copied_from_id].append(
            SpreadRow(
                home_label=project.home.name,
                project_title=project.title,
                url=reverse("qi:case_study", args=[project.pk]),
                status=project.get_status_display(),
                result=_result(copy),
            )
        )
    return spread


def origin_of(person: access.Person, idea: ChangeIdea) -> Origin | None:
    """Where a copied idea came from; needs `copied_from__project__home__area` selected and
    the source project's homes and team prefetched (see `ideas_with_origins`)."""
    source = idea.copied_from
    if source is None:
        if idea.copied_by_id:
            return Origin("Copied from an idea that has since been removed", "", "", "")
        return None
    project = source.project
    if access.can_view(person, project):
        return Origin(
            f"Adapted from {project.title} at {project.home.name}",
            project.title,
            project.home.name,
            reverse("qi:case_study", args=[project.pk]),
        )
    # The viewer may not see the original (never shared, or no longer): say no more than
    # that it came from elsewhere.
    return Origin("Adapted from another project", "", "", "")


def ideas_with_origins(project: Project, *, with_cycles: bool = False) -> list[ChangeIdea]:
    ideas = ChangeIdea.objects.filter(project=project).select_related(
        "copied_from__project__home__area"
    )
    prefetch = ["copied_from__project__participating_homes", "copied_from__project__team"]
    if with_cycles:
        prefetch.append(Prefetch("cycles", Cycle.objects.order_by("number", "pk")))
    return list(ideas.prefetch_related(*prefetch))


# --- Who may try an idea ------------------------------------------------------------------


def can_try(membership: Membership | None, project: Project) -> bool:
    """The "Try this in our home" button: care home managers and staff acting for a home
    that does not run the project, once it is shared."""
    if not (project.is_shared and access.can_start_project(membership)):
        return False
    homes = {project.home_id, *(home.pk for home in project.participating_homes.all())}
    return membership.organisation_id not in homes


def try_targets(user: User, idea: ChangeIdea) -> list[Project]:
    """Projects this person could copy the idea into: ones they work on, still going."""
    return list(
        access.workable_projects(user)
        .exclude(pk=idea.project_id)
        .exclude(status__in=[Project.Status.COMPLETED, Project.Status.STOPPED])
        .order_by("title", "pk")
    )


# --- A project's story --------------------------------------------------------------------


def story(user: User, membership: Membership | None, project: Project) -> dict:
    """Everything the case study shows."""
    person = access.person_for(user)
    ideas = ideas_with_origins(project, with_cycles=True)
    spread = spread_of(user, [idea.pk for idea in ideas])
    trying = can_try(membership, project)
    for idea in ideas:
        idea.origin = origin_of(person, idea)
        idea.spread = spread[idea.pk]
        idea.ramp = list(idea.cycles.all())
        idea.can_try = trying
    flags = access.permissions(user, project)
    participating = list(project.participating_homes.all())
    return {
        "project": project,
        "ideas": ideas,
        "charts": selectors_measures.charts_for(project, key_only=True),
        "spread_count": sum(len(rows) for rows in spread.values()),
        # Everyone who may see the project sees its team (the share page says so): people
        # in other homes can then ask someone who did it.
        "team_names": sorted(u.full_name for u in project.team.all()),
        "participating_homes": participating,
        "themes": list(project.themes.order_by("name")),
        "status_tag": STATUS_TAGS.get(project.status, ""),
        **flags,
    }


def project_panel(user: User, project: Project) -> dict:
    """Context for templates/qi_cycles/sharing/_project_sharing.html on the project's page (a fixed
    number of queries, whatever the project holds)."""
    person = access.person_for(user)
    ideas = ideas_with_origins(project)
    spread = spread_of(user, [idea.pk for idea in ideas])
    spread_ideas, origins = [], []
    for idea in ideas:
        if spread[idea.pk]:
            spread_ideas.append((idea, spread[idea.pk]))
        origin = origin_of(person, idea)
        if origin:
            origins.append((idea, origin))
    return {
        "sharing_project": project,
        "is_shared": project.is_shared,
        "can_share": access.can_decide(person, project),
        "spread_ideas": spread_ideas,
        "origins": origins,
    }
