"""Reads for the partnership agreement (the network's ground rules) and who has signed it."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from network.models import AgreementSignature, AgreementVersion, Membership, User
from network.selectors import is_network_wide


def current_version() -> AgreementVersion | None:
    return AgreementVersion.objects.order_by("-version").first()


def current_version_for(user: User) -> AgreementVersion | None:
    """The current version, with `signature` set to `user`'s signature of it (or None)."""
    version = (
        AgreementVersion.objects.order_by("-version")
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=AgreementSignature.objects.filter(user=user),
                to_attr="user_signatures",
            )
        )
        .first()
    )
    if version is not None:
        version.signature = version.user_signatures[0] if version.user_signatures else None
    return version


def version_to_sign(user: User) -> AgreementVersion | None:
    """The current version if `user` has not signed it yet, in one query."""
    if not user.is_authenticated:
        return None
    signed = AgreementSignature.objects.filter(version=OuterRef("pk"), user=user)
    version = AgreementVersion.objects.order_by("-version").annotate(signed=Exists(signed)).first()
    if version is None or version.signed:
        return None
    return version


def home_items(user: User) -> dict:
    """What the home page shows about the agreement: `agreement_to_sign` (a version or None)."""
    return {"agreement_to_sign": version_to_sign(user)}


# ---------------------------------------------------------------------------------------
# Who has signed: project workers and network admins only.


def _require_network_wide(user: User) -> None:
    if not is_network_wide(user):
        raise PermissionDenied("Only project workers can see who has signed the agreement.")


def require_can_publish(user: User) -> None:
    if not is_network_wide(user):
        raise PermissionDenied("Only project workers can publish the agreement.")


def versions_with_counts(user: User) -> list[AgreementVersion]:
    _require_network_wide(user)
    return list(
        AgreementVersion.objects.annotate(signature_count=Count("signatures")).order_by("-version")
    )


def choose_version(versions: list[AgreementVersion], number: str | None) -> AgreementVersion:
    """The version asked for by number, or the current one; 404 for a number never published."""
    if not versions:
        raise Http404
    if not number:
        return versions[0]
    for version in versions:
        if str(version.version) == number:
            return version
    raise Http404


def _memberships_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("organisation").order_by("organisation__name"),
    )


def signatures_of(version: AgreementVersion) -> QuerySet[AgreementSignature]:
    return (
        AgreementSignature.objects.filter(version=version)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            )
        )
        .order_by("-signed_at", "pk")
    )


def not_signed(version: AgreementVersion) -> QuerySet[User]:
    """Active members who have not signed this version."""
    return (
        User.objects.filter(is_active=True, memberships__isnull=False)
        .exclude(agreement_signatures__version=version)
        .distinct()
        .prefetch_related(_memberships_prefetch())
        .order_by("full_name", "pk")
    )
