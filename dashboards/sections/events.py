"""Events: webinars, peer support and meetings held in the period (up to now), who came from care
homes in scope, and what they thought of them (the average rating)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Avg, Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from dashboards.filters import Scope
from network.models import Event, EventFeedback, Membership, Registration
from portal.small_numbers import count_text, is_small, mean_text, people_text


@dataclass
class Events:
    held: int
    attended_events: int
    people: int
    attendances: int
    feedback: int
    feedback_people: int
    rating: float | None
    events_url: str

    @property
    def people_text(self) -> str:
        return people_text(self.people)

    @property
    def attendances_text(self) -> str | None:
        """Places taken up: not shown when fewer than 5 people took them."""
        if is_small(self.people):
            return None
        return f"{self.attendances:,}"

    @property
    def attended_events_text(self) -> str | None:
        """Events someone came to: not shown when fewer than 5 people came."""
        return count_text(self.attended_events, self.people)

    @property
    def feedback_text(self) -> str | None:
        """Feedback forms sent: not shown when fewer than 5 people sent them."""
        if is_small(self.feedback_people):
            return None
        return f"{self.feedback:,}"

    @property
    def feedback_people_text(self) -> str:
        return people_text(self.feedback_people)

    @property
    def rating_text(self) -> str | None:
        return mean_text(self.rating, self.feedback_people)


def _from_homes_in_scope(scope: Scope) -> Exists:
    """The person (the row's `user`) is a member of a care home in scope."""
    return Exists(Membership.objects.filter(scope.home_q("organisation__"), user=OuterRef("user")))


def events_section(scope: Scope) -> Events:
    """Three queries, whatever the number of events or people."""
    events = Event.objects.filter(scope.during("starts_at"), starts_at__lte=timezone.now()).exclude(
        status=Event.Status.CANCELLED
    )
    if scope.theme is not None:
        events = events.filter(pk__in=Event.objects.filter(themes=scope.theme).values("pk"))
    events = events.order_by()
    held = events.count()
    came = (
        Registration.objects.filter(
            _from_homes_in_scope(scope),
            event__in=events.values("pk"),
            status=Registration.Status.REGISTERED,
            attended=True,
        )
        .order_by()
        .aggregate(
            people=Count("user", distinct=True),
            attendances=Count("pk"),
            events=Count("event", distinct=True),
        )
    )
    feedback = (
        EventFeedback.objects.filter(_from_homes_in_scope(scope), event__in=events.values("pk"))
        .order_by()
        .aggregate(n=Count("pk"), people=Count("user", distinct=True), rating=Avg("rating"))
    )
    query = {
        "when": "past",
        "held_from": scope.start.isoformat(),
        "held_to": scope.end.isoformat(),
    }
    if scope.theme is not None:
        query["theme"] = scope.theme.pk
    return Events(
        held=held,
        attended_events=came["events"],
        people=came["people"],
        attendances=came["attendances"],
        feedback=feedback["n"],
        feedback_people=feedback["people"],
        rating=feedback["rating"],
        events_url=f"{reverse('network:event_list')}?{urlencode(query)}",
    )
