"""Emails about the needs board (template triples in templates/emails/needs-*)."""

from django.conf import settings
from django.urls import reverse

from portal.emails import send
from surveys import selectors_needs
from surveys.models import Need


def needs_unanswered(need_ids: list[int]) -> None:
    """One summary to each project worker: needs nobody has responded to for 7 days."""
    needs = list(
        Need.objects.filter(pk__in=need_ids)
        .select_related("organisation", "organisation__area")
        .order_by("created_at", "pk")
    )
    if not needs:
        return
    for need in needs:
        need.link = settings.SITE_URL + reverse("surveys:need_detail", args=[need.pk])
    board = settings.SITE_URL + reverse("surveys:need_list")
    for user in selectors_needs.project_workers():
        send(
            "needs-unanswered",
            user.email,
            {"user": user, "needs": needs, "board": board, "days": selectors_needs.UNANSWERED_DAYS},
        )
