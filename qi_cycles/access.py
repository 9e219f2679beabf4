"""Who may see and change improvement projects. Every qi_cycles view asks here.

- **See** a project: members (managers and staff) of its lead home or a participating
  home, project workers and network admins (who coach); and, once it is shared with the
  network, every signed-in member. Anyone else gets 404, so a home-only project does not
  exist for other homes or partners.
- **Work on** it (details, drivers, change ideas, cycles, measures, values): managers and
  staff of the lead or a participating home. Coaches, project workers and admins read and
  comment but do not edit (403).
- **Decide** on it (share with the network or stop sharing, invite other homes in,
  delete): managers of the lead home.
- **Comment** on cycles: anyone who may work on it, project workers and admins.

Access always follows someone's current memberships. Being on the project's team or being
named its coach gives nothing by itself, so people who leave a home or stop being a
project worker lose access at once.

`Person` is built from the memberships cached on the user, and checks read the project's
homes, so asking costs no queries once those are loaded (`projects()` prefetches).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from network.models import Membership, User
from network.roles import Role
from network.selectors import _cached_memberships, is_network_wide
from qi_cycles.models import Project

HOME_ROLES = (Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF)

VIEW, EDIT, DECIDE, COMMENT = "view", "edit", "decide", "comment"


@dataclass(frozen=True)
class Person:
    """What the person asking is, as far as projects care (no queries)."""

    user_id: int
    network_wide: bool
    home_ids: frozenset[int]  # care homes where they are a manager or staff
    managed_home_ids: frozenset[int]  # care homes where they are the manager


def person_for(user: User) -> Person:
    memberships = _cached_memberships(user)
    homes = [m for m in memberships if m.organisation.is_care_home and m.role in HOME_ROLES]
    return Person(
        user_id=user.pk,
        network_wide=is_network_wide(user),
        home_ids=frozenset(m.organisation_id for m in homes),
        managed_home_ids=frozenset(
            m.organisation_id for m in homes if m.role == Role.CARE_HOME_MANAGER
        ),
    )


def _home_ids(project: Project) -> set[int]:
    """The lead home and participating homes (uses the prefetch when there is one)."""
    return {project.home_id, *(o.pk for o in project.participating_homes.all())}


def can_edit(person: Person, project: Project) -> bool:
    return bool(person.home_ids & _home_ids(project))


def can_view(person: Person, project: Project) -> bool:
    return project.is_shared or person.network_wide or can_edit(person, project)


def can_decide(person: Person, project: Project) -> bool:
    return project.home_id in person.managed_home_ids


def can_comment(person: Person, project: Project) -> bool:
    return person.network_wide or can_edit(person, project)


CHECKS = {VIEW: can_view, EDIT: can_edit, DECIDE: can_decide, COMMENT: can_comment}
REFUSALS = {
    EDIT: "Only people at the home running this project can change it.",
    DECIDE: "Only the manager of the home running this project can do this.",
    COMMENT: "Only the project's team and the network's project workers can comment.",
}


def projects() -> QuerySet[Project]:
    return Project.objects.select_related("home", "home__area", "coach").prefetch_related(
        "participating_homes", "team"
    )


def visible_projects(user: User) -> QuerySet[Project]:
    """Every project this person may see."""
    person = person_for(user)
    qs = projects()
    if person.network_wide:
        return qs
    return qs.filter(
        Q(visibility=Project.Visibility.SHARED) | Q(pk__in=_homes_projects(person.home_ids))
    )


def workable_projects(user: User) -> QuerySet[Project]:
    """Projects this person may work on (their homes' projects)."""
    person = person_for(user)
    return projects().filter(pk__in=_homes_projects(person.home_ids))


def _homes_projects(home_ids):
    """Ids of the projects these homes lead or take part in: one UNION subquery, not a
    join (no repeated rows, so no DISTINCT) and not an OR of two subqueries (which makes
    PostgreSQL read every project); each half reads its own index."""
    through = Project.participating_homes.through
    led = Project.objects.filter(home_id__in=home_ids).order_by().values("pk")
    return led.union(through.objects.filter(organisation_id__in=home_ids).values("project_id"))


def get_project(user: User, pk: int, action: str = VIEW) -> Project:
    """The project, or 404 if this person may not see it, or 403 if they may see it but
    not do `action` (EDIT, DECIDE or COMMENT)."""
    project = get_object_or_404(projects(), pk=pk)
    person = person_for(user)
    if not can_view(person, project):
        raise Http404("No such project")
    if action != VIEW and not CHECKS[action](person, project):
        raise PermissionDenied(REFUSALS[action])
    return project


def get_in_project(user: User, queryset, pk: int, action: str = VIEW, *, via: str = ""):
    """An object below a project (a driver, idea, cycle, measure, value, note), looked up in
    `queryset`, after checking `action` on its project: 404 for an unknown id or a project
    this person may not see, 403 when they may see it but not do `action`. `via` names the
    related object that holds `project_id` (e.g. "measure" for a value); the checked
    project is set on it, so `obj.project` (or `obj.<via>.project`) needs no query."""
    obj = get_object_or_404(queryset, pk=pk)
    holder = getattr(obj, via) if via else obj
    holder.project = get_project(user, holder.project_id, action)
    return obj


def permissions(user: User, project: Project) -> dict[str, bool]:
    """For templates: {"can_edit": ..., "can_decide": ..., "can_comment": ...}."""
    person = person_for(user)
    return {
        "can_edit": can_edit(person, project),
        "can_decide": can_decide(person, project),
        "can_comment": can_comment(person, project),
    }


def can_start_project(membership: Membership | None) -> bool:
    """Managers and staff acting for a care home start projects for it."""
    return (
        membership is not None
        and membership.organisation.is_care_home
        and membership.role in HOME_ROLES
    )
