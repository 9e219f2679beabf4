"""Celery tasks for data protection. Each takes ids, fetches afresh and is safe to run
twice."""

from celery import shared_task


@shared_task(name="privacy.tasks.tell_admins_about_request")
def tell_admins_about_request(request_id: int) -> int:
    """Email each active network admin that someone asked to be erased. Returns how many
    emails went. A request dealt with meanwhile sends nothing; a retried task sends each
    admin the email once (remembered in the shared cache for a week)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.urls import reverse

    from network.models import User
    from network.roles import Role
    from portal.emails import send
    from privacy.models import ErasureRequest

    erasure_request = (
        ErasureRequest.objects.select_related("user")
        .filter(pk=request_id, status=ErasureRequest.Status.OPEN)
        .first()
    )
    if erasure_request is None:
        return 0
    admins = (
        User.objects.filter(is_active=True, memberships__role=Role.NETWORK_ADMIN)
        .exclude(pk=erasure_request.user_id)
        .distinct()
        .order_by("pk")
    )
    link = settings.SITE_URL + reverse("privacy:erasure_requests")
    sent = 0
    for admin in admins:
        if cache.add(f"erasure-request-email:{request_id}:{admin.pk}", 1, timeout=7 * 24 * 3600):
            send(
                "erasure-requested",
                admin.email,
                {"admin": admin, "erasure_request": erasure_request, "link": link},
            )
            sent += 1
    return sent


@shared_task(name="privacy.tasks.deactivate_unused_accounts")
def deactivate_unused_accounts() -> int:
    """Run daily by beat: deactivate accounts unused for the retention period."""
    from privacy import services

    return services.deactivate_unused_accounts()
