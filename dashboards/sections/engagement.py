"""Engagement: how many care homes are in scope, how many did something on the portal in
the last 90 days, and how many people at them are members."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
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


def _active_homes(scope: Scope, since) -> int:
    """How many care homes in scope did something since `since`: posted or answered a
    need, said "we need this too", sent a survey response, worked on an improvement project
    (the project, a PDSA cycle or a measure's value), used the training library or passed
    training on; or one of its members booked an event.

    One query: a UNION of each kind's organisation ids, each read only for the homes in
    scope (so a locality reads its own homes' rows through their indexes, not the whole
    country's last 90 days), and the UNION drops repeats."""
    homes = scope.homes().values("pk")
    booked = Registration.objects.filter(status_changed_at__gte=since).values("user_id")
    sources = [
        Need.objects.filter(created_at__gte=since, organisation__in=homes).values(
            "organisation_id"
        ),
        NeedResponse.objects.filter(created_at__gte=since, organisation__in=homes).values(
            "organisation_id"
        ),
        NeedEndorsement.objects.filter(created_at__gte=since, organisation__in=homes).values(
            "organisation_id"
        ),
        Response.objects.filter(submitted_at__gte=since, organisation__in=homes).values(
            "organisation_id"
        ),
        Project.objects.filter(updated_at__gte=since, home__in=homes).values("home_id"),
        Cycle.objects.filter(updated_at__gte=since, project__home__in=homes).values(
            "project__home_id"
        ),
        MeasureValue.objects.filter(created_at__gte=since, measure__project__home__in=homes).values(
            "measure__project__home_id"
        ),
        LearningRecord.objects.filter(last_viewed_at__gte=since, organisation__in=homes).values(
            "organisation_id"
        ),
        CascadeDelivery.objects.filter(created_at__gte=since, home__in=homes).values("home_id"),
        Membership.objects.filter(user_id__in=booked, organisation__in=homes).values(
            "organisation_id"
        ),
    ]
    return sources[0].order_by().union(*(source.order_by() for source in sources[1:])).count()


def engagement(scope: Scope) -> Engagement:
    """Two queries, whatever the number of homes. Activity is always the last 90 days
    up to today (not the chosen dates): it says how lively the network is now."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    homes = scope.homes().count()
    members = (
        Membership.objects.filter(scope.home_q("organisation__"), user__is_active=True)
        .order_by()
        .aggregate(n=Count("user", distinct=True))["n"]
    )
    query = scope.list_query(kind="care_home")
    return Engagement(
        homes=homes,
        active=_active_homes(scope, since),
        members=members,
        homes_url=f"{reverse('network:directory_organisations')}?{query}",
        members_url=f"{reverse('network:directory')}?{query}",
    )
