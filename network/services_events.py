"""Writes for events, registrations and feedback (meeting actions: services_actions.py).

Each service checks who is asking and validates before it saves. Emails go through Celery
tasks queued with `transaction.on_commit`, so nobody is emailed about a change that was
rolled back.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from network import selectors_events
from network.models import (
    Event,
    EventFeedback,
    EventSeries,
    Registration,
    Theme,
    User,
)
from portal.forms import LONDON
from portal.tasks import enqueue_on_commit


class RegistrationClosed(Exception):
    """Registration is not possible. The message says why, in plain English."""


def _require_organiser(actor: User) -> None:
    if not selectors_events.can_organise(actor):
        raise PermissionDenied("Only project workers can do this.")


def _validated(event: Event) -> None:
    event.full_clean(exclude=["created_by", "series"])


# --- Series and events ------------------------------------------------------------------


def create_series(
    *, actor: User, title: str, kind: str, description: str = "", themes: list[Theme] = ()
) -> EventSeries:
    _require_organiser(actor)
    series = EventSeries(title=title.strip(), kind=kind, description=description, created_by=actor)
    series.full_clean(exclude=["created_by"])
    series.save()
    series.themes.set(themes)
    return series


def create_event(
    *,
    actor: User,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    venue: str = "",
    online_url: str = "",
    capacity: int | None = None,
    description: str = "",
    series: EventSeries | None = None,
    themes: list[Theme] = (),
) -> Event:
    """Create an event. Steps: check the actor organises events; refuse a start in the
    past; validate (end after start, a venue or a link); save; tag with themes."""
    _require_organiser(actor)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "The event must start in the future."})
    event = Event(
        title=title.strip(),
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        online_url=online_url,
        capacity=capacity,
        description=description,
        series=series,
        created_by=actor,
    )
    _validated(event)
    with transaction.atomic():
        event.save()
        event.themes.set(themes)
    return event


# Fields whose change registered people are told about.
_NOTIFIED_FIELDS = ("starts_at", "ends_at", "venue", "online_url")


def update_event(
    *,
    actor: User,
    event: Event,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    venue: str = "",
    online_url: str = "",
    capacity: int | None = None,
    description: str = "",
    series: EventSeries | None = None,
    themes: list[Theme] = (),
    recording_url: str = "",
) -> Event:
    """Change an event.

    Steps: check the actor; lock the event row; refuse fewer places than people already
    registered; validate and save; if more places appeared, move people up from the waiting
    list; if the time or place changed and anyone is registered or waiting, email them
    what changed once the transaction commits.
    """
    _require_organiser(actor)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = {name: getattr(locked, name) for name in _NOTIFIED_FIELDS}
        registered = _registered_count(locked)
        if capacity is not None and capacity < registered:
            raise ValidationError(
                {
                    "capacity": f"{registered} people are registered. The number of places "
                    f"cannot be fewer than that. Ask people to cancel first."
                }
            )
        for name, value in {
            "title": title.strip(),
            "kind": kind,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "venue": venue.strip(),
            "online_url": online_url,
            "capacity": capacity,
            "description": description,
            "series": series,
            "recording_url": recording_url,
        }.items():
            setattr(locked, name, value)
        if locked.starts_at != before["starts_at"]:
            # A new day means a new reminder.
            locked.reminder_sent_at = None
        _validated(locked)
        locked.save()
        locked.themes.set(themes)
        _fill_places(locked)
        changes = _describe_changes(before, locked)
        if changes and locked.registrations.exclude(status=Registration.Status.CANCELLED).exists():
            from network.tasks import send_event_changed

            version = locked.updated_at.isoformat()
            enqueue_on_commit(send_event_changed, locked.pk, changes, version)
    return locked


def _when(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def _describe_changes(before: dict, event: Event) -> list[str]:
    """Plain-English lines saying what changed, for the email."""
    lines = []
    if before["starts_at"] != event.starts_at or before["ends_at"] != event.ends_at:
        end = event.ends_at.astimezone(LONDON)
        old_end = before["ends_at"].astimezone(LONDON)
        lines.append(
            f"The time has changed. It is now {_when(event.starts_at)} to {end:%H:%M}. "
            f"It was {_when(before['starts_at'])} to {old_end:%H:%M}."
        )
    if before["venue"] != event.venue:
        if event.venue:
            lines.append(f"The venue is now: {event.venue}. It was: {before['venue'] or 'none'}.")
        else:
            lines.append(f"It no longer has a venue (it was {before['venue']}). It is online only.")
    if before["online_url"] != event.online_url:
        if event.online_url:
            lines.append("The online joining link has changed. Use the new link on the event page.")
        else:
            lines.append("It no longer has an online joining link. Come to the venue instead.")
    return lines


def cancel_event(*, actor: User, event: Event, reason: str = "") -> Event:
    """Cancel an event and email everyone registered or waiting, once it commits."""
    _require_organiser(actor)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.is_cancelled:
            return locked
        if locked.has_ended:
            raise ValidationError("This event has already happened, so it cannot be cancelled.")
        locked.status = Event.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        from network.tasks import send_event_cancelled

        enqueue_on_commit(send_event_cancelled, locked.pk, reason.strip())
    return locked


# --- Registration -----------------------------------------------------------------------


def _registered_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.REGISTERED).count()


def why_closed(event: Event) -> str | None:
    """Why nobody can register for this event now, or None when they can."""
    if event.is_cancelled:
        return "This event has been cancelled, so you cannot register for it."
    if event.has_ended:
        return "This event has finished, so you cannot register for it."
    if event.has_started:
        return "This event has already started, so you cannot register for it."
    return None


def register(*, user: User, event: Event) -> Registration:
    """Give `user` a place, or a place on the waiting list when the event is full.

    Steps: lock the event row, so two people taking the last place at the same moment are
    served one after the other; refuse cancelled or started events; count the places
    taken; register or add to the waiting list. Registering twice changes nothing.
    """
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        reason = why_closed(locked)
        if reason:
            raise RegistrationClosed(reason)
        existing = Registration.objects.filter(event=locked, user=user).first()
        if existing and existing.status != Registration.Status.CANCELLED:
            return existing
        full = locked.capacity is not None and _registered_count(locked) >= locked.capacity
        status = Registration.Status.WAITING if full else Registration.Status.REGISTERED
        if existing:
            existing.status = status
            existing.status_changed_at = timezone.now()
            existing.attended = None
            existing.save(update_fields=["status", "status_changed_at", "attended"])
            return existing
        return Registration.objects.create(event=locked, user=user, status=status)


def cancel_registration(*, user: User, event: Event) -> Registration | None:
    """Give up a place (or leave the waiting list).

    When a registered place is freed, the first person waiting (earliest to join the list)
    is moved up in the same transaction and emailed once it commits.
    Returns the cancelled registration, or None if there was nothing to cancel.
    """
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        registration = (
            Registration.objects.filter(event=locked, user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is None:
            return None
        if locked.has_started and not locked.is_cancelled:
            raise RegistrationClosed("This event has already started, so you cannot cancel.")
        registration.status = Registration.Status.CANCELLED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        if not locked.is_cancelled:
            _fill_places(locked)
    return registration


def _fill_places(event: Event) -> list[Registration]:
    """Move people up from the waiting list into free places, earliest first.

    Call inside a transaction holding the event row lock."""
    if event.is_cancelled or event.has_started:
        return []
    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by(
        "status_changed_at", "pk"
    )
    if event.capacity is not None:
        free = event.capacity - _registered_count(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    from network.tasks import send_place_offered

    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        pk = registration.pk
        enqueue_on_commit(send_place_offered, pk)
    return promoted


def mark_attendance(*, actor: User, event: Event, attended: set[int]) -> int:
    """Record who came. `attended` holds registration ids; every other registered person
    is recorded as not attending. Returns how many came."""
    _require_organiser(actor)
    if not event.has_started:
        raise ValidationError("You can record who came once the event has started.")
    registrations = event.registrations.filter(status=Registration.Status.REGISTERED)
    unknown = set(attended) - set(registrations.values_list("pk", flat=True))
    if unknown:
        raise ValidationError("Choose from the people registered for this event.")
    with transaction.atomic():
        registrations.filter(pk__in=attended).update(attended=True)
        registrations.exclude(pk__in=attended).update(attended=False)
    return len(attended)


# --- Feedback ---------------------------------------------------------------------------


def give_feedback(
    *,
    user: User,
    event: Event,
    rating: int,
    feeling: str = "",
    takeaway: str = "",
    idea_now: str = "",
    idea_resources: str = "",
    idea_dream: str = "",
) -> tuple[EventFeedback, bool]:
    """Save someone's feedback on an event they registered for, after it ended.

    One per person: giving it again replaces their earlier answers. Returns the feedback
    and whether it was new."""
    if not selectors_events.can_give_feedback(user, event):
        raise PermissionDenied("Only people who registered can give feedback, after the event.")
    answers = {
        "rating": rating,
        "feeling": feeling.strip(),
        "takeaway": takeaway.strip(),
        "idea_now": idea_now.strip(),
        "idea_resources": idea_resources.strip(),
        "idea_dream": idea_dream.strip(),
    }
    feedback = EventFeedback(event=event, user=user, **answers)
    feedback.full_clean(exclude=["event", "user"], validate_unique=False)
    return EventFeedback.objects.update_or_create(event=event, user=user, defaults=answers)


# --- Reminders --------------------------------------------------------------------------


def claim_reminders_due(*, now: datetime | None = None) -> list[int]:
    """Events starting tomorrow (on a clock in England) whose reminder has not gone.

    Each is claimed by setting `reminder_sent_at` in one UPDATE that only matches while it
    is still empty, so two runs (or two workers) never both send it. Returns their ids.
    """
    now = now or timezone.now()
    tomorrow = now.astimezone(LONDON).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), tzinfo=LONDON)
    end = datetime.combine(tomorrow + timedelta(days=1), datetime.min.time(), tzinfo=LONDON)
    candidates = Event.objects.filter(
        status=Event.Status.SCHEDULED,
        starts_at__gte=start,
        starts_at__lt=end,
        reminder_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    claimed = []
    for pk in candidates:
        if Event.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
            claimed.append(pk)
    return claimed
