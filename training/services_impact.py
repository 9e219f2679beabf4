"""Writes for training impact: recording that a champion passed a session on."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from network.models import Organisation, User
from training import access
from training.models import CascadeDelivery, Session

# The same details sent again within this time (a double click, or a resubmitted page)
# are the same record, not a second one.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)


def delivered_on_problems(delivered_on: date, session: Session | None) -> list[str]:
    """What is wrong with the date a session was passed on (the form shows the same)."""
    if delivered_on > timezone.localdate():
        return ["The date you passed it on must be today or in the past"]
    if session is not None and delivered_on < session.recorded_on:
        return [
            "The date you passed it on must be on or after the day the session was "
            f"recorded ({session.recorded_on:%-d %B %Y})"
        ]
    return []


def record_cascade(
    *,
    actor: User,
    session: Session,
    home: Organisation,
    delivered_on: date,
    attendees: int,
    notes: str = "",
) -> tuple[CascadeDelivery, bool]:
    """Record that `actor` passed `session` on to `attendees` colleagues at `home`.

    Returns (record, created). The same details sent again within a few minutes return
    the record saved then, with created False. Raises PermissionDenied unless the actor is
    a champion or the manager at `home`; ValidationError for bad input."""
    homes = access.require_cascade(actor)
    if home.pk not in {h.pk for h in homes}:
        raise PermissionDenied("You can only record training passed on at your own home.")
    if not session.is_published:
        raise ValidationError({"session": "Choose a session from the list"})
    delivery = CascadeDelivery(
        session=session,
        delivered_by=actor,
        home=home,
        delivered_on=delivered_on,
        attendees=attendees,
        notes=(notes or "").replace("\r\n", "\n").strip(),
    )
    errors: dict[str, list[str]] = {}
    try:
        delivery.full_clean(exclude=["session", "delivered_by", "home"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if delivered_on and "delivered_on" not in errors:
        problems = delivered_on_problems(delivered_on, session)
        if problems:
            errors["delivered_on"] = problems
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One record at a time per home, so two copies of one form cannot both be saved.
        list(Organisation.objects.select_for_update().filter(pk=home.pk))
        earlier = (
            CascadeDelivery.objects.filter(
                session=session,
                home=home,
                delivered_by=actor,
                delivered_on=delivered_on,
                attendees=attendees,
                notes=delivery.notes,
                created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
            )
            .order_by("-pk")
            .first()
        )
        if earlier is not None:
            return earlier, False
        delivery.save()
    return delivery, True
