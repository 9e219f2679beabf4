"""Who may see and change training. Every training view asks here.

- **Published** sessions, and collections holding one, are for every signed-in member.
- **Drafts** exist only for project workers and network admins (everyone else: 404).
- **Archived** sessions leave the library. Project workers and admins still see them, and
  so does anyone with a learning record for one (their "my learning" page and certificate
  keep working). Everyone else: 404.
- **Managing** sessions and collections (create, edit, upload, publish, archive, order):
  project workers and network admins. Others who can see the session get 403.
- **Learning records** are the person's own; nobody opens another person's record.
- **Cascade training** (train-the-trainer) is recorded by champions and managers at a care
  home, for that home. Other roles get 403.
- **Analytics**: project workers and admins see the whole network; partners see the care
  homes in their organisation's area (and the areas inside it); care home members get 403.

Access follows current memberships, read from the cache on the user (no extra queries).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from network.models import Organisation, User
from network.roles import Role
from network.selectors import _cached_memberships, is_network_wide, partner_area_ids
from training.models import Collection, LearningRecord, Session

VIEW, MANAGE = "view", "manage"


def can_manage(user: User) -> bool:
    return is_network_wide(user)


def visible_sessions(user: User) -> QuerySet[Session]:
    """Sessions this person may open (the library lists only the published ones)."""
    qs = Session.objects.all()
    if can_manage(user):
        return qs
    has_record = Exists(LearningRecord.objects.filter(session=OuterRef("pk"), user=user))
    return qs.filter(
        Q(status=Session.Status.PUBLISHED) | Q(has_record, status=Session.Status.ARCHIVED)
    )


def published_sessions() -> QuerySet[Session]:
    return Session.objects.filter(status=Session.Status.PUBLISHED)


def get_session(user: User, pk: int, action: str = VIEW) -> Session:
    """The session, or 404 if this person may not see it; 403 if they may see but the
    action is MANAGE and they are not a project worker or admin."""
    session = get_object_or_404(visible_sessions(user), pk=pk)
    if action == MANAGE and not can_manage(user):
        raise PermissionDenied("Only the network's project workers can change training sessions.")
    return session


def visible_collections(user: User) -> QuerySet[Collection]:
    qs = Collection.objects.all()
    if can_manage(user):
        return qs
    return qs.filter(
        Exists(
            Session.objects.filter(
                collection_items__collection=OuterRef("pk"), status=Session.Status.PUBLISHED
            )
        )
    )


def get_collection(user: User, pk: int, action: str = VIEW) -> Collection:
    collection = get_object_or_404(visible_collections(user), pk=pk)
    if action == MANAGE and not can_manage(user):
        raise PermissionDenied("Only the network's project workers can change collections.")
    return collection


# --- Cascade training -----------------------------------------------------------------


def cascade_homes(user: User) -> list[Organisation]:
    """Care homes where this person may record cascade training: where they are a
    champion, or the manager."""
    return [
        m.organisation
        for m in _cached_memberships(user)
        if m.organisation.is_care_home
        and (m.role == Role.CARE_HOME_MANAGER or (m.role == Role.CARE_HOME_STAFF and m.is_champion))
    ]


def require_cascade(user: User) -> list[Organisation]:
    homes = cascade_homes(user)
    if not homes:
        raise PermissionDenied(
            "Only champions and managers at a care home can record training they passed on."
        )
    return homes


# --- Analytics ------------------------------------------------------------------------


def analytics_area_ids(user: User) -> set[int] | None:
    """None: the whole network (project workers and admins). A set: the areas a partner
    covers (their organisations' areas and every area inside them)."""
    if is_network_wide(user):
        return None
    areas = partner_area_ids(user)
    if not areas:
        raise PermissionDenied(
            "Training figures are for the network's project workers and partners."
        )
    return areas
