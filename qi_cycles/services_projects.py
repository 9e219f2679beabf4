"""Writes for improvement projects and their driver diagrams.

Every service checks who is asking again (PermissionDenied; the rules are in
qi_cycles.access) and the data (ValidationError, keyed by field) before it saves, inside a
transaction, so a refused or invalid change saves nothing.

Driver diagram rules: primary drivers sit under the aim; a secondary driver's parent is a
primary driver of the same project; a change idea hangs off any driver of the project, or
straight off the aim. Removing a primary driver removes its secondary drivers; change ideas
are never removed with a driver: they move up a level (to the primary driver, or to the
aim), keeping their PDSA cycles. A change idea with PDSA cycles cannot be deleted.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from network.models import Membership, Organisation, Theme, User
from network.roles import Role
from qi_cycles import access
from qi_cycles.models import ChangeIdea, Driver, Project
from qi_cycles.services_sharing import withdraw_public
from surveys.models import Need

KEEP = object()  # "leave this as it is" for optional arguments of update services


@dataclass(frozen=True)
class ProjectDetails:
    """What the project form collects. The lead home never comes from here."""

    title: str
    problem: str
    aim_what: str
    aim_for_whom: str
    aim_how_much: str
    aim_by_when: date
    start_date: date
    status: str = Project.Status.PLANNING
    themes: tuple[Theme, ...] = ()
    # None keeps the homes as they are: only the lead home's manager changes them, since
    # every member of a participating home can see and work on the project.
    participating_homes: tuple[Organisation, ...] | None = None
    team: tuple[User, ...] = ()
    coach: User | None = None
    linked_needs: tuple[Need, ...] = ()


def _require_edit(actor: User, project: Project) -> None:
    if not access.can_edit(access.person_for(actor), project):
        raise PermissionDenied(access.REFUSALS[access.EDIT])


def _require_decide(actor: User, project: Project) -> None:
    if not access.can_decide(access.person_for(actor), project):
        raise PermissionDenied(access.REFUSALS[access.DECIDE])


def _touch(project: Project) -> None:
    """The list shows when a project last changed, including its diagram."""
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())


# --- Projects -----------------------------------------------------------------------------


def _check_details(
    details: ProjectDetails,
    *,
    home: Organisation,
    project: Project | None = None,
) -> None:
    """Rules the form cannot see on its own. Anything already on the project stays valid
    (a team member who left the home, a coach who moved on, a retired theme)."""
    errors: dict[str, str] = {}
    if details.aim_by_when and details.start_date and details.aim_by_when <= details.start_date:
        errors["aim_by_when"] = "The date in ‘By when?’ must be after the start date"
    homes = details.participating_homes
    if homes is None:
        homes = tuple(project.participating_homes.all()) if project else ()
    for other in homes:
        if other.pk == home.pk or not other.is_care_home:
            errors["participating_homes"] = "Choose other care homes from the list"
    home_ids = {home.pk, *(o.pk for o in homes)}
    current_team = {u.pk for u in project.team.all()} if project else set()
    team_ids = {u.pk for u in details.team} - current_team
    if team_ids:
        members = set(
            Membership.objects.filter(
                user_id__in=team_ids, organisation=home, role__in=access.HOME_ROLES
            ).values_list("user_id", flat=True)
        )
        if team_ids - members:
            errors["team"] = f"Choose team members who work at {home.name}"
    coach = details.coach
    if coach is not None and (project is None or coach.pk != project.coach_id):
        if not Membership.objects.filter(user=coach, role=Role.PROJECT_WORKER).exists():
            errors["coach"] = "Choose a coach from the network's project workers"
    current_needs = {n.pk for n in project.linked_needs.all()} if project else set()
    for need in details.linked_needs:
        if need.pk not in current_needs and need.organisation_id not in home_ids:
            errors["linked_needs"] = "Choose needs posted by the homes in this project"
    if errors:
        raise ValidationError(errors)


def _fill(project: Project, details: ProjectDetails) -> None:
    project.title = details.title.strip()
    project.problem = details.problem.strip()
    project.aim_what = details.aim_what.strip()
    project.aim_for_whom = details.aim_for_whom.strip()
    project.aim_how_much = details.aim_how_much.strip()
    project.aim_by_when = details.aim_by_when
    project.start_date = details.start_date
    project.status = details.status
    project.coach = details.coach


def _save_relations(project: Project, details: ProjectDetails) -> None:
    project.themes.set(details.themes)
    if details.participating_homes is not None:
        project.participating_homes.set(details.participating_homes)
    project.team.set(details.team)
    project.linked_needs.set(details.linked_needs)


def create_project(
    *,
    actor: User,
    membership: Membership | None,
    details: ProjectDetails,
    visibility: str = Project.Visibility.HOME,
) -> Project:
    """Start a project for the care home the actor is acting for. Only its manager may
    share it with the network straight away."""
    if not access.can_start_project(membership) or membership.user_id != actor.pk:
        raise PermissionDenied("Only care home managers and staff can start a project.")
    home = membership.organisation
    if visibility == Project.Visibility.SHARED and membership.role != Role.CARE_HOME_MANAGER:
        raise ValidationError(
            {"visibility": "Only your home's manager can share a project with the network"}
        )
    if details.participating_homes and membership.role != Role.CARE_HOME_MANAGER:
        raise ValidationError(
            {"participating_homes": "Only your home's manager can invite other homes in"}
        )
    _check_details(details, home=home)
    project = Project(home=home, created_by=actor, visibility=visibility)
    _fill(project, details)
    if project.is_shared:
        project.shared_at = timezone.now()
    project.full_clean(exclude=["home", "created_by", "coach"])
    with transaction.atomic():
        project.save()
        _save_relations(project, details)
    return project


def update_project(
    *, actor: User, project: Project, details: ProjectDetails, visibility=KEEP
) -> Project:
    """Change a project's details. The lead home never changes; who may see it
    (`visibility`) only changes for the lead home's manager."""
    _require_edit(actor, project)
    if visibility is not KEEP and visibility != project.visibility:
        _require_decide(actor, project)
        project.visibility = visibility
        project.shared_at = timezone.now() if project.is_shared else None
        if not project.is_shared:
            withdraw_public(project)  # off the public pages at once, as on the share page
    if details.participating_homes is not None and {o.pk for o in details.participating_homes} != {
        o.pk for o in project.participating_homes.all()
    }:
        _require_decide(actor, project)
    _check_details(details, home=project.home, project=project)
    _fill(project, details)
    project.full_clean(exclude=["home", "created_by", "coach"])
    with transaction.atomic():
        project.save()
        _save_relations(project, details)
    return project


