"""Reads for the local services directory: the list and search, an entry's page, services
that may help with a need, and suggestions. Who may see what is in localservices.access.

Coverage: a service lists the areas it covers. A service listed for an ICB area covers its
localities; one listed for a region covers everything in it. So the services for a place
are those listing the place or any area above it; searching for a wider area also finds
services that cover part of it.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from localservices import access
from localservices.models import LocalService, ServiceKind, Suggestion
from network.models import Membership, Theme, User
from network.selectors import is_network_wide
from network.selectors_directory import AreaTree, contact_for, people_directory, sees_all_contacts

# Kinds of service that help with a theme, for needs with few services sharing a theme.
KINDS_FOR_THEME = {
    "falls": [ServiceKind.FALLS],
    "medicines-safety": [ServiceKind.PHARMACY],
    "nutrition-and-hydration": [ServiceKind.DIETETICS, ServiceKind.SPEECH_LANGUAGE],
    "dementia": [ServiceKind.MENTAL_HEALTH],
    "wellbeing": [ServiceKind.MENTAL_HEALTH, ServiceKind.VOLUNTARY],
    "deterioration": [ServiceKind.COMMUNITY_NURSING],
    "infection-control": [ServiceKind.COMMUNITY_NURSING],
    "improving-health-and-healthcare": [ServiceKind.COMMUNITY_NURSING],
    "advance-care-planning": [ServiceKind.PALLIATIVE],
    "supporting-good-end-of-life": [ServiceKind.PALLIATIVE],
    "managing-transitions": [ServiceKind.SOCIAL_CARE, ServiceKind.COMMUNITY_NURSING],
    "creating-community": [ServiceKind.VOLUNTARY],
}
NEED_SUGGESTIONS = 5
PEOPLE_RESULTS = 20


# --- Areas ------------------------------------------------------------------------------


def ancestors(tree: AreaTree, area_id: int) -> set[int]:
    """The area and every area above it (its ICB area, its region)."""
    found: set[int] = set()
    while area_id is not None and area_id in tree.by_id and area_id not in found:
        found.add(area_id)
        area_id = tree.by_id[area_id].parent_id
    return found


def covering_area_ids(tree: AreaTree, area_id: int) -> set[int]:
    """Areas whose services matter to `area_id`: those above it (they cover it) and those
    inside it (they cover part of it)."""
    return ancestors(tree, area_id) | tree.descendants(area_id)


def _covers(area_ids: set[int]) -> Exists:
    return Exists(
        LocalService.areas.through.objects.filter(
            localservice_id=OuterRef("pk"), area_id__in=area_ids
        )
    )


def area_names(service: LocalService) -> str:
    return ", ".join(sorted(area.name for area in service.areas.all()))


# --- The list ---------------------------------------------------------------------------


def directory(
    *,
    q: str = "",
    kind: str = "",
    area_ids: set[int] | None = None,
    theme: Theme | None = None,
    include_inactive: bool = False,
) -> QuerySet[LocalService]:
    """Services by name, with what the list shows (provider, areas) in a fixed number of
    queries. `q` searches the name, the provider and what it does."""
    qs = LocalService.objects.select_related("provider").prefetch_related("areas")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(provider_name__icontains=q)
            | Q(provider__name__icontains=q)
            | Q(summary__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if area_ids is not None:
        qs = qs.filter(_covers(area_ids))
    if theme is not None:
        qs = qs.filter(
            Exists(
                LocalService.themes.through.objects.filter(
                    localservice_id=OuterRef("pk"), theme_id=theme.pk
                )
            )
        )
    return qs.order_by("name", "pk")


def default_area(membership: Membership | None) -> int | None:
    """Where the list starts: the area of the home or partner organisation the person acts
    for. Project workers and admins start with every area."""
    if membership is None or is_network_wide(membership.user):
        return None
    return membership.organisation.area_id


# --- An entry's page --------------------------------------------------------------------


@dataclass
class ServicePage:
    service: LocalService
    contacts: list
    can_maintain: bool
    pending: list = field(default_factory=list)  # for maintainers
    mine: list = field(default_factory=list)  # the viewer's own suggestions on it


def contacts_of(service: LocalService, viewer: User) -> list[User]:
    """Named contacts who can still sign in, with `.contact` following each person's
    choice to show their email and phone (project workers see both), and `.organisations`."""
    sees_all = sees_all_contacts(viewer)
    people = list(
        User.objects.filter(local_service_contacts=service, is_active=True)
        .prefetch_related("memberships__organisation")
        .order_by("full_name", "pk")
    )
    for person in people:
        person.contact = contact_for(person, sees_all=sees_all)
        person.organisations = ", ".join(m.organisation.name for m in person.memberships.all())
    return people


def service_page(user: User, service: LocalService) -> ServicePage:
    maintains = access.can_maintain(user, service)
    suggestions = service.suggestions.select_related("suggested_by")
    return ServicePage(
        service=service,
        contacts=contacts_of(service, user),
        can_maintain=maintains,
        pending=list(suggestions.filter(status=Suggestion.Status.PENDING)) if maintains else [],
        mine=list(suggestions.filter(suggested_by=user)),
    )


# --- Needs ------------------------------------------------------------------------------


def kinds_for(themes: list[Theme]) -> list[str]:
    return sorted({kind for theme in themes for kind in KINDS_FOR_THEME.get(theme.slug, [])})


def services_for_area(area_id: int, tree: AreaTree | None = None) -> QuerySet[LocalService]:
    """Running services that cover a place (listed for it or an area above it)."""
    tree = tree or AreaTree.load()
    return (
        LocalService.objects.filter(is_active=True)
        .filter(_covers(ancestors(tree, area_id)))
        .select_related("provider")
        .order_by("name", "pk")
    )


def services_for_need(need, *, themes: list[Theme], tree: AreaTree | None = None) -> list:
    """Running services covering the posting home's area that share a theme with the need,
    those sharing most first; then services in the area of a kind that helps with the
    need's themes (a falls service for a need about falls). At most 5, in one query
    (two with the area tree)."""
    theme_ids = [theme.pk for theme in themes]
    kinds = kinds_for(themes)
    if not theme_ids:
        return []
    qs = (
        services_for_area(need.organisation.area_id, tree)
        .annotate(
            shared=Count("themes", filter=Q(themes__in=theme_ids), distinct=True),
            kind_match=Case(
                When(kind__in=kinds, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .filter(Q(shared__gt=0) | Q(kind_match=1))
        .order_by("-shared", "-kind_match", "name", "pk")
    )
    return list(qs[:NEED_SUGGESTIONS])


# --- Suggestions ------------------------------------------------------------------------


def suggestions_to_review(user: User, *, status: str = Suggestion.Status.PENDING):
    """Suggestions on entries this person maintains, oldest waiting first."""
    qs = Suggestion.objects.filter(
        service__in=access.maintained_services(user).values("pk")
    ).select_related("service", "suggested_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    if status == Suggestion.Status.PENDING:
        return qs.order_by("created_at", "pk")
    return qs.order_by("-created_at", "-pk")


def my_suggestions(user: User) -> QuerySet[Suggestion]:
    return (
        Suggestion.objects.filter(suggested_by=user)
        .select_related("service", "decided_by")
        .order_by("-created_at", "-pk")
    )


def pending_count(user: User) -> int:
    return suggestions_to_review(user).count()


# --- Named contacts ---------------------------------------------------------------------


def people_to_add(service: LocalService, name: str) -> list[Membership]:
    """People in the directory whose name matches, who are not contacts already."""
    if not name.strip():
        return []
    current = service.contacts.values("pk")
    return list(people_directory(name=name.strip()).exclude(user__in=current)[:PEOPLE_RESULTS])
