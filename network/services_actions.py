"""Writes for actions agreed at meetings. Each checks who is asking before it saves."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from network import selectors_events
from network.models import Event, MeetingAction, Organisation, User
from network.services_events import _require_organiser


def _set_status(action: MeetingAction, status: str) -> None:
    if status not in MeetingAction.Status.values:
        raise ValidationError({"status": "Choose where the action has got to."})
    if status != action.status:
        action.status = status
        action.completed_at = None if status in MeetingAction.OPEN_STATUSES else timezone.now()


def create_action(
    *,
    actor: User,
    event: Event,
    description: str,
    owner_user: User | None = None,
    owner_organisation: Organisation | None = None,
    due_date: date | None = None,
) -> MeetingAction:
    """Record an action agreed at a meeting. It needs an owner: a person, an organisation,
    or both."""
    _require_organiser(actor)
    if owner_user is None and owner_organisation is None:
        raise ValidationError({"owner_user": "Choose who owns this action."})
    action = MeetingAction(
        event=event,
        description=description.strip(),
        owner_user=owner_user,
        owner_organisation=owner_organisation,
        due_date=due_date,
        created_by=actor,
    )
    action.full_clean(exclude=["created_by", "event"])
    action.save()
    return action


def update_action_progress(
    *, actor: User, action: MeetingAction, status: str, progress_note: str = ""
) -> MeetingAction:
    """An owner (or a project worker) says how an action is going."""
    if not selectors_events.can_update_action(actor, action):
        raise PermissionDenied("Only the action's owner or a project worker can update it.")
    _set_status(action, status)
    action.progress_note = progress_note.strip()
    action.full_clean(exclude=["created_by", "event", "owner_user", "owner_organisation"])
    action.save()
    return action


def edit_action(
    *,
    actor: User,
    action: MeetingAction,
    description: str,
    owner_user: User | None,
    owner_organisation: Organisation | None,
    due_date: date | None,
    status: str,
    progress_note: str = "",
) -> MeetingAction:
    """A project worker changes anything about an action."""
    _require_organiser(actor)
    if owner_user is None and owner_organisation is None:
        raise ValidationError({"owner_user": "Choose who owns this action."})
    action.description = description.strip()
    action.owner_user = owner_user
    action.owner_organisation = owner_organisation
    action.due_date = due_date
    _set_status(action, status)
    action.progress_note = progress_note.strip()
    action.full_clean(exclude=["created_by", "event"])
    action.save()
    return action
