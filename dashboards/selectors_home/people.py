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
    comparison_spec,
    count_figure,
    done_figure,
    people_figure,
    place_totals,
)
from network.models import Registration
from network.roles import OrganisationKind
from portal.charts import bar_chart
from portal.small_numbers import mean_text
from surveys.models import Answer
from training.models import CascadeDelivery, LearningRecord

# --- Training ------------------------------------------------------------------------------


@comparison_spec("training")
def _training_spec(period: Period):
    records = LearningRecord.objects.filter(
        organisation__kind=OrganisationKind.CARE_HOME,
        started_at__gte=period.starts_at,
        started_at__lt=period.ends_at,
    ).order_by()
    done = Q(completed_at__isnull=False)

    def build(where: Q) -> dict:
        return {
            "people": Count("user", filter=where, distinct=True),
            "completions": Count("pk", filter=where & done),
            "completers": Count("user", filter=where & done, distinct=True),
        }

    return records, "organisation", build, None


@comparison_spec("cascades")
def _cascades_spec(period: Period):
    cascades = CascadeDelivery.objects.filter(
        home__kind=OrganisationKind.CARE_HOME,
        delivered_on__gte=period.start,
        delivered_on__lte=period.end,
    ).order_by()

    def build(where: Q) -> dict:
        return {"times": Count("pk", filter=where), "reached": Sum("attendees", filter=where)}

    return cascades, "home", build, None


def training_section(places: Places, period: Period) -> dict:
    totals = place_totals("training", places, period)[None]
    passed = place_totals("cascades", places, period)[None]

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


@comparison_spec("surveys")
def _survey_spec(period: Period):
    answers = Answer.objects.filter(
        rating__isnull=False,
        question__theme__isnull=False,
        response__submitted_at__gte=period.starts_at,
        response__submitted_at__lt=period.ends_at,
        response__organisation__kind=OrganisationKind.CARE_HOME,
    ).order_by()

    def build(where: Q) -> dict:
        return {
            "mean": Avg("rating", filter=where),
            "people": Count("response", filter=where, distinct=True),
        }

    return answers, "response__organisation", build, "question__theme__name"


def survey_section(places: Places, period: Period) -> dict:
    """The average rating (1 to 5) of every survey question on each theme, from answers
    sent by people at care homes in the period. Not shown from fewer than 5 people."""
    themes = []
    for theme, row in place_totals("surveys", places, period).items():
        shown = {s: mean_text(row[f"mean_{s}"], row[f"people_{s}"] or 0) for s in SCOPES}
        home = shown["home"] or (NOT_SHOWN if row["people_home"] else "no answers")
        themes.append(
            ThemeScore(
                theme,
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


@comparison_spec("events")
def _events_spec(period: Period):
    attended = Registration.objects.filter(
        attended=True,
        event__starts_at__gte=period.starts_at,
        event__starts_at__lt=period.ends_at,
        user__memberships__organisation__kind=OrganisationKind.CARE_HOME,
    ).order_by()

    def build(where: Q) -> dict:
        return {
            "places": Count("pk", filter=where, distinct=True),
            "people": Count("user", filter=where, distinct=True),
        }

    return attended, "user__memberships__organisation", build, None


def events_section(places: Places, period: Period) -> dict:
    """Places taken up at events (people marked as attended) by members of care homes."""
    totals = place_totals("events", places, period)[None]

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
