"""Network measures for tests: the measures, a window open today, and returns."""

from datetime import date

from django.utils import timezone

from outcomes import windows
from outcomes.models import MonthlyReturn, NetworkMeasure, ReportingWindow, ReturnValue

REFERRALS = "Referrals to community nursing"
APPROPRIATE = "Appropriate referrals"
RATE = "Share of referrals that were appropriate"
FALLS = "Falls"


def make_measure(title, *, kind="count", position=0, **fields) -> NetworkMeasure:
    fields.setdefault("definition", f"Every {title.lower()} in the month.")
    fields.setdefault("unit", "%" if kind == "rate" else title.split()[0].lower())
    fields.setdefault("direction", NetworkMeasure.Direction.DECREASE)
    return NetworkMeasure.objects.create(title=title, kind=kind, position=position, **fields)


def standard_measures() -> dict[str, NetworkMeasure]:
    """Referrals, appropriate referrals (and the rate of one to the other) and falls."""
    referrals = make_measure(REFERRALS, position=1, direction="neutral")
    appropriate = make_measure(APPROPRIATE, position=2, direction="increase")
    rate = make_measure(
        RATE,
        kind="rate",
        position=3,
        direction="increase",
        numerator=appropriate,
        denominator=referrals,
        target=80,
    )
    falls = make_measure(FALLS, position=4, counts_people=False, target=3)
    return {"referrals": referrals, "appropriate": appropriate, "rate": rate, "falls": falls}


def open_window() -> ReportingWindow:
    """A window open every day of the month, so last month's return is always open."""
    window, _ = ReportingWindow.objects.update_or_create(
        pk=1, defaults={"opens_day": 1, "closes_day": 31}
    )
    return window


def last_month(today: date | None = None) -> date:
    return windows.add_months(windows.first_of(today or timezone.localdate()), -1)


def make_return(home, month: date, values: dict, *, late=False, user=None) -> MonthlyReturn:
    """`values`: measure -> figure."""
    monthly_return = MonthlyReturn.objects.create(
        home=home, month=month, is_late=late, submitted_by=user
    )
    for measure, value in values.items():
        ReturnValue.objects.create(monthly_return=monthly_return, measure=measure, value=value)
    return monthly_return


def figures(measures, referrals=10, appropriate=8, falls=4) -> dict:
    return {
        measures["referrals"]: referrals,
        measures["appropriate"]: appropriate,
        measures["falls"]: falls,
    }
