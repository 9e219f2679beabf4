"""Reads for events, registrations, feedback and meeting actions.

Every signed-in member sees every event and series (they are network-wide). Project
workers and network admins organise them; anyone else asking for an organiser's page
gets 403. Unknown ids are 404.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from network.models import (
    Event,
    EventFeedback,
    EventSeries,
    MeetingAction,
    Registration,
    User,
)
from network.roles import Role
from network.selectors import _cached_memberships, is_network_wide
from portal.forms import london_datetime
from portal.small_numbers import SMALL_NUMBER, people_text


def can_organise(user: User) -> bool:
    """Project workers and network admins run events."""
    return is_network_wide(user)


def _require_organiser(user: User) -> None:
    if not can_organise(user):
        raise PermissionDenied("Only project workers can do this.")


# --- Events -----------------------------------------------------------------------------


def _registered_count():
    """Places taken, counted for each event shown (a subquery: with thousands of upcoming
    events a join and GROUP BY would count every event's registrations before the page of
    20 is cut)."""
    taken = (
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.REGISTERED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(taken[:1]), 0)


def _my_status(user: User):
    return Subquery(
        Registration.objects.filter(event=OuterRef("pk"), user=user).values("status")[:1]
    )


def event_list(
    user: User,
    *,
    past: bool = False,
    kind: str = "",
    theme=None,
    held_from: date | None = None,
    held_to: date | None = None,
) -> QuerySet[Event]:
    """Upcoming events soonest first (or past events latest first), with what the list
    shows: places taken, the person's own registration status, themes and series.
    `held_from` and `held_to` keep events starting on those days or between them."""
    now = timezone.now()
    qs = Event.objects.select_related("series").annotate(
        registered_count=_registered_count(), my_status=_my_status(user)
    )
    if past:
        qs = qs.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        qs = qs.filter(ends_at__gt=now).order_by("starts_at", "pk")
    if kind:
        qs = qs.filter(kind=kind)
    if theme is not None:
        qs = qs.filter(themes=theme)
    if held_from is not None:
        qs = qs.filter(starts_at__gte=london_datetime(held_from, time.min))
    if held_to is not None:
        qs = qs.filter(starts_at__lt=london_datetime(held_to + timedelta(days=1), time.min))
    return qs.prefetch_related("themes")


def get_event(user: User, pk: int) -> Event:
    """Any signed-in member may see an event; an unknown id is 404."""
    return get_object_or_404(Event.objects.select_related("series"), pk=pk)


def get_event_for_organising(user: User, pk: int) -> Event:
    """An event to change: 404 when it does not exist, 403 for anyone but organisers."""
    event = get_event(user, pk)
    _require_organiser(user)
    return event


def get_series(user: User, pk: int) -> EventSeries:
    return get_object_or_404(EventSeries, pk=pk)


def find_series(pk: int) -> EventSeries | None:
    return EventSeries.objects.filter(pk=pk).first()


def series_events(series: EventSeries, user: User) -> QuerySet[Event]:
    return (
        Event.objects.filter(series=series)
        .select_related("series")
        .prefetch_related("themes")
        .annotate(registered_count=_registered_count(), my_status=_my_status(user))
        .order_by("starts_at", "pk")
    )


def registration_of(user: User, event: Event) -> Registration | None:
    return Registration.objects.filter(event=event, user=user).first()


def places_left(event: Event, registered: int) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - registered, 0)


def _actions(qs: QuerySet[MeetingAction]) -> QuerySet[MeetingAction]:
    return qs.select_related("owner_user", "owner_organisation", "event")


def actions_for(event: Event) -> QuerySet[MeetingAction]:
    return _actions(MeetingAction.objects.filter(event=event))


def report_back_actions(event: Event) -> QuerySet[MeetingAction]:
    """Open actions from earlier meetings in the same series, to report back on."""
    if event.series_id is None:
        return MeetingAction.objects.none()
    return _actions(
        MeetingAction.objects.filter(
            event__series_id=event.series_id,
            event__starts_at__lt=event.starts_at,
            status__in=MeetingAction.OPEN_STATUSES,
        )
    ).order_by("due_date", "pk")


def registrations_for_organisers(event: Event) -> QuerySet[Registration]:
    return (
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("status", "status_changed_at", "pk")
    )


def attendance_registrations(event: Event) -> list[Registration]:
    return list(
        event.registrations.filter(status=Registration.Status.REGISTERED)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


@dataclass
class EventPage:
    event: Event
    registration: Registration | None
    registered_count: int
    waiting_count: int
    places_left: int | None
    can_organise: bool
    can_see_link: bool
    can_give_feedback: bool
    has_given_feedback: bool
    actions: list = field(default_factory=list)
    report_back: list = field(default_factory=list)
    registrations: list = field(default_factory=list)
    themes: list = field(default_factory=list)


def event_page(user: User, event: Event) -> EventPage:
    """Everything the event page shows, in a fixed number of queries."""
    counts = event.registrations.aggregate(
        registered=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
    )
    registration = registration_of(user, event)
    organiser = can_organise(user)
    is_registered = (
        registration is not None and registration.status == Registration.Status.REGISTERED
    )
    feedback_possible = is_registered and event.has_ended and not event.is_cancelled
    actions = list(actions_for(event))
    report_back = list(report_back_actions(event))
    for action in actions + report_back:
        action.can_update = can_update_action(user, action)
    return EventPage(
        event=event,
        registration=registration,
        registered_count=counts["registered"],
        waiting_count=counts["waiting"],
        places_left=places_left(event, counts["registered"]),
        can_organise=organiser,
        can_see_link=organiser or is_registered,
        can_give_feedback=feedback_possible,
        has_given_feedback=feedback_possible
        and EventFeedback.objects.filter(event=event, user=user).exists(),
        actions=actions,
        report_back=report_back,
        registrations=list(registrations_for_organisers(event)) if organiser else [],
        themes=list(event.themes.all()),
    )


# --- Feedback ---------------------------------------------------------------------------


def can_give_feedback(user: User, event: Event) -> bool:
    """Only people registered for an event that has ended (and was not cancelled)."""
    if event.is_cancelled or not event.has_ended:
        return False
    return Registration.objects.filter(
        event=event, user=user, status=Registration.Status.REGISTERED
    ).exists()


def get_event_for_feedback(user: User, pk: int) -> Event:
    event = get_event(user, pk)
    if not can_give_feedback(user, event):
        raise PermissionDenied("Only people who registered can give feedback, after the event.")
    return event


def feedback_of(user: User, event: Event) -> EventFeedback | None:
    return EventFeedback.objects.filter(event=event, user=user).first()


@dataclass
class FeedbackSummary:
    responses: int
    responses_text: str
    average_text: str
    ratings: list[tuple[str, str]]
    answers: dict[str, list[str]]


_ANSWER_FIELDS = [
    ("feeling", "How people felt"),
    ("takeaway", "What people will take away"),
    ("idea_now", "One thing we could do now, at no cost"),
    ("idea_resources", "One thing we could do with some resources"),
    ("idea_dream", "One dream"),
]


def feedback_summary(feedback: QuerySet[EventFeedback]) -> FeedbackSummary:
    """Counts and the average rating, with counts of fewer than 5 people suppressed, and
    every free-text answer without names."""
    totals = feedback.aggregate(responses=Count("pk"), average=Avg("rating"))
    by_rating = dict(
        feedback.order_by().values_list("rating").annotate(n=Count("pk")).values_list("rating", "n")
    )
    responses = totals["responses"]
    if responses == 0:
        average_text = "No responses yet"
    elif responses < SMALL_NUMBER:
        average_text = "fewer than 5 responses"
    else:
        average_text = f"{totals['average']:.1f} out of 5"
    ratings = [(label, people_text(by_rating.get(value, 0))) for value, label in _RATING_LABELS]
    answers: dict[str, list[str]] = {label: [] for _, label in _ANSWER_FIELDS}
    rows = feedback.order_by("?").values_list(*[name for name, _ in _ANSWER_FIELDS])
    for row in rows:
        for (_, label), text in zip(_ANSWER_FIELDS, row, strict=True):
            if text.strip():
                answers[label].append(text)
    return FeedbackSummary(
        responses=responses,
        responses_text=people_text(responses),
        average_text=average_text,
        ratings=ratings,
        answers=answers,
    )


_RATING_LABELS = [
    (5, "5 – very good"),
    (4, "4 – good"),
    (3, "3 – neither good nor poor"),
    (2, "2 – poor"),
    (1, "1 – very poor"),
]


def event_feedback(event: Event) -> QuerySet[EventFeedback]:
    return EventFeedback.objects.filter(event=event)


def series_feedback(series: EventSeries) -> QuerySet[EventFeedback]:
    return EventFeedback.objects.filter(event__series=series)


# --- Meeting actions --------------------------------------------------------------------


def _updatable_organisation_ids(user: User) -> list[int]:
    """Organisations whose actions this person may update: a care home they manage, or
    any other kind of organisation they belong to."""
    ids = []
    for membership in _cached_memberships(user):
        if membership.organisation.is_care_home:
            if membership.role == Role.CARE_HOME_MANAGER:
                ids.append(membership.organisation_id)
        else:
            ids.append(membership.organisation_id)
    return ids


def can_update_action(user: User, action: MeetingAction) -> bool:
    if can_organise(user):
        return True
    if action.owner_user_id is not None and action.owner_user_id == user.pk:
        return True
    return (
        action.owner_organisation_id is not None
        and action.owner_organisation_id in _updatable_organisation_ids(user)
    )


def get_action_for_update(user: User, pk: int) -> MeetingAction:
    """An action to update: 404 when unknown, 403 unless the person may update it."""
    action = get_object_or_404(
        MeetingAction.objects.select_related("event", "owner_user", "owner_organisation"), pk=pk
    )
    if not can_update_action(user, action):
        raise PermissionDenied("Only the action's owner or a project worker can update it.")
    return action


def my_open_actions(user: User) -> QuerySet[MeetingAction]:
    """Open actions the person owns or could update for their organisation."""
    owned = Q(owner_user=user)
    org_ids = _updatable_organisation_ids(user)
    if org_ids:
        owned |= Q(owner_organisation_id__in=org_ids)
    return _actions(MeetingAction.objects.filter(owned, status__in=MeetingAction.OPEN_STATUSES))


# --- Home page --------------------------------------------------------------------------


def home_items(user: User) -> dict:
    """What the home page shows about events and actions: upcoming events the person is
    registered for (`upcoming_registrations`) and their open actions (`open_actions`).

    Two queries (the person's memberships are usually cached already)."""
    upcoming = list(
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING],
            event__ends_at__gt=timezone.now(),
            event__status=Event.Status.SCHEDULED,
        )
        .select_related("event")
        .order_by("event__starts_at")[:5]
    )
    actions = list(my_open_actions(user).order_by("due_date", "pk")[:10])
    return {"upcoming_registrations": upcoming, "open_actions": actions}


def event_when(event: Event) -> str:
    """'Tuesday 1 December 2026, 14:00 to 15:30' on the clock in England."""
    from portal.forms import LONDON

    start, end = event.starts_at.astimezone(LONDON), event.ends_at.astimezone(LONDON)
    text = f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M} to "
    if end.date() != start.date():
        text += f"{end:%A} {end.day} {end:%B %Y}, "
    return text + f"{end:%H:%M}"
