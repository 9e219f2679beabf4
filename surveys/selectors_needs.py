"""Reads for the needs board, scoped to what the person asking may see.

Every signed-in member sees the board and every need (network-wide transparency). What
changes is whether they see the posting home's name: when a home hides it, other care
homes see "A care home in <locality>"; the home's own members, partners and project
workers see the name. `Viewer` and `present` decide this, once, for every page.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from network.models import Membership, User
from network.roles import Role
from network.selectors import _cached_memberships, is_network_wide
from network.selectors_directory import AreaTree
from portal.forms import london_datetime
from surveys.models import Need, NeedEndorsement, NeedResponse

UNANSWERED_DAYS = 7
NEW_NEED_DAYS = 14
HOME_ROLES = (Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF)
RESPONDER_KINDS = [
    choice for choice in NeedResponse.Kind.choices if choice[0] != NeedResponse.Kind.REPLY
]


# --- Who is looking ---------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """What the person asking is, as far as the needs board cares (no queries: it uses
    the memberships cached on the user)."""

    network_wide: bool
    partner: bool
    home_ids: frozenset[int]  # care homes they belong to

    @property
    def sees_names(self) -> bool:
        """Partners and project workers see every home's name."""
        return self.network_wide or self.partner

    def is_posting_home(self, need: Need) -> bool:
        return need.organisation_id in self.home_ids


def viewer_for(user: User) -> Viewer:
    memberships = _cached_memberships(user)
    return Viewer(
        network_wide=is_network_wide(user),
        partner=any(m.role == Role.PARTNER for m in memberships),
        home_ids=frozenset(
            m.organisation_id
            for m in memberships
            if m.organisation.is_care_home and m.role in HOME_ROLES
        ),
    )


def hidden_home_label(need: Need) -> str:
    return f"A care home in {need.organisation.area.name}"


def present(need: Need, viewer: Viewer) -> Need:
    """Set what this viewer may see of who posted the need: `home_label` (the name, or
    "A care home in <locality>"), `shows_home` and `poster_name` ("" when hidden), and
    `flag_unanswered` (the "No response for 7 days" tag, for project workers)."""
    shows = not need.hide_home_name or viewer.sees_names or viewer.is_posting_home(need)
    need.shows_home = shows
    need.home_label = need.organisation.name if shows else hidden_home_label(need)
    sees_poster = viewer.sees_names or viewer.is_posting_home(need)
    need.poster_name = need.posted_by.full_name if sees_poster and need.posted_by else ""
    need.flag_unanswered = viewer.network_wide and is_unanswered(need)
    return need


def present_response(response: NeedResponse, need: Need, viewer: Viewer) -> NeedResponse:
    """Replies from a home that hides its name are shown as from "the care home"."""
    from_home = response.organisation_id == need.organisation_id
    if from_home and not need.shows_home:
        response.author_label = "The care home"
    elif from_home and not (viewer.sees_names or viewer.is_posting_home(need)):
        response.author_label = need.home_label
    else:
        name = response.author.full_name if response.author else "A former member"
        org = response.organisation.name if response.organisation else ""
        response.author_label = f"{name}, {org}" if org else name
    return response


def endorsing_homes(need: Need, endorsements: list[NeedEndorsement], viewer: Viewer) -> list[str]:
    """Names of the homes that need this too: for partners and project workers only."""
    if not viewer.sees_names:
        return []
    return [e.organisation.name for e in endorsements]


def is_unanswered(need: Need) -> bool:
    return (
        need.status == Need.Status.OPEN
        and need.first_response_at is None
        and need.created_at <= timezone.now() - timedelta(days=UNANSWERED_DAYS)
    )


# --- Who may do what --------------------------------------------------------------------


def can_post(membership: Membership | None) -> bool:
    """Managers and staff acting for a care home."""
    return (
        membership is not None
        and membership.organisation.is_care_home
        and membership.role in HOME_ROLES
    )


def respond_as(user: User, need: Need) -> str:
    """ "home" for members of the posting home, "responder" for partners and project
    workers, "" for anyone else."""
    viewer = viewer_for(user)
    if viewer.is_posting_home(need):
        return "home"
    if viewer.sees_names:
        return "responder"
    return ""


def can_endorse(membership: Membership | None, need: Need) -> bool:
    """Managers and staff acting for a different care home than the one that posted."""
    return can_post(membership) and membership.organisation_id != need.organisation_id


def can_manage(user: User, need: Need) -> bool:
    """Change the need or its status: the posting home's members and project workers."""
    viewer = viewer_for(user)
    return viewer.network_wide or viewer.is_posting_home(need)


def _needs() -> QuerySet[Need]:
    return Need.objects.select_related("organisation", "organisation__area", "posted_by")


def get_need(user: User, pk: int) -> Need:
    """Any signed-in member may see a need; an unknown id is 404."""
    return get_object_or_404(_needs(), pk=pk)


def get_need_to_manage(user: User, pk: int) -> Need:
    need = get_need(user, pk)
    if not can_manage(user, need):
        raise PermissionDenied("Only the home that posted this need or a project worker can.")
    return need


def get_need_to_respond(user: User, pk: int) -> Need:
    need = get_need(user, pk)
    if not respond_as(user, need):
        raise PermissionDenied(
            "Only partners, project workers and the home that posted this need can respond. "
            "Other homes can say they need this too."
        )
    return need


def get_need_to_endorse(user: User, membership: Membership | None, pk: int) -> Need:
    need = get_need(user, pk)
    if not can_endorse(membership, need):
        raise PermissionDenied("Only other care homes can say they need this too.")
    return need


# --- The board --------------------------------------------------------------------------


