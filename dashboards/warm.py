"""Working out the dashboards people open most before anyone waits for them
(`manage.py warm_figures`, nightly by beat, and after a deploy): the whole network's area
dashboard, each partner organisation's area dashboard (one per set of areas, since people
with the same areas share figures), and the area and network averages of the home
dashboards for each comparison area, as members and as partners see them. Figures that
are already fresh in the cache are not worked out again."""

from __future__ import annotations

import time
from collections.abc import Callable

from celery import shared_task
from django.db import connection

from dashboards import selectors_home
from dashboards.filters import scope_for
from dashboards.selectors_area import area_figures
from dashboards.selectors_home.common import comparison_area, place_totals, places_for
from network.models import Membership, Organisation
from network.roles import NETWORK_WIDE_ROLES, OrganisationKind, Role
from network.selectors_directory import AreaTree
from portal import figures_cache

# The comparisons of a home dashboard: (spec name, extra arguments).
COMPARISONS = [
    ("needs", ()),
    ("training", ()),
    ("cascades", ()),
    ("surveys", ()),
    ("events", ()),
    *((name, (shared_only,)) for name in ("projects", "cycles") for shared_only in (False, True)),
]


def warm(report: Callable[[str], None] = lambda line: None) -> int:
    """Work out every set of figures above that is not fresh; returns how many sets."""
    with figures_cache.worked_out_here():
        return _warm(report)


def _warm(report: Callable[[str], None]) -> int:
    done = 0
    started = time.perf_counter()
    worker = (
        Membership.objects.filter(role__in=NETWORK_WIDE_ROLES, user__is_active=True)
        .select_related("user")
        .first()
    )
    if worker is not None:
        area_figures(scope_for(worker.user)[1])
        done += 1
        report(f"whole network: {time.perf_counter() - started:.1f} s")
    seen_areas = set()
    partners = (
        Membership.objects.filter(role=Role.PARTNER, user__is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation__area_id", "pk")
    )
    for membership in partners:
        if membership.organisation.area_id in seen_areas:
            continue
        seen_areas.add(membership.organisation.area_id)
        area_figures(scope_for(membership.user)[1])
        done += 1
    report(f"{len(seen_areas)} partner area dashboards: {time.perf_counter() - started:.1f} s")
    tree = AreaTree.load()
    period = selectors_home.period_of(selectors_home.DEFAULT_MONTHS)
    homes = {}
    for home in Organisation.objects.filter(kind=OrganisationKind.CARE_HOME).order_by("pk"):
        homes.setdefault(comparison_area(tree, home).pk, home)
    for home in homes.values():
        places = places_for(home, tree)
        for name, extra in COMPARISONS:
            place_totals(name, places, period, *extra)
        if connection.vendor == "postgresql":
            place_totals("needs-wait", places, period)
        done += 1
    report(f"{len(homes)} home dashboard areas: {time.perf_counter() - started:.1f} s")
    return done


@shared_task
def warm_figures() -> None:
    warm()
