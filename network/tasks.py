from celery import shared_task

from network import emails
from network.models import Invitation


@shared_task
def send_invitation_email(invitation_id: int, token: str) -> None:
    """Email an invitation. Does nothing if it was cancelled or used meanwhile."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return
    emails.invitation(invitation, token)
