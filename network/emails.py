from django.conf import settings
from django.urls import reverse

from network.models import Invitation
from portal.emails import send


def invitation(invitation: Invitation, token: str) -> None:
    link = settings.SITE_URL + reverse("network:accept_invitation", args=[token])
    send(
        "invitation",
        invitation.email,
        {"invitation": invitation, "link": link, "role": invitation.get_role_display()},
    )


# --- Events -------------------------------------------------------------------------------


def _event_ctx(event, user) -> dict:
    from network.selectors_events import can_organise, event_when

    link = settings.SITE_URL + reverse("network:event_detail", args=[event.pk])
    registration = event.registrations.filter(user=user).first()
    registered = registration is not None and registration.status == "registered"
    return {
        "event": event,
        "user": user,
        "link": link,
        "when": event_when(event),
        "show_online_link": registered or can_organise(user),
    }


def event_place_offered(registration) -> None:
    ctx = _event_ctx(registration.event, registration.user)
    send("event-place-offered", registration.user.email, ctx)


def event_changed(event, user, changes: list[str]) -> None:
    send("event-changed", user.email, {**_event_ctx(event, user), "changes": changes})


def event_cancelled(event, user, reason: str) -> None:
    send("event-cancelled", user.email, {**_event_ctx(event, user), "reason": reason})


def event_reminder(event, user) -> None:
    send("event-reminder", user.email, _event_ctx(event, user))
