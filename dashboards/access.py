"""Who may see which dashboard. Every dashboard view asks here.

- **Area dashboard** (`dashboards:area`, its CSV and the area summary PDF): project workers
  and network admins see the whole network; partners see the care homes in the areas they
  cover (their organisations' areas and every area inside them). Care home managers and
  staff get 403: they have their own home's dashboard.
- **Home dashboard** (`dashboards:home`): the home's own managers and staff, project
  workers and network admins, and partners whose areas contain the home. Anyone else gets
  404: a home that is not yours does not exist for you. Only care homes have one.

Access follows current memberships, read from the cache on the user (no extra queries
once the memberships are loaded; a partner's areas cost one query for the area tree).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from network.models import Organisation, User
from network.roles import OrganisationKind, Role
from network.selectors import _cached_memberships, is_network_wide, partner_area_ids

HOME_ROLES = (Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF)
REFUSED = (
    "The area dashboard is for partners and the network's project workers. Care homes "
    "have their own home dashboard."
)


def area_ids_for(user: User, tree=None) -> set[int] | None:
    """The areas this person's area dashboard covers: None for the whole network (project
    workers and admins), or the set of area ids a partner covers. Anyone else (care home
    managers and staff, people without a membership): PermissionDenied."""
    if is_network_wide(user):
        return None
    areas = partner_area_ids(user, tree)
    if not areas:
        raise PermissionDenied(REFUSED)
    return areas


def can_see_area_dashboard(user: User) -> bool:
    """For links and navigation: whether `area_ids_for` would let this person in."""
    try:
        area_ids_for(user)
    except PermissionDenied:
        return False
    return True


def home_visible(user: User, organisation: Organisation) -> bool:
    """Whether this person may see this care home's dashboard and summary: its managers
    and staff, project workers and admins, and partners whose areas contain it."""
    if organisation.kind != OrganisationKind.CARE_HOME:
        return False
    if is_network_wide(user):
        return True
    for membership in _cached_memberships(user):
        if membership.organisation_id == organisation.pk and membership.role in HOME_ROLES:
            return True
    return organisation.area_id in partner_area_ids(user)


def get_home(user: User, pk: int) -> Organisation:
    """The care home whose dashboard `user` asks for, or 404 (unknown, not a care home, or
    not theirs to see)."""
    home = get_object_or_404(Organisation.objects.select_related("area"), pk=pk)
    if not home_visible(user, home):
        raise Http404("No such care home")
    return home
