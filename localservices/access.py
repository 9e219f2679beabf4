"""Who may see and change the local services directory. Every view asks here.

- **Reading**: everyone signed in reads every entry (the directory is for the whole
  network), including entries marked as no longer running, so a response to a need that
  points to one still opens. The list shows running services only, unless a maintainer
  asks for the others.
- **Maintaining** an entry (change it, its named contacts, mark it checked, mark it
  running or not, accept or decline suggestions on it):
  - project workers and network admins: every entry;
  - partners: an entry when at least one of the areas it lists lies within their areas
    (the area of the organisation where they are a partner, and every area inside it:
    network.selectors.partner_area_ids). An entry listed only for a wider area (say the
    whole region, when the partner is at an ICB) is maintained by project workers.
    A partner changing an entry may add or remove only areas within their own areas;
    areas outside them stay as they are.
  - everyone else who can read it gets 403.
- **Adding** an entry: project workers, admins and partners (a partner's entry must list
  at least one of their areas). Care home members get 403.
- **Suggesting a correction**: everyone signed in, on any entry.
- **Suggestions**: the person who made one sees it and its outcome; the maintainers of
  its entry see it and decide. Anyone else gets 404. The list of suggestions to review is
  for maintainers (care home members get 403).

Access follows current memberships, cached on the user (no extra queries beyond reading
the area tree once for partners).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from localservices.models import LocalService, Suggestion
from network.models import User
from network.selectors import is_network_wide, partner_area_ids

VIEW, MAINTAIN = "view", "maintain"
NOT_A_MAINTAINER = (
    "Only the network's project workers and partners for the areas this service covers "
    "can change it. You can suggest a correction instead."
)


def maintained_area_ids(user: User, tree=None) -> set[int] | None:
    """None: every entry (project workers and admins). A set: the areas a partner covers
    (empty for everyone else)."""
    if is_network_wide(user):
        return None
    return partner_area_ids(user, tree)


def can_add(user: User) -> bool:
    return maintained_area_ids(user) != set()


def can_maintain(user: User, service: LocalService, tree=None) -> bool:
    areas = maintained_area_ids(user, tree)
    if areas is None:
        return True
    return bool(areas & {area.pk for area in service.areas.all()})


def maintained_services(user: User) -> QuerySet[LocalService]:
    """The entries this person maintains."""
    areas = maintained_area_ids(user)
    if areas is None:
        return LocalService.objects.all()
    listed = LocalService.areas.through.objects.filter(
        localservice_id=OuterRef("pk"), area_id__in=areas
    )
    return LocalService.objects.filter(Exists(listed))


def get_service(user: User, pk: int, action: str = VIEW) -> LocalService:
    """The entry (404 if unknown); 403 when the action is MAINTAIN and they may not."""
    service = get_object_or_404(
        LocalService.objects.select_related("provider", "last_reviewed_by").prefetch_related(
            "areas", "themes"
        ),
        pk=pk,
    )
    if action == MAINTAIN and not can_maintain(user, service):
        raise PermissionDenied(NOT_A_MAINTAINER)
    return service


def require_add(user: User) -> None:
    if not can_add(user):
        raise PermissionDenied(
            "Only the network's project workers and partners can add a local service. "
            "You can suggest a correction to an entry instead."
        )


def require_reviewer(user: User) -> None:
    if not can_add(user):
        raise PermissionDenied(
            "Suggestions are reviewed by the network's project workers and partners. "
            "Your own suggestions are on ‘Your suggestions’."
        )


def visible_suggestions(user: User) -> QuerySet[Suggestion]:
    """Suggestions this person made, and those on entries they maintain."""
    qs = Suggestion.objects.all()
    if is_network_wide(user):
        return qs
    return qs.filter(Q(suggested_by=user) | Q(service__in=maintained_services(user).values("pk")))


def get_suggestion(user: User, pk: int, action: str = VIEW) -> Suggestion:
    """404 for a suggestion this person neither made nor maintains; 403 for the person
    who made it when they ask to decide it (and do not maintain the entry)."""
    suggestion = get_object_or_404(
        visible_suggestions(user).select_related("service", "suggested_by", "decided_by"),
        pk=pk,
    )
    if action == MAINTAIN and not can_maintain(user, suggestion.service):
        raise PermissionDenied("Only the people who maintain this entry can decide.")
    return suggestion
