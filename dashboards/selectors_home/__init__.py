"""Reads for the home dashboard and the home summary PDF: one care home next to the
average care home in its area and in the whole network.

- The area is the home's ICB area (a locality holds only a few homes, too few for a fair
  average); a home that sits straight in a region is compared with its region.
- Averages are per care home: the area's total divided by its number of care homes
  ("2.4 needs per home"). A median (days to a first response) is the median of every need
  in the area or network, not an average of medians.
- Improvement figures count the projects the viewer may see: everything for the home's own
  members, project workers and admins; only projects shared with the network for partners
  (and then the area and network figures count shared projects too, so like is compared
  with like). Home-only projects are never named to partners.
- Small numbers (portal/small_numbers.py): counts of people from 1 to 4 read "fewer than
  5"; a count of things people did (sessions completed, events attended) or an average is
  not shown when fewer than 5 people are behind it.

Every section is one or two aggregate queries over all homes at once, so the page takes
the same number of queries whatever the size of the network.

Inside: `common` (the period, the places, a figure for all three), `needs`, `improvement`
and `people` (training, surveys and events).
"""

from dashboards.selectors_home.common import (
    DEFAULT_MONTHS,
    PERIODS,
    Figure,
    Period,
    Places,
    months_before,
    period_of,
    places_for,
)
from dashboards.selectors_home.improvement import KeyMeasure, improvement_section
from dashboards.selectors_home.needs import needs_section, wait_text
from dashboards.selectors_home.people import (
    ThemeScore,
    events_section,
    survey_section,
    training_section,
)
from network.models import Organisation, User
from network.selectors_directory import AreaTree

__all__ = [
    "DEFAULT_MONTHS",
    "PERIODS",
    "Figure",
    "KeyMeasure",
    "Period",
    "Places",
    "ThemeScore",
    "home_dashboard",
    "months_before",
    "period_of",
    "wait_text",
]


def home_dashboard(user: User, home: Organisation, period: Period) -> dict:
    """Everything the home dashboard and the home summary PDF show (a fixed number of
    queries, whatever the number of homes, needs, projects or learning records)."""
    tree = AreaTree.load()
    places = places_for(home, tree)
    return {
        "home": home,
        "places": places,
        "area_path": tree.path(home.area_id),
        "period": period,
        "periods": PERIODS,
        "needs": needs_section(places, period),
        "improvement": improvement_section(user, places, period),
        "training": training_section(places, period),
        "surveys": survey_section(places, period),
        "events": events_section(places, period),
    }
