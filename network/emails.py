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
