"""Who may see and change network measures. Every outcomes view asks here.

- **Defining measures** and the **reporting window**: project workers and network admins.
  Everyone else signed in may read the measures (403 on the forms).
- **Sending and correcting a home's figures**: the home's managers *and* staff (in a small
  home the person with the figures to hand is often a nurse or senior carer; every return
  and correction records who made it), and project workers and admins on a home's behalf
  (for example, figures given over the phone). Partners covering the home may read its
  returns but not change them (403). Anyone else: 404, the home does not exist for them.
- **Results**: project workers and admins see the network, any area and any home. Partners
  see the network, their own areas and each home in them. Care home members see their own
  home against the network and the areas their home is in; other homes only ever appear
  inside totals (see outcomes.selectors_results for the "fewer than 5" rule).
- **Which homes have sent**: project workers and admins (403 for everyone else).

Access follows current memberships, read from the cache on the user (no extra queries; a
partner's areas cost one query for the area tree).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from network.models import Organisation, User
from network.roles import OrganisationKind, Role
from network.selectors import _cached_memberships, is_network_wide, partner_area_ids
from network.selectors_directory import AreaTree

VIEW, SEND = "view", "send"
HOME_ROLES = (Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF)


def can_define(user: User) -> bool:
    return is_network_wide(user)


def require_define(user: User) -> None:
    if not can_define(user):
        raise PermissionDenied("Only the network's project workers can change network measures.")


def require_status_list(user: User) -> None:
    if not is_network_wide(user):
        raise PermissionDenied("The list of homes that have sent is for project workers.")


def member_homes(user: User) -> list[Organisation]:
    """Care homes where this person is a manager or staff member."""
    return [
        m.organisation
        for m in _cached_memberships(user)
        if m.role in HOME_ROLES and m.organisation.kind == OrganisationKind.CARE_HOME
    ]


def can_send_for(user: User, home: Organisation) -> bool:
    return is_network_wide(user) or any(h.pk == home.pk for h in member_homes(user))


def get_home(user: User, pk: int, action: str = VIEW, tree: AreaTree | None = None):
    """The care home, or 404 for someone who may not see it; 403 when they may see it but
    the action is SEND and they may not send its figures."""
    home = get_object_or_404(
        Organisation.objects.select_related("area"), pk=pk, kind=OrganisationKind.CARE_HOME
    )
    if can_send_for(user, home):
        return home
    if home.area_id in partner_area_ids(user, tree):
        if action == SEND:
            raise PermissionDenied("Only the home's own staff can send or correct its figures.")
        return home
    raise Http404


@dataclass
class Viewer:
    """What someone may see on the results pages.

    `area_ids`: areas they may choose (None: any). `home_ids`: homes they may choose (None:
    any home in their areas, or any at all when `area_ids` is None). `own_home`: the care
    home they act for (its figures are shown exactly). `min_homes`: totals made from fewer
    homes are not shown (for care home members, so a total cannot give away another
    home's figure)."""

    network_wide: bool
    tree: AreaTree = field(repr=False)
    area_ids: set[int] | None = None
    home_ids: set[int] | None = None
    own_home: Organisation | None = None
    min_homes: int = 1

    def may_see_area(self, area_id: int) -> bool:
        return self.area_ids is None or area_id in self.area_ids

    def may_see_home(self, home: Organisation) -> bool:
        if self.home_ids is not None:
            return home.pk in self.home_ids
        return self.may_see_area(home.area_id)

    def exact_for(self, home: Organisation) -> bool:
        """Whether this home's figures are shown as sent (no "fewer than 5"): to its own
        staff and to project workers, who check and follow up the returns."""
        return self.network_wide or (self.own_home is not None and self.own_home.pk == home.pk)


# Totals shown to care home members must come from at least this many homes: with two, a
# home could take its own figure away from the total and see the other home's.
MIN_HOMES_FOR_HOME_MEMBERS = 3


def ancestors(tree: AreaTree, area_id: int | None) -> list[int]:
    """The area and every area it sits in, smallest first."""
    found: list[int] = []
    while area_id is not None and area_id in tree.by_id and area_id not in found:
        found.append(area_id)
        area_id = tree.by_id[area_id].parent_id
    return found


def viewer_for(user: User, membership) -> Viewer:
    """The results scope of the person, acting in `membership`."""
    tree = AreaTree.load()
    if is_network_wide(user):
        return Viewer(network_wide=True, tree=tree)
    areas = partner_area_ids(user, tree)
    if areas:
        return Viewer(network_wide=False, tree=tree, area_ids=areas)
    homes = member_homes(user)
    if membership is not None and membership.role in HOME_ROLES:
        own = next((h for h in homes if h.pk == membership.organisation_id), None)
    else:
        own = homes[0] if homes else None
    if own is None:
        return Viewer(
            network_wide=False,
            tree=tree,
            area_ids=set(),
            home_ids=set(),
            min_homes=MIN_HOMES_FOR_HOME_MEMBERS,
        )
    # Only one total beside their own home: the whole network. With an area total as well,
    # the network total minus the area's would give away the homes outside the area.
    return Viewer(
        network_wide=False,
        tree=tree,
        area_ids=set(),
        home_ids={own.pk},
        own_home=own,
        min_homes=MIN_HOMES_FOR_HOME_MEMBERS,
    )
