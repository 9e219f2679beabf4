"""`record()`: the one way to add a row to the audit log."""

from __future__ import annotations

from django.db import models

from audit.models import Action, AuditEvent


def record(
    action: Action | str,
    *,
    request=None,
    actor=None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    detail: str = "",
) -> AuditEvent:
    """Add one audit row. Pass the request (the actor and their acting role come from it)
    or an actor (then the role is the first one they hold); a target model instance or its
    type and id; `detail` is a code-chosen label, never free text a person typed."""
    membership = getattr(request, "membership", None) if request is not None else None
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if membership is None and actor is not None:
        # No request (an invitation being used, a command): the role they hold first.
        membership = actor.memberships.order_by("pk").first()
    if target is not None:
        target_type = target._meta.label_lower
        target_id = target.pk
    return AuditEvent.objects.create(
        actor=actor,
        actor_role=membership.role if membership else "",
        actor_organisation_id=membership.organisation_id if membership else None,
        action=str(action),
        target_type=target_type,
        target_id=str(target_id),
        detail=detail[:120],
    )
