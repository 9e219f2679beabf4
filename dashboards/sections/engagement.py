"""Engagement: how many care homes are in scope, how many did something on the portal in
the last 90 days, and how many people at them are members."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from dashboards.filters import Scope
from network.models import Membership, Registration
from portal.small_numbers import people_text
from qi_cycles.models import Cycle, MeasureValue, Project
from surveys.models import Need, NeedEndorsement, NeedResponse, Response
from training.models import CascadeDelivery, LearningRecord

ACTIVE_DAYS = 90


@dataclass
class Engagement:
    homes: int
    active: int
    members: int
    homes_url: str
    members_url: str

    @property
    def active_percent(self) -> str:
        """Homes, not people: shown as they are (a home is not a person to protect)."""
        if not self.homes:
            return ""
        return f"{round(100 * self.active / self.homes)}%"

    @property
    def members_text(self) -> str:
        return people_text(self.members)


def _activity(since) -> Q:
    """A care home did something since `since`: posted or answered a need, said "we need
    this too", sent a survey response, worked on an improvement project (the project, a
    PDSA cycle or a measure's value), used the training library or passed training on; or
    one of its members booked an event."""
    home = OuterRef("pk")
    return (
        Q(Exists(Need.objects.filter(organisation=home, created_at__gte=since)))
        | Q(Exists(NeedResponse.objects.filter(organisation=home, created_at__gte=since)))
        | Q(Exists(NeedEndorsement.objects.filter(organisation=home, created_at__gte=since)))
        | Q(Exists(Response.objects.filter(organisation=home, submitted_at__gte=since)))
        | Q(Exists(Project.objects.filter(home=home, updated_at__gte=since)))
        | Q(Exists(Cycle.objects.filter(project__home=home, updated_at__gte=since)))
        | Q(Exists(MeasureValue.objects.filter(measure__project__home=home, created_at__gte=since)))
        | Q(Exists(LearningRecord.objects.filter(organisation=home, last_viewed_at__gte=since)))
        | Q(Exists(CascadeDelivery.objects.filter(home=home, created_at__gte=since)))
        | Q(
            Exists(
                Registration.objects.filter(
                    user__memberships__organisation=home, status_changed_at__gte=since
                )
            )
        )
    )


def engagement(scope: Scope) -> Engagement:
    """Two queries, whatever the number of homes. Activity is always the last 90 days
    up to today (not the chosen dates): it says how lively the network is now."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    counts = scope.homes().aggregate(homes=Count("pk"), active=Count("pk", filter=_activity(since)))
    members = (
        Membership.objects.filter(scope.home_q("organisation__"), user__is_active=True)
        .order_by()
        .aggregate(n=Count("user", distinct=True))["n"]
    )
    query = scope.list_query(kind="care_home")
    return Engagement(
        homes=counts["homes"],
        active=counts["active"],
        members=members,
        homes_url=f"{reverse('network:directory_organisations')}?{query}",
        members_url=f"{reverse('network:directory')}?{query}",
    )
