"""Writes for sharing: sharing a project with the network (or stopping), the story of a
project, and "Try this in our home" (copying a change idea into another project).

Each service checks who is asking again (PermissionDenied or Http404 through
qi_cycles.access) and refuses resident-identifiable text (ValidationError) before saving.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from network.models import Membership, User
from qi_cycles import access
from qi_cycles.models import ChangeIdea, Project

ONLY_CARE_HOMES = "Only care homes can try a change idea in their home."
# A new project started from someone else's idea gets an aim date to change later.
NEW_PROJECT_AIM_MONTHS = 6


_PUBLIC_FIELDS = [
    "home_named_publicly",
    "home_name_agreed_at",
    "home_name_agreed_by",
    "is_public",
    "made_public_at",
    "made_public_by",
]


def _name_publicly(project: Project, actor: User, agree: bool) -> None:
    project.home_named_publicly = agree
    project.home_name_agreed_at = timezone.now() if agree else None
    project.home_name_agreed_by = actor if agree else None


def withdraw_public(project: Project) -> None:
    """Forget that the project was public and that its home may be named (not saved):
    when it stops being shared, by any route. Sharing again asks again."""
    _name_publicly(project, None, False)
    project.is_public, project.made_public_at, project.made_public_by = False, None, None


def share_project(
    *, actor: User, project: Project, share: bool, name_publicly: bool = False
) -> Project:
    """Share the project with every member of the network, or make it home-only again.
    Only the manager of the lead home decides. When sharing, the manager also says whether
    the public learning pages may name the home (`name_publicly`). Stopping sharing takes
    the case study off the public pages at once, and forgets that agreement."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not access.can_decide(access.person_for(actor), project):
            raise PermissionDenied(access.REFUSALS[access.DECIDE])
        if share and not project.is_shared:
            project.visibility = Project.Visibility.SHARED
            project.shared_at = timezone.now()
            _name_publicly(project, actor, name_publicly)
        elif not share and project.is_shared:
            project.visibility = Project.Visibility.HOME
            project.shared_at = None
            withdraw_public(project)
        else:
            return project
        project.save(update_fields=["visibility", "shared_at", "updated_at", *_PUBLIC_FIELDS])
    return project


def name_home_publicly(*, actor: User, project: Project, agree: bool) -> Project:
    """The lead home's manager agrees (or no longer agrees) that the public learning pages
    may name the home on this shared project's case study."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not access.can_decide(access.person_for(actor), project):
            raise PermissionDenied(access.REFUSALS[access.DECIDE])
        if not project.is_shared:
            raise ValidationError({"action": "Share the project first"})
        if project.home_named_publicly != agree:
            _name_publicly(project, actor, agree)
            project.save(update_fields=_PUBLIC_FIELDS[:3])
    return project


def update_story(
    *, actor: User, project: Project, what_changed: str, benefit_for_residents: str
) -> Project:
    """Save what changed and the benefit for residents (no resident identifiers)."""
    with transaction.atomic():
        project = access.projects().select_for_update(of=("self",)).get(pk=project.pk)
        if not access.can_edit(access.person_for(actor), project):
            raise PermissionDenied(access.REFUSALS[access.EDIT])
        project.what_changed = what_changed.strip()
        project.benefit_for_residents = benefit_for_residents.strip()
        project.full_clean(
            exclude=[f.name for f in Project._meta.fields if f.name not in _STORY_FIELDS]
        )
        project.save(update_fields=[*_STORY_FIELDS, "updated_at"])
    return project


_STORY_FIELDS = ("what_changed", "benefit_for_residents")


DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)


def try_idea(
    *,
    actor: User,
    membership: Membership | None,
    idea: ChangeIdea,
    target_id: int | None,
) -> ChangeIdea:
    """Copy a change idea into one of the actor's projects (`target_id`), or into a new
    planning project at the home they act for (`target_id` None). The copy remembers where
    it came from and who copied it. Raises Http404/PermissionDenied when the actor may not
    see the idea or change the project, ValidationError when the idea is already there."""
    if not access.can_start_project(membership) or membership.user_id != actor.pk:
        raise PermissionDenied(ONLY_CARE_HOMES)
    source = access.get_project(actor, idea.project_id, access.VIEW)
    with transaction.atomic():
        if target_id is None:
            earlier = _just_copied_into_new_project(actor, idea)
            if earlier is not None:
                return earlier  # the same button pressed twice: one new project
            target = _new_project_for(actor=actor, membership=membership, idea=idea, source=source)
        else:
            target = access.get_project(actor, target_id, access.EDIT)
            # One copy per project, even when two people press the button at once.
            target = Project.objects.select_for_update().get(pk=target.pk)
            if target.pk == idea.project_id:
                raise ValidationError({"project": "This idea is already in this project"})
            if target.status in (Project.Status.COMPLETED, Project.Status.STOPPED):
                raise ValidationError(
                    {
                        "project": f"{target.title} has {target.get_status_display().lower()}. "
                        "Choose a project that is still going, or start a new one"
                    }
                )
            if ChangeIdea.objects.filter(project=target, copied_from=idea).exists():
                raise ValidationError({"project": f"This idea is already in {target.title}"})
        last = ChangeIdea.objects.filter(project=target).aggregate(n=Max("position"))["n"]
        copy = ChangeIdea(
            project=target,
            title=idea.title,
            description=idea.description,
            position=(last or 0) + 1,
            copied_from=idea,
            copied_by=actor,
        )
        copy.full_clean(exclude=["project", "driver", "copied_from", "copied_by"])
        copy.save()
    return copy


def _just_copied_into_new_project(actor: User, idea: ChangeIdea) -> ChangeIdea | None:
    """A copy of this idea the actor put into a new project in the last few minutes."""
    return (
        ChangeIdea.objects.filter(
            copied_from=idea,
            copied_by=actor,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
            project__created_by=actor,
            project__title=idea.title[:200],
        )
        .select_related("project")
        .order_by("-pk")
        .first()
    )


def _new_project_for(
    *, actor: User, membership: Membership, idea: ChangeIdea, source: Project
) -> Project:
    """A planning project at the actor's home, named after the idea. The aim is left for
    them to fill in on the project's edit page."""
    today = timezone.localdate()
    project = Project.objects.create(
        home=membership.organisation,
        title=idea.title[:200],
        problem=f"We want to try “{idea.title}”, a change idea from {source.title}.",
        aim_what="",
        aim_for_whom="",
        aim_how_much="",
        aim_by_when=today + timedelta(days=NEW_PROJECT_AIM_MONTHS * 30),
        start_date=today,
        status=Project.Status.PLANNING,
        visibility=Project.Visibility.HOME,
        created_by=actor,
    )
    project.themes.set(source.themes.all())
    return project
