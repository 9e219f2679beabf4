"""Reads about returns: a home's months, one return with its figures and corrections, and
which homes have sent a month's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.http import Http404

from network.models import Organisation
from network.roles import OrganisationKind
from network.selectors_directory import AreaTree
from outcomes import windows
from outcomes.models import Correction, MonthlyReturn, NetworkMeasure, ReportingWindow, ReturnValue
from outcomes.selectors_measures import active_counts, reporting_month

MONTHS_LISTED = 12  # a home's page lists this many months; earlier ones cannot be sent late


@dataclass
class MonthRow:
    """One month on a home's page."""

    month: windows.ReportingMonth
    state: str  # windows.OPEN, NOT_OPEN or CLOSED
    monthly_return: MonthlyReturn | None

    @property
    def sent(self) -> bool:
        return self.monthly_return is not None


def sendable_months(today: date, window: ReportingWindow) -> list[windows.ReportingMonth]:
    """Months a home may send now, newest first: from the latest whose window has opened
    back MONTHS_LISTED months."""
    latest = windows.latest_open_month(today, window.opens_day, window.closes_day)
    months = windows.months_back(latest.month, MONTHS_LISTED)
    return [reporting_month(m, window) for m in reversed(months)]


def month_from_url(year: int, month: int, today: date, window: ReportingWindow):
    """The ReportingMonth named in a URL, or 404 when it is not a real month."""
    try:
        first = date(year, month, 1)
    except ValueError:
        raise Http404 from None
    return reporting_month(first, window)


def home_months(home: Organisation, today: date, window: ReportingWindow) -> list[MonthRow]:
    """The home's last months, newest first: the current month (even before its window
    opens), then each earlier one, sent or not (one query)."""
    current = windows.current_month(today, window.opens_day, window.closes_day)
    months = [reporting_month(m, window) for m in windows.months_back(current.month, MONTHS_LISTED)]
    sent = {
        r.month: r
        for r in MonthlyReturn.objects.filter(
            home=home, month__gte=months[0].month, month__lte=months[-1].month
        ).select_related("submitted_by")
    }
    return [MonthRow(m, m.state(today), sent.get(m.month)) for m in reversed(months)]


def get_return(home: Organisation, month: date) -> MonthlyReturn | None:
    """The home's return for the month, with its figures and their corrections."""
    corrections = Prefetch(
        "corrections", queryset=Correction.objects.select_related("corrected_by")
    )
    values = Prefetch(
        "values",
        queryset=ReturnValue.objects.select_related("measure").prefetch_related(corrections),
    )
    return (
        MonthlyReturn.objects.filter(home=home, month=month)
        .select_related("submitted_by")
        .prefetch_related(values)
        .first()
    )


@dataclass
class StatusRow:
    home: Organisation
    monthly_return: MonthlyReturn | None


def status_rows(month: date, tree: AreaTree) -> list[StatusRow]:
    """Every care home asked for figures, with its return for `month` (or None), homes
    not yet sent first (5 queries whatever the number of homes)."""
    asked = homes_asked(tree)
    sent = {
        r.home_id: r
        for r in MonthlyReturn.objects.filter(month=month).select_related("submitted_by")
    }
    rows = [StatusRow(h, sent.get(h.pk)) for h in asked]
    return sorted(rows, key=lambda r: (r.monthly_return is not None, r.home.name))


def asked_homes(tree: AreaTree, counts: list[NetworkMeasure] | None = None):
    """A query for the care homes asked for at least one count: every care home when one
    count is for every home, else the homes in the chosen areas (and the areas inside them)
    and the chosen homes. Worked out in the database, so 15,000 homes cost one query."""
    counts = active_counts() if counts is None else counts
    care_homes = Organisation.objects.filter(kind=OrganisationKind.CARE_HOME)
    if any(m.reporting == NetworkMeasure.Reporting.ALL for m in counts):
        return care_homes
    area_ids: set[int] = set()
    home_ids: set[int] = set()
    for measure in counts:
        if measure.reporting == NetworkMeasure.Reporting.AREAS:
            for area in measure.areas.all():
                area_ids |= tree.descendants(area.pk)
        else:
            home_ids |= {home.pk for home in measure.homes.all()}
    if not area_ids and not home_ids:
        return care_homes.none()
    return care_homes.filter(Q(area_id__in=sorted(area_ids)) | Q(pk__in=sorted(home_ids)))


def homes_asked(tree: AreaTree, counts: list[NetworkMeasure] | None = None) -> list[Organisation]:
    return list(asked_homes(tree, counts).select_related("area").order_by("name"))


def sent_and_asked(month: date, tree: AreaTree) -> tuple[int, int]:
    """How many of the homes asked have sent `month`'s figures, and how many were asked
    (5 queries whatever the number of homes)."""
    asked = asked_homes(tree)
    sent = MonthlyReturn.objects.filter(month=month, home__in=asked).count()
    return sent, asked.count()
