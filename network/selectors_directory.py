"""Reads for the directory, organisation profiles and themes, scoped to the person asking.

Everyone signed in may search the directory and read any organisation's profile. What they
see of a person's contact details depends on that person's choices (`show_email`,
`show_phone`); project workers and network admins always see both.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from network.models import Area, Membership, Organisation, Theme, User
from network.roles import OrganisationKind, Role
from network.selectors import is_network_wide, membership_in

# ---------------------------------------------------------------------------------------
# Areas: the tree is small (tens of rows), so it is read once and walked in Python.


@dataclass(frozen=True)
class AreaTree:
    by_id: dict[int, Area]

    @classmethod
    def load(cls) -> "AreaTree":
        return cls({area.pk: area for area in Area.objects.all()})

    def descendants(self, area_id: int) -> set[int]:
        """The area and every area inside it (a region includes its ICBs and localities)."""
        children: dict[int | None, list[int]] = {}
        for area in self.by_id.values():
            children.setdefault(area.parent_id, []).append(area.pk)
        found, todo = set(), [area_id]
        while todo:
            current = todo.pop()
            if current in found:
                continue
            found.add(current)
            todo.extend(children.get(current, []))
        return found

    def path(self, area_id: int | None) -> str:
        """ "Southampton, Solent and Downs ICB area, South East": the area, then its parents."""
        names, seen = [], set()
        while area_id is not None and area_id in self.by_id and area_id not in seen:
            seen.add(area_id)
            area = self.by_id[area_id]
            names.append(area.name)
            area_id = area.parent_id
        return ", ".join(names)

    def choices(self, *, whole: str = "All of ") -> list:
        """Areas for a select, grouped so long names fit a phone screen.

        Each region is an option ("All of South East"), followed by one group per ICB area
        holding the whole ICB area and then its localities. `whole` prefixes the region and
        ICB options: "All of " suits a filter, "" suits choosing where an organisation is.
        """
        children: dict[int | None, list[Area]] = {}
        for area in sorted(self.by_id.values(), key=lambda a: a.name):
            children.setdefault(area.parent_id, []).append(area)
        choices: list = []
        for region in children.get(None, []):
            choices.append((region.pk, f"{whole}{region.name}"))
            for icb in children.get(region.pk, []):
                group = [(icb.pk, f"{whole}{icb.name}")]
                group += [(locality.pk, locality.name) for locality in children.get(icb.pk, [])]
                choices.append((icb.name, group))
        return choices


# ---------------------------------------------------------------------------------------
# Contact details


def sees_all_contacts(viewer: User) -> bool:
    """Project workers and network admins see everyone's email and phone number."""
    return is_network_wide(viewer)


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str


def contact_for(person: User, *, sees_all: bool) -> Contact:
    """The contact details `person` lets other members see (all of them for project workers)."""
    email = person.email if (sees_all or person.show_email) else ""
    phone = person.phone if (sees_all or person.show_phone) else ""
    return Contact(email=email, phone=phone)


def with_contacts(memberships: Iterable[Membership], viewer: User) -> list[Membership]:
    """Attach `.contact` to each membership, following each person's choices."""
    sees_all = sees_all_contacts(viewer)
    rows = list(memberships)
    for membership in rows:
        membership.contact = contact_for(membership.user, sees_all=sees_all)
    return rows


# ---------------------------------------------------------------------------------------
# Directory


def _members() -> QuerySet[Membership]:
    """Memberships of people who can still sign in: what the directory lists."""
    return Membership.objects.filter(user__is_active=True).select_related(
        "user", "organisation", "organisation__area"
    )


def people_directory(
    *,
    name: str = "",
    organisation: str = "",
    role: str = "",
    area_ids: set[int] | None = None,
    kind: str = "",
    champions_only: bool = False,
) -> QuerySet[Membership]:
    """One row per person per organisation, filtered; ordered by name then organisation."""
    qs = _members()
    if name:
        qs = qs.filter(user__full_name__icontains=name)
    if organisation:
        qs = qs.filter(organisation__name__icontains=organisation)
    if role:
        qs = qs.filter(role=role)
    if area_ids is not None:
        qs = qs.filter(organisation__area_id__in=area_ids)
    if kind:
        qs = qs.filter(organisation__kind=kind)
    if champions_only:
        qs = qs.filter(is_champion=True)
    return qs.order_by("user__full_name", "organisation__name", "pk")


def organisation_directory(
    *, name: str = "", area_ids: set[int] | None = None, kind: str = ""
) -> QuerySet[Organisation]:
    """Organisations with how many active members each has."""
    qs = Organisation.objects.select_related("area").annotate(
        member_count=Count("memberships", filter=Q(memberships__user__is_active=True))
    )
    if name:
        qs = qs.filter(name__icontains=name)
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name", "pk")


# ---------------------------------------------------------------------------------------
# Organisation profiles


def get_organisation_profile(user: User, pk: int) -> Organisation:
    """Any member may read any organisation's profile; an unknown id is 404."""
    return get_object_or_404(
        Organisation.objects.select_related("area").prefetch_related("service_types"), pk=pk
    )


def can_edit_profile(user: User, organisation: Organisation) -> bool:
    """The home's managers, project workers and network admins."""
    if is_network_wide(user):
        return True
    membership = membership_in(user, organisation)
    return (
        membership is not None
        and membership.role == Role.CARE_HOME_MANAGER
        and organisation.kind == OrganisationKind.CARE_HOME
    )


def can_edit_identity(user: User) -> bool:
    """Name, type, area, CQC location ID and ODS code: project workers and admins only."""
    return is_network_wide(user)


def get_organisation_for_profile_edit(user: User, pk: int) -> Organisation:
    """404 for an unknown organisation; 403 for people who may read it but not change it."""
    organisation = get_organisation_profile(user, pk)
    if not can_edit_profile(user, organisation):
        raise PermissionDenied("Only the home's manager or a project worker can change this.")
    return organisation


def profile_members(organisation: Organisation, viewer: User) -> list[Membership]:
    rows = (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    return with_contacts(rows, viewer)


# ---------------------------------------------------------------------------------------
# Themes


def _require_network_wide(user: User) -> None:
    if not is_network_wide(user):
        raise PermissionDenied("Only project workers manage the network's themes.")


def themes_for_management(user: User) -> QuerySet[Theme]:
    _require_network_wide(user)
    return Theme.objects.order_by("-is_active", "kind", "name")


def get_theme_for_change(user: User, pk: int) -> Theme:
    _require_network_wide(user)
    return get_object_or_404(Theme, pk=pk)
