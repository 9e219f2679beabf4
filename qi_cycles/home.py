"""What the home page shows about improvement projects (templates/pages/home/_qi.html).

- Care home managers and staff: cycles in projects they work on that are due for Study or
  Act (started, and either past their end date or started more than 14 days ago, with no
  decision yet), oldest first.
- Coaches (project workers and admins): the projects they coach with cycles started in
  the last 14 days, newest first.
"""

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from network.models import Membership, User
from qi_cycles import access
from qi_cycles.models import Cycle, Project

SHOWN = 5
DUE_AFTER = timedelta(days=14)
NEW_FOR = timedelta(days=14)


def due_for_study(today) -> Q:
    """Cycles that should have moved on to Study or Act by `today`."""
    return Q(decision="", starts_on__lte=today) & (
        Q(ends_on__lt=today) | Q(starts_on__lt=today - DUE_AFTER)
    )


def due_cycles(user: User) -> list[Cycle]:
    today = timezone.localdate()
    workable = access.workable_projects(user).values("pk")
    return list(
        Cycle.objects.filter(due_for_study(today), project__in=workable)
        .select_related("project", "change_idea")
        .order_by("starts_on", "number", "pk")[:SHOWN]
    )


def coached_projects_with_new_cycles(user: User) -> list[Project]:
    since = timezone.now() - NEW_FOR
    recent = Q(cycles__created_at__gte=since)
    # Only projects with a new cycle are grouped (read through the cycles' date index),
    # not every project the coach has ever had.
    fresh = Cycle.objects.filter(created_at__gte=since).values("project_id")
    return list(
        Project.objects.filter(coach=user, pk__in=fresh)
        .annotate(
            new_cycles=Count("cycles", filter=recent),
            latest_cycle_at=Max("cycles__created_at", filter=recent),
        )
        .filter(new_cycles__gt=0)
        .select_related("home")
        .order_by("-latest_cycle_at", "-pk")[:SHOWN]
    )


def home_items(user: User, membership: Membership | None) -> dict:
    if membership is None:
        return {}
    if access.can_start_project(membership):
        due = due_cycles(user)
        return {"qi_items": bool(due), "qi_due_cycles": due}
    if not access.person_for(user).network_wide:
        return {}  # a former coach who is no longer a project worker sees nothing
    coached = coached_projects_with_new_cycles(user)
    return {"qi_items": bool(coached), "qi_coached_projects": coached}
