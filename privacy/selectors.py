"""Reads for the data protection pages."""

from django.db.models import Prefetch, QuerySet

from network.models import Membership, User
from privacy.models import ErasureRequest


def open_request_of(user: User) -> ErasureRequest | None:
    return own_open_requests(user).first()


def own_open_requests(user: User) -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.OPEN)


def open_requests() -> QuerySet[ErasureRequest]:
    """Every open request, oldest first, with each person's organisations (admins only:
    the view checks)."""
    memberships = Membership.objects.select_related("organisation").order_by("pk")
    return (
        ErasureRequest.objects.filter(status=ErasureRequest.Status.OPEN)
        .select_related("user")
        .prefetch_related(Prefetch("user__memberships", queryset=memberships))
        .order_by("created_at", "pk")
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("pk")
