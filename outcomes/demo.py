"""Demo rows for seed_demo. Safe to rerun: returns how many rows it added.

Five measures (referrals to community nursing, the appropriate ones, the rate of
appropriate referrals, falls, hospital admissions avoided) and 18 months of returns for
every demo care home, counted back from the month due now (so "today" is the real date):

- falls drop by almost half from 9 months ago (a network falls programme), which the XmR
  chart shows as special cause improvement;
- the share of appropriate referrals rises at the same time (a referral checklist);
- Harbour View sent its figures 3 months ago late, and Willow Lodge corrected its falls
  for 5 months ago;
- the reporting window is set, when first created, so that it is open today, and Oakfield
  House (and three other homes) have not sent this month's figures yet.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from network import demo
from network.models import Area, Membership, Organisation
from network.roles import OrganisationKind, Role
from outcomes import windows
from outcomes.models import (
    Correction,
    MonthlyReturn,
    NetworkMeasure,
    ReportingWindow,
    ReturnValue,
)
from portal.forms import LONDON

MONTHS = 18
CHANGE_AT = 9  # months from the start when the falls programme and referral checklist began
NOT_SENT_YET = ("Oakfield House", "Willow Lodge", "Elm Park", "The Laurels")
LATE = ("Harbour View", 14)
CORRECTED = ("Willow Lodge", 12)

REFERRALS = "Referrals to community nursing"
APPROPRIATE = "Appropriate referrals to community nursing"
RATE = "Appropriate referrals"
FALLS = "Falls"
ADMISSIONS = "Hospital admissions avoided"

MEASURES = [
    {
        "title": REFERRALS,
        "definition": "Every referral the home made to the community nursing team during the "
        "month, by phone, email or the referral form. Count each referral once, even if you "
        "chased it.",
        "unit": "referrals",
        "direction": NetworkMeasure.Direction.NEUTRAL,
        "counts_people": True,
    },
    {
        "title": APPROPRIATE,
        "definition": "Of those referrals, how many the community nursing team accepted as the "
        "right service, with the information they needed first time.",
        "unit": "referrals",
        "direction": NetworkMeasure.Direction.INCREASE,
        "counts_people": True,
    },
    {
        "title": FALLS,
        "definition": "Every fall recorded in the home's incident log during the month, "
        "including falls with no injury. Count each fall, not each resident.",
        "unit": "falls",
        "direction": NetworkMeasure.Direction.DECREASE,
        "counts_people": False,
        "target": 3,
    },
    {
        "title": ADMISSIONS,
        "definition": "Times a resident stayed in the home instead of going to hospital because "
        "the home got help in time (for example from the urgent community response team), "
        "as agreed with the GP or nurse.",
        "unit": "admissions",
        "direction": NetworkMeasure.Direction.INCREASE,
        "counts_people": True,
        "reporting": NetworkMeasure.Reporting.AREAS,
    },
]


def _window(today) -> tuple[ReportingWindow, int]:
    window = ReportingWindow.objects.order_by("pk").first()
    if window is not None:
        return window, 0
    window = ReportingWindow.objects.create(
        opens_day=min(ReportingWindow.DEFAULT_OPENS, today.day),
        closes_day=max(ReportingWindow.DEFAULT_CLOSES, today.day),
    )
    return window, 1


def _measures() -> tuple[dict[str, NetworkMeasure], int]:
    found, created = {}, 0
    for position, spec in enumerate(MEASURES, 1):
        spec = dict(spec)
        reporting = spec.get("reporting", NetworkMeasure.Reporting.ALL)
        measure, new = NetworkMeasure.objects.get_or_create(
            title=spec.pop("title"),
            defaults={**spec, "reporting": reporting, "position": position * 10},
        )
        if new and reporting == NetworkMeasure.Reporting.AREAS:
            measure.areas.set(Area.objects.filter(name="Solent and Downs ICB area"))
        found[measure.title] = measure
        created += new
    rate, new = NetworkMeasure.objects.get_or_create(
        title=RATE,
        defaults={
            "kind": NetworkMeasure.Kind.RATE,
            "definition": "The share of referrals to community nursing that were appropriate. "
            "It shows whether homes refer the right residents, with the right information.",
            "unit": "%",
            "direction": NetworkMeasure.Direction.INCREASE,
            "counts_people": True,
            "target": 80,
            "numerator": found[APPROPRIATE],
            "denominator": found[REFERRALS],
            "position": 25,
        },
    )
    found[RATE] = rate
    return found, created + new


def _figures(home: Organisation, index: int, month) -> dict[str, int]:
    rng = random.Random(f"{home.name}-{month:%Y-%m}")
    beds = home.registered_beds or 30
    after = index >= CHANGE_AT
    referrals = max(1, round(beds / 8) + rng.randint(-1, 3))
    share = (0.84 if after else 0.62) + rng.uniform(-0.08, 0.08)
    falls = max(0, round((beds / 7) * (0.55 if after else 1.0)) + rng.randint(-1, 2))
    return {
        REFERRALS: referrals,
        APPROPRIATE: min(referrals, round(referrals * share)),
        FALLS: falls,
        ADMISSIONS: rng.randint(0, 3) + (1 if after else 0),
    }


def _moment(day, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def seed() -> int:
    now = timezone.now()
    today = timezone.localdate()
    window, created = _window(today)
    found, new = _measures()
    created += new
    homes = list(
        Organisation.objects.filter(
            kind=OrganisationKind.CARE_HOME, name__in=[row[0] for row in demo.CARE_HOMES]
        )  # only the demo homes: not every home a seed_scale run added
        .select_related("area", "area__parent")
        .order_by("name")
    )
    if not homes:
        return created
    managers = {
        m.organisation_id: m.user
        for m in Membership.objects.filter(
            role=Role.CARE_HOME_MANAGER, organisation__in=homes
        ).select_related("user")
    }
    solent = {a.pk for a in Area.objects.filter(name="Solent and Downs ICB area")}
    current = windows.current_month(today, window.opens_day, window.closes_day)
    months = windows.months_back(current.month, MONTHS)
    existing = set(MonthlyReturn.objects.values_list("home_id", "month"))
    for index, month in enumerate(months):
        reporting = windows.reporting_month(month, window.opens_day, window.closes_day)
        is_current = month == current.month
        if is_current and reporting.state(today) == windows.NOT_OPEN:
            continue
        for position, home in enumerate(homes):
            if (home.pk, month) in existing or (is_current and home.name in NOT_SENT_YET):
                continue
            late = (home.name, index) == LATE
            if is_current:
                sent_on = min(today, reporting.opens + timedelta(days=position % 3))
            elif late:
                sent_on = reporting.closes + timedelta(days=5)
            else:
                sent_on = reporting.opens + timedelta(days=position % 5)
            sent_at = min(_moment(sent_on, 9 + position % 8), now)
            monthly_return = MonthlyReturn.objects.create(
                home=home,
                month=month,
                submitted_at=sent_at,
                submitted_by=managers.get(home.pk),
                is_late=late,
            )
            figures = _figures(home, index, month)
            in_solent = home.area_id in solent or home.area.parent_id in solent
            values = [
                ReturnValue(monthly_return=monthly_return, measure=found[title], value=value)
                for title, value in figures.items()
                if title != ADMISSIONS or in_solent
            ]
            ReturnValue.objects.bulk_create(values)
            created += 1 + len(values)
            if (home.name, index) == CORRECTED:
                created += _correct(monthly_return, found[FALLS], managers.get(home.pk), sent_at)
    return created


def _correct(monthly_return, falls: NetworkMeasure, user, sent_at) -> int:
    value = ReturnValue.objects.get(monthly_return=monthly_return, measure=falls)
    when = sent_at + timedelta(days=9)
    old, value.value, value.corrected_at = value.value, value.value + 2, when
    value.save(update_fields=["value", "corrected_at"])
    Correction.objects.create(
        value=value,
        old_value=old,
        new_value=value.value,
        reason="Two falls were written in the incident log after we sent the figures.",
        corrected_by=user,
        corrected_at=when,
    )
    return 1
