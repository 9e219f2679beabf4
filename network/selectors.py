"""Reads, scoped to what the person asking may see.

Access is decided here, once per model: views never reach an organisation's members or
invitations through a bare `Model.objects`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from network.models import Invitation, Membership, Organisation, User
from network.roles import NETWORK_WIDE_ROLES, Role, roles_for_kind


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "organisation__area")


def is_network_wide(user: User) -> bool:
    """Project workers and network admins run the whole network."""
    if user.is_superuser:
        return True
    return any(m.role in NETWORK_WIDE_ROLES for m in _cached_memberships(user))


def is_network_admin(user: User) -> bool:
    if user.is_superuser:
        return True
    return any(m.role == Role.NETWORK_ADMIN for m in _cached_memberships(user))


def _cached_memberships(user: User) -> list[Membership]:
    if not hasattr(user, "_membership_cache"):
        user._membership_cache = list(memberships_of(user))
    return user._membership_cache


def membership_in(user: User, organisation: Organisation) -> Membership | None:
    for membership in _cached_memberships(user):
        if membership.organisation_id == organisation.pk:
            return membership
    return None


def organisations_for_member_management(user: User) -> QuerySet[Organisation]:
    """Organisations whose member list this person may at least read."""
    qs = Organisation.objects.select_related("area")
    if is_network_wide(user):
        return qs
    return qs.filter(memberships__user=user).distinct()


def get_organisation_for_members(user: User, pk: int, *, write: bool = False) -> Organisation:
    """The organisation whose members `user` wants to see or change.

    Outsiders get 404. Members who may read but not manage get 403 when `write` is set.
    """
    organisation = get_object_or_404(organisations_for_member_management(user), pk=pk)
    if write and not can_manage_members(user, organisation):
        raise PermissionDenied("Only the home's manager or a project worker can do this.")
    return organisation


def can_manage_members(user: User, organisation: Organisation) -> bool:
    if is_network_wide(user):
        return True
    membership = membership_in(user, organisation)
    return membership is not None and membership.role == Role.CARE_HOME_MANAGER


def roles_user_can_grant(user: User, organisation: Organisation) -> list[Role]:
    """Roles `user` may invite someone into `organisation` with; never above their own."""
    allowed = roles_for_kind(organisation.kind)
    if is_network_admin(user):
        return allowed
    if is_network_wide(user):
        return [role for role in allowed if role != Role.NETWORK_ADMIN]
    if can_manage_members(user, organisation):
        return [role for role in allowed if role in (Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF)]
    return []


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )


def pending_invitations_for(organisation: Organisation) -> QuerySet[Invitation]:
    from django.utils import timezone

    return (
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def get_membership_for_change(user: User, organisation: Organisation, pk: int) -> Membership:
    """A membership in an organisation `user` manages (404 if not in that organisation)."""
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=pk, organisation=organisation
    )


def get_invitation_for_change(user: User, organisation: Organisation, pk: int) -> Invitation:
    return get_object_or_404(Invitation, pk=pk, organisation=organisation)


def organisation_list(user: User, *, query: str = "") -> QuerySet[Organisation]:
    qs = organisations_for_member_management(user).annotate(
        member_count=Count("memberships", filter=Q(memberships__user__is_active=True))
    )
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(area__name__icontains=query))
    return qs.order_by("name")


def get_member_or_404(user: User, pk: int) -> Membership:
    membership = Membership.objects.filter(pk=pk, user=user).select_related("organisation").first()
    if membership is None:
        raise Http404
    return membership


def recent_pending_invitations() -> QuerySet[Invitation]:
    """Invitations across the network nobody has used yet (for project workers)."""
    from django.utils import timezone

    return (
        Invitation.objects.filter(
            accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def active_user_with_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email, is_active=True).first()


def partner_area_ids(user: User, tree=None) -> set[int]:
    """The areas a partner covers: the areas of the organisations where they are a
    partner, and every area inside them. Empty for anyone who is not a partner. Pass the
    AreaTree if the caller has already loaded it."""
    from network.selectors_directory import AreaTree

    own = {m.organisation.area_id for m in _cached_memberships(user) if m.role == Role.PARTNER}
    if not own:
        return set()
    tree = tree or AreaTree.load()
    found: set[int] = set()
    for area_id in own:
        found |= tree.descendants(area_id)
    return found
