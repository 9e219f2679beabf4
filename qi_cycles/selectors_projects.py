"""Reads for improvement projects and their driver diagrams, scoped through qi_cycles.access.

- `project_list`: the "Improvement projects" page. Care home members see their homes'
  projects; project workers and admins every project (with filters); partners and anyone
  else the projects shared with the network.
- `driver_tree`: a project's driver diagram (aim → primary → secondary drivers → change
  ideas) in two queries, whatever its size.
- `get_driver` / `get_idea`: an object below a project, with the project's access check.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from network.models import Membership, Organisation, Theme, User
from network.roles import OrganisationKind, Role
from qi_cycles import access
from qi_cycles.models import ChangeIdea, Cycle, Driver, Measure, MeasureValue, Project
from surveys.models import Need
from surveys.selectors_needs import viewer_for

# --- The list -----------------------------------------------------------------------------

HOMES, ALL, SHARED = "homes", "all", "shared"


def list_scope(user: User) -> str:
    """Which projects the list shows: HOMES (care home members: their homes' projects),
    ALL (project workers and admins) or SHARED (partners and anyone else)."""
    person = access.person_for(user)
    if person.network_wide:
        return ALL
    if person.home_ids:
        return HOMES
    return SHARED


def _cycle_count() -> Coalesce:
    rows = (
        Cycle.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def project_list(
    user: User,
    *,
    status: str = "",
    theme=None,
    q: str = "",
    coached_by_me: bool = False,
) -> QuerySet[Project]:
    """The projects this person's list shows, most recently updated first, with
    `cycle_count` and the homes prefetched (a fixed number of queries)."""
    scope = list_scope(user)
    if scope == HOMES:
        qs = access.workable_projects(user)
    else:
        qs = access.visible_projects(user)
        if scope == SHARED:
            qs = qs.filter(visibility=Project.Visibility.SHARED)
    if status:
        qs = qs.filter(status=status)
    if theme is not None:
        qs = qs.filter(pk__in=Project.objects.filter(themes=theme).values("pk"))
    q = (q or "").strip()
    if q:
        matching = Project.objects.filter(
            Q(title__icontains=q)
            | Q(home__name__icontains=q)
            | Q(participating_homes__name__icontains=q)
        ).values("pk")
        qs = qs.filter(pk__in=matching)
    if coached_by_me:
        qs = qs.filter(coach_id=user.pk)
    return qs.annotate(cycle_count=_cycle_count()).order_by("-updated_at", "-pk")


def themes_in_use(user: User) -> QuerySet[Theme]:
    """Themes of the projects a care home member works on (their list's theme filter)."""
    projects = access.workable_projects(user).order_by().values("pk")
    links = Project.themes.through.objects.filter(project_id__in=projects).values("theme_id")
    return Theme.objects.filter(pk__in=links)


# --- Choices for the project form ---------------------------------------------------------


def team_choices(home: Organisation, current: list[int] = ()) -> QuerySet[User]:
    """Managers and staff of the lead home (and anyone already on the team)."""
    return (
        User.objects.filter(
            Q(
                memberships__organisation=home,
                memberships__role__in=access.HOME_ROLES,
                is_active=True,
            )
            | Q(pk__in=list(current))
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def coach_choices(current_id: int | None = None) -> QuerySet[User]:
    """The network's project workers (and the current coach)."""
    return (
        User.objects.filter(
            Q(memberships__role=Role.PROJECT_WORKER, is_active=True) | Q(pk=current_id)
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def home_choices(lead: Organisation) -> QuerySet[Organisation]:
    """Other care homes that can join a collaborative."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.CARE_HOME)
        .exclude(pk=lead.pk)
        .order_by("name")
    )


def need_choices(home_ids: set[int], current: list[int] = ()) -> QuerySet[Need]:
    """Needs the project's homes posted (and any already linked)."""
    return (
        Need.objects.filter(Q(organisation_id__in=home_ids) | Q(pk__in=list(current)))
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def acting_home(membership: Membership | None) -> Organisation | None:
    return membership.organisation if access.can_start_project(membership) else None


# --- A project's page ---------------------------------------------------------------------


@dataclass
class DriverTree:
    """The driver diagram: `primaries` (each with `.secondaries` and `.ideas`; each
    secondary with `.ideas`) and `aim_ideas`, the change ideas straight under the aim.
    Every change idea carries `cycle_count`."""

    primaries: list = field(default_factory=list)
    aim_ideas: list = field(default_factory=list)
    driver_count: int = 0
    idea_count: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.driver_count or self.idea_count)

    @property
    def drivers_in_order(self) -> list:
        """Every driver, each primary followed by its secondaries (for choosing one)."""
        out = []
        for primary in self.primaries:
            out.append(primary)
            out.extend(primary.secondaries)
        return out


def driver_tree(project: Project) -> DriverTree:
    """The project's driver diagram in two queries."""
    drivers = list(Driver.objects.filter(project=project).order_by("position", "pk"))
    ideas = list(
        ChangeIdea.objects.filter(project=project)
        .annotate(cycle_count=Count("cycles"))
        .order_by("position", "pk")
    )
    by_pk = {d.pk: d for d in drivers}
    for driver in drivers:
        driver.secondaries, driver.ideas = [], []
    tree = DriverTree(driver_count=len(drivers), idea_count=len(ideas))
    for driver in drivers:
        parent = by_pk.get(driver.parent_id)
        if driver.level == Driver.Level.SECONDARY and parent is not None:
            driver.primary = parent
            parent.secondaries.append(driver)
        else:
            tree.primaries.append(driver)
    for idea in ideas:
        driver = by_pk.get(idea.driver_id)
        idea.parent_driver = driver
        (driver.ideas if driver is not None else tree.aim_ideas).append(idea)
    for driver in drivers:
        driver.child_count = len(driver.secondaries) + len(driver.ideas)
    return tree


def _needs_shown(user: User, project: Project) -> list:
    """Linked needs, leaving out any whose home hides its name from this person: beside the
    project's home name, the link would say who posted it (surveys.selectors_needs)."""
    viewer = viewer_for(user)
    return [
        need
        for need in project.linked_needs.select_related("organisation")
        if not need.hide_home_name or viewer.sees_names or viewer.is_posting_home(need)
    ]


def project_page(user: User, project: Project) -> dict:
    """What the overview shows besides the project itself (a fixed number of queries)."""
    others = list(project.participating_homes.all())
    return {
        "other_homes": others,
        "team": sorted(project.team.all(), key=lambda u: (u.full_name, u.pk)),
        "themes": list(project.themes.all()),
        "linked_needs": _needs_shown(user, project),
        "tree": driver_tree(project),
        **access.permissions(user, project),
    }


@dataclass
class DeleteSummary:
    drivers: int
    ideas: int
    cycles: int
    measures: int
    values: int
    copied_ideas: int  # ideas other projects copied from this one (their copies stay)


def delete_summary(project: Project) -> DeleteSummary:
    """What deleting the project takes with it."""
    return DeleteSummary(
        drivers=Driver.objects.filter(project=project).count(),
        ideas=ChangeIdea.objects.filter(project=project).count(),
        cycles=Cycle.objects.filter(project=project).count(),
        measures=Measure.objects.filter(project=project).count(),
        values=MeasureValue.objects.filter(measure__project=project).count(),
        copied_ideas=ChangeIdea.objects.filter(copied_from__project=project)
        .exclude(project=project)
        .count(),
    )


# --- Objects below a project --------------------------------------------------------------


def get_driver(user: User, pk: int, action: str = access.VIEW) -> Driver:
    """A driver, after checking `action` on its project (unknown ids are 404)."""
    return access.get_in_project(user, Driver.objects.all(), pk, action)


def get_idea(user: User, pk: int, action: str = access.VIEW) -> ChangeIdea:
    """A change idea with its `cycle_count`, after checking `action` on its project
    (unknown ids are 404)."""
    ideas = ChangeIdea.objects.annotate(cycle_count=Count("cycles"))
    return access.get_in_project(user, ideas, pk, action)


def primary_drivers(project: Project) -> QuerySet[Driver]:
    return Driver.objects.filter(project=project, level=Driver.Level.PRIMARY).order_by(
        "position", "pk"
    )


def project_drivers(project: Project) -> QuerySet[Driver]:
    return Driver.objects.filter(project=project).order_by("position", "pk")
