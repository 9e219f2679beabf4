"""network's models, one module per area so none grows past a few hundred lines."""

from network.models.agreements import AgreementSignature, AgreementVersion
from network.models.events import (
    Event,
    EventFeedback,
    EventKind,
    EventSeries,
    MeetingAction,
    Registration,
)
from network.models.people import (
    Area,
    Invitation,
    Membership,
    Organisation,
    ServiceType,
    User,
    UserManager,
    default_invitation_expiry,
    hash_token,
)
from network.models.themes import Theme

__all__ = [
    "AgreementSignature",
    "AgreementVersion",
    "Area",
    "Event",
    "EventFeedback",
    "EventKind",
    "EventSeries",
    "Invitation",
    "MeetingAction",
    "Membership",
    "Organisation",
    "Registration",
    "ServiceType",
    "Theme",
    "User",
    "UserManager",
    "default_invitation_expiry",
    "hash_token",
]