def delete_project(*, actor: User, project: Project) -> None:
    """Delete the project and everything in it (drivers, change ideas, cycles, measures).
    Copies of its change ideas in other projects stay."""
    _require_decide(actor, project)
    with transaction.atomic():
        project.delete()


# --- Driver diagram -----------------------------------------------------------------------


def _require_text(name: str, text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({name: message})
    return text


def _next_position(qs) -> int:
    top = qs.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _check_parent(project: Project, parent: Driver | None) -> None:
    if parent is None:
        return
    if parent.project_id != project.pk or parent.level != Driver.Level.PRIMARY:
        raise ValidationError(
            {"parent": "Choose a primary driver from this project's driver diagram"}
        )


def _siblings(project_id: int, parent_id: int | None):
    return Driver.objects.filter(project_id=project_id, parent_id=parent_id)


def add_driver(*, actor: User, project: Project, text: str, parent: Driver | None = None) -> Driver:
    """A primary driver (no parent) or a secondary driver under a primary driver."""
    _require_edit(actor, project)
    text = _require_text("text", text, "Enter the driver")
    _check_parent(project, parent)
    level = Driver.Level.SECONDARY if parent else Driver.Level.PRIMARY
    driver = Driver(project=project, level=level, parent=parent, text=text)
    driver.full_clean(exclude=["project", "parent", "position"])
    with transaction.atomic():
        driver.position = _next_position(_siblings(project.pk, parent.pk if parent else None))
        driver.save()
        _touch(project)
    return driver


def update_driver(*, actor: User, driver: Driver, text: str, parent=KEEP) -> Driver:
    """Change a driver's words; a secondary driver can move under another primary."""
    project = driver.project
    _require_edit(actor, project)
    driver.text = _require_text("text", text, "Enter the driver")
    moving = False
    if parent is not KEEP and driver.level == Driver.Level.SECONDARY:
        if parent is None:
            raise ValidationError({"parent": "Choose the primary driver this one sits under"})
        _check_parent(project, parent)
        moving = parent.pk != driver.parent_id
        driver.parent = parent
    driver.full_clean(exclude=["project", "parent", "position"])
    with transaction.atomic():
        if moving:
            driver.position = _next_position(_siblings(project.pk, driver.parent_id))
        driver.save()
        _touch(project)
    return driver


@dataclass
class DriverRemoval:
    """What removing a driver takes with it, and where its change ideas go."""

    secondaries: list
    ideas: list
    ideas_move_to: Driver | None  # None: straight under the aim


def removal_plan(driver: Driver) -> DriverRemoval:
    if driver.level == Driver.Level.PRIMARY:
        secondaries = list(driver.children.order_by("position", "pk"))
        ideas = list(
            ChangeIdea.objects.filter(driver__in=[driver, *secondaries]).order_by("position", "pk")
        )
        return DriverRemoval(secondaries=secondaries, ideas=ideas, ideas_move_to=None)
    ideas = list(driver.change_ideas.order_by("position", "pk"))
    return DriverRemoval(secondaries=[], ideas=ideas, ideas_move_to=driver.parent)


def delete_driver(*, actor: User, driver: Driver) -> DriverRemoval:
    """Remove a driver (and, for a primary driver, its secondary drivers). Its change
    ideas move up a level, keeping their cycles."""
    project = driver.project
    _require_edit(actor, project)
    with transaction.atomic():
        plan = removal_plan(driver)
        target = plan.ideas_move_to
        start = _next_position(
            ChangeIdea.objects.filter(project=project, driver=target).exclude(
                pk__in=[i.pk for i in plan.ideas]
            )
        )
        for offset, idea in enumerate(plan.ideas):
            ChangeIdea.objects.filter(pk=idea.pk).update(driver=target, position=start + offset)
        driver.delete()
        _touch(project)
    return plan


def _move(rows: list, pk: int, direction: str, model) -> None:
    if direction not in ("up", "down"):
        raise ValidationError("Choose to move it up or down.")
    index = next(i for i, row in enumerate(rows) if row.pk == pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        if row.position != position:
            model.objects.filter(pk=row.pk).update(position=position)


def move_driver(*, actor: User, driver: Driver, direction: str) -> None:
    """One place up or down among the drivers beside it."""
    _require_edit(actor, driver.project)
    with transaction.atomic():
        rows = list(
            _siblings(driver.project_id, driver.parent_id)
            .select_for_update()
            .order_by("position", "pk")
        )
        _move(rows, driver.pk, direction, Driver)
        _touch(driver.project)


def _check_idea_driver(project: Project, driver: Driver | None) -> None:
    if driver is not None and driver.project_id != project.pk:
        raise ValidationError({"driver": "Choose a driver from this project's driver diagram"})


def add_idea(
    *,
    actor: User,
    project: Project,
    title: str,
    description: str = "",
    driver: Driver | None = None,
) -> ChangeIdea:
    """A change idea under a driver, or straight under the aim."""
    _require_edit(actor, project)
    title = _require_text("title", title, "Enter the change idea")
    _check_idea_driver(project, driver)
    idea = ChangeIdea(
        project=project, driver=driver, title=title, description=(description or "").strip()
    )
    idea.full_clean(exclude=["project", "driver", "position", "copied_from", "copied_by"])
    with transaction.atomic():
        idea.position = _next_position(ChangeIdea.objects.filter(project=project, driver=driver))
        idea.save()
        _touch(project)
    return idea


def update_idea(
    *, actor: User, idea: ChangeIdea, title: str, description: str = "", driver=KEEP
) -> ChangeIdea:
    project = idea.project
    _require_edit(actor, project)
    idea.title = _require_text("title", title, "Enter the change idea")
    idea.description = (description or "").strip()
    moving = False
    if driver is not KEEP:
        _check_idea_driver(project, driver)
        moving = (driver.pk if driver else None) != idea.driver_id
        idea.driver = driver
    idea.full_clean(exclude=["project", "driver", "position", "copied_from", "copied_by"])
    with transaction.atomic():
        if moving:
            idea.position = _next_position(
                ChangeIdea.objects.filter(project=project, driver_id=idea.driver_id)
            )
        idea.save()
        _touch(project)
    return idea


def why_idea_cannot_be_deleted(idea: ChangeIdea) -> str:
    """ "" when it can be deleted; otherwise the reason, in plain words."""
    cycles = idea.cycles.count()
    if cycles:
        return (
            f"“{idea.title}” has {cycles} PDSA cycle{'s' if cycles != 1 else ''}. Deleting "
            "it would lose what your team tested and learned, so it cannot be deleted."
        )
    return ""


def delete_idea(*, actor: User, idea: ChangeIdea) -> None:
    """Delete a change idea nobody has tested yet."""
    _require_edit(actor, idea.project)
    with transaction.atomic():
        reason = why_idea_cannot_be_deleted(idea)
        if reason:
            raise ValidationError(reason)
        idea.delete()
        _touch(idea.project)


def move_idea(*, actor: User, idea: ChangeIdea, direction: str) -> None:
    """One place up or down among the change ideas beside it."""
    _require_edit(actor, idea.project)
    with transaction.atomic():
        rows = list(
            ChangeIdea.objects.filter(project_id=idea.project_id, driver_id=idea.driver_id)
            .select_for_update()
            .order_by("position", "pk")
        )
        _move(rows, idea.pk, direction, ChangeIdea)
        _touch(idea.project)