def _count(model, **extra) -> Coalesce:
    rows = (
        model.objects.filter(need=OuterRef("pk"), **extra)
        .order_by()
        .values("need")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def search_vector() -> SearchVector:
    return SearchVector("title", "description", config="english")


def search_needs(qs: QuerySet[Need], q: str) -> QuerySet[Need]:
    """Needs whose title or description match. Full-text search on PostgreSQL (with the
    GIN index from migration 0002); a plain "contains" elsewhere, such as SQLite."""
    q = (q or "").strip()
    if not q:
        return qs
    if connections[qs.db].vendor == "postgresql":
        query = SearchQuery(q, config="english", search_type="websearch")
        return qs.annotate(search=search_vector()).filter(search=query)
    return qs.filter(Q(title__icontains=q) | Q(description__icontains=q))


def need_list(
    user: User,
    *,
    q: str = "",
    theme=None,
    area_ids: set[int] | None = None,
    statuses: list[str] | None = None,
    urgency: str = "",
    organisation_id: int | None = None,
    posted_from: date | None = None,
    posted_to: date | None = None,
) -> QuerySet[Need]:
    """Needs newest first, with what the cards show (counts of responses and of other
    homes that need it too, the themes) in a fixed number of queries. `posted_from` and
    `posted_to` keep needs posted on those days or between them (London time)."""
    qs = _needs().annotate(
        response_count=_count(NeedResponse), endorsement_count=_count(NeedEndorsement)
    )
    if statuses:
        qs = qs.filter(status__in=statuses)
    if theme is not None:
        qs = qs.filter(themes=theme)
    if area_ids is not None:
        qs = qs.filter(organisation__area_id__in=area_ids)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if posted_from is not None:
        qs = qs.filter(created_at__gte=london_datetime(posted_from, time.min))
    if posted_to is not None:
        qs = qs.filter(created_at__lt=london_datetime(posted_to + timedelta(days=1), time.min))
    qs = search_needs(qs, q)
    return qs.order_by("-created_at", "-pk").prefetch_related("themes")


def present_all(needs, user: User) -> list[Need]:
    viewer = viewer_for(user)
    return [present(need, viewer) for need in needs]


# --- A need's page ----------------------------------------------------------------------


@dataclass
class NeedPage:
    need: Need
    responses: list
    endorsement_count: int
    endorsing_names: list
    endorsed_by_me: bool
    respond_as: str
    can_endorse: bool
    can_manage: bool
    first_response_after: str
    themes: list = field(default_factory=list)


def first_response_after(need: Need) -> str:
    """ "2 days", "5 hours", "less than an hour"; "" before anyone has responded."""
    if need.first_response_at is None:
        return ""
    delta = need.first_response_at - need.created_at
    days, hours = delta.days, delta.seconds // 3600
    if days >= 1:
        return f"{days} day{'s' if days != 1 else ''}"
    if hours >= 1:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return "less than an hour"


def need_page(user: User, membership: Membership | None, need: Need) -> NeedPage:
    """Everything a need's page shows, in a fixed number of queries."""
    viewer = viewer_for(user)
    present(need, viewer)
    responses = [
        present_response(r, need, viewer)
        for r in need.responses.select_related("author", "organisation", "service")
    ]
    endorsements = list(need.endorsements.select_related("organisation"))
    acting_home = membership.organisation_id if can_post(membership) else None
    return NeedPage(
        need=need,
        responses=responses,
        endorsement_count=len(endorsements),
        endorsing_names=endorsing_homes(need, endorsements, viewer),
        endorsed_by_me=any(e.organisation_id == acting_home for e in endorsements),
        respond_as=respond_as(user, need),
        can_endorse=can_endorse(membership, need),
        can_manage=viewer.network_wide or viewer.is_posting_home(need),
        first_response_after=first_response_after(need),
        themes=list(need.themes.all()),
    )


# --- Home page --------------------------------------------------------------------------


def home_items(user: User, membership) -> dict:
    """What the home page shows about needs (templates/pages/home/_needs.html):
    `home_needs` (up to 5) and `home_needs_heading`. At most 3 queries.

    - care home members: their home's open needs with responses they have not seen;
    - partners: needs posted in the last 14 days in their organisation's area;
    - project workers and admins: needs waiting for a first response, oldest first.
    """
    if membership is None:
        return {}
    viewer = viewer_for(user)
    org = membership.organisation
    if can_post(membership):
        heading = "New responses to your home's needs"
        latest = Max("responses__created_at", filter=~Q(responses__organisation_id=org.pk))
        qs = (
            _needs()
            .filter(organisation=org, status__in=Need.OPEN_STATUSES)
            .annotate(latest_response=latest)
            .filter(latest_response__isnull=False)
            .filter(Q(home_seen_at__isnull=True) | Q(latest_response__gt=F("home_seen_at")))
            .order_by("-latest_response")
        )
    elif membership.role in (Role.PROJECT_WORKER, Role.NETWORK_ADMIN):
        heading = "Needs waiting for a first response"
        qs = (
            _needs()
            .filter(status=Need.Status.OPEN, first_response_at__isnull=True)
            .order_by("created_at", "pk")
        )
    elif membership.role == Role.PARTNER:
        heading = "New needs in your area"
        area_ids = AreaTree.load().descendants(org.area_id)
        qs = _needs().filter(
            organisation__area_id__in=area_ids,
            status__in=Need.OPEN_STATUSES,
            created_at__gte=timezone.now() - timedelta(days=NEW_NEED_DAYS),
        )
    else:
        return {}
    needs = [present(need, viewer) for need in qs[:5]]
    if not needs:
        return {}
    return {"home_needs": needs, "home_needs_heading": heading}


def project_workers() -> QuerySet[User]:
    """Who is told about needs nobody has answered."""
    return User.objects.filter(is_active=True, memberships__role=Role.PROJECT_WORKER).distinct()
