"""What the home's people do: training (and passing it on), survey scores by theme and
events attended. Small numbers follow portal/small_numbers.py."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, Sum

from dashboards.selectors_home.common import (
    NOT_SHOWN,
    SCOPES,
    Period,
    Places,
    comparison_chart,
    count_figure,
    done_figure,
    people_figure,
)
from network.models import Registration
from network.roles import OrganisationKind
from portal.charts import bar_chart
from portal.small_numbers import mean_text
from surveys.models import Answer
from training.models import CascadeDelivery, LearningRecord

# --- Training ------------------------------------------------------------------------------


def training_section(places: Places, period: Period) -> dict:
    records = LearningRecord.objects.filter(
        organisation__kind=OrganisationKind.CARE_HOME,
        started_at__gte=period.starts_at,
        started_at__lt=period.ends_at,
    ).order_by()
    done = Q(completed_at__isnull=False)
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "organisation")
        sums[f"people_{scope}"] = Count("user", filter=where, distinct=True)
        sums[f"completions_{scope}"] = Count("pk", filter=where & done)
        sums[f"completers_{scope}"] = Count("user", filter=where & done, distinct=True)
    totals = records.aggregate(**sums)
    cascades = CascadeDelivery.objects.filter(
        home__kind=OrganisationKind.CARE_HOME,
        delivered_on__gte=period.start,
        delivered_on__lte=period.end,
    ).order_by()
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "home")
        sums[f"times_{scope}"] = Count("pk", filter=where)
        sums[f"reached_{scope}"] = Sum("attendees", filter=where)
    passed = cascades.aggregate(**sums)

    def of(source: dict, name: str) -> dict:
        return {scope: source[f"{name}_{scope}"] or 0 for scope in SCOPES}

    completions = done_figure(
        "Sessions completed",
        of(totals, "completions"),
        of(totals, "completers"),
        places,
        "One person can complete several sessions",
    )
    figures = [
        people_figure(
            "People who started a session",
            of(totals, "people"),
            places,
            f"Staff who opened a training session in {period.label}",
        ),
        completions,
        count_figure(
            "Times training was passed on",
            of(passed, "times"),
            places,
            "Champions and managers sharing a session with colleagues",
        ),
        people_figure("Colleagues reached", of(passed, "reached"), places),
    ]
    chart = comparison_chart(
        completions,
        places,
        title=f"Training sessions completed in {period.label}",
        unit="Training sessions completed",
    )
    return {"figures": figures, "chart": chart}


# --- Surveys -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeScore:
    theme: str
    home: str
    area: str
    network: str
    home_value: float | None


def survey_section(places: Places, period: Period) -> dict:
    """The average rating (1 to 5) of every survey question on each theme, from answers
    sent by people at care homes in the period. Not shown from fewer than 5 people."""
    answers = Answer.objects.filter(
        rating__isnull=False,
        question__theme__isnull=False,
        response__submitted_at__gte=period.starts_at,
        response__submitted_at__lt=period.ends_at,
        response__organisation__kind=OrganisationKind.CARE_HOME,
    ).order_by()
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "response__organisation")
        sums[f"mean_{scope}"] = Avg("rating", filter=where)
        sums[f"people_{scope}"] = Count("response", filter=where, distinct=True)
    rows = (
        answers.values("question__theme__name").annotate(**sums).order_by("question__theme__name")
    )
    themes = []
    for row in rows:
        shown = {s: mean_text(row[f"mean_{s}"], row[f"people_{s}"] or 0) for s in SCOPES}
        home = shown["home"] or (NOT_SHOWN if row["people_home"] else "no answers")
        themes.append(
            ThemeScore(
                row["question__theme__name"],
                home,
                shown["area"] or NOT_SHOWN,
                shown["network"] or NOT_SHOWN,
                float(shown["home"]) if shown["home"] else None,
            )
        )
    chart = None
    if any(t.home_value is not None for t in themes):
        chart = bar_chart(
            [(t.theme, t.home_value, t.home) for t in themes],
            title=f"Survey scores at {places.home.name} by theme",
            description="Average rating from 1 (very poor) to 5 (very good) given by people at "
            "this home. Themes with answers from fewer than 5 people have no bar.",
            max_value=5,
        )
    return {"themes": themes, "chart": chart}


# --- Events --------------------------------------------------------------------------------


def events_section(places: Places, period: Period) -> dict:
    """Places taken up at events (people marked as attended) by members of care homes."""
    attended = Registration.objects.filter(
        attended=True,
        event__starts_at__gte=period.starts_at,
        event__starts_at__lt=period.ends_at,
        user__memberships__organisation__kind=OrganisationKind.CARE_HOME,
    ).order_by()
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "user__memberships__organisation")
        sums[f"places_{scope}"] = Count("pk", filter=where, distinct=True)
        sums[f"people_{scope}"] = Count("user", filter=where, distinct=True)
    totals = attended.aggregate(**sums)

    def of(name: str) -> dict:
        return {scope: totals[f"{name}_{scope}"] or 0 for scope in SCOPES}

    return {
        "figures": [
            people_figure(
                "People who went to an event",
                of("people"),
                places,
                f"Webinars, peer support and network meetings in {period.label}",
            ),
            done_figure(
                "Event places attended",
                of("places"),
                of("people"),
                places,
                "One person at three events counts three times",
            ),
        ]
    }
