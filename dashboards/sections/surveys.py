"""Surveys: the average rating for each theme, round by round, from care homes in scope.

The rating questions of a round that carry a theme are put together by theme, as the
survey results page does (surveys.results). An average is shown only when at least 5
responses are behind it (portal.small_numbers.mean_text): a response, not an answer,
is a person (or a home), and one person answers several questions on a theme.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Avg, Count, Q
from django.urls import reverse

from dashboards.filters import Scope
from portal.charts import bar_chart
from portal.small_numbers import mean_text, people_text
from surveys.models import Answer, Question, Survey

ROUNDS = 4


@dataclass
class Round:
    title: str
    opens: str
    responses: int
    url: str  # the survey's results (project workers); "" for others

    @property
    def responses_text(self) -> str:
        return people_text(self.responses)


@dataclass
class Cell:
    people: int
    mean: float | None

    @property
    def text(self) -> str | None:
        return mean_text(self.mean, self.people)


@dataclass
class ThemeRow:
    theme: str
    cells: list[Cell]


@dataclass
class Surveys:
    rounds: list[Round]
    themes: list[ThemeRow]
    chart: dict | None = field(default=None, repr=False)
    survey_list_url: str = ""


def _results_url(scope: Scope, survey_id: int) -> str:
    """A round's results page, filtered to care homes in the area: for project workers
    and admins only (nobody else may open survey results)."""
    if not scope.network_wide:
        return ""
    query = {"kind": "care_home"}
    if scope.link_area_id is not None:
        query["area"] = scope.link_area_id
    return f"{reverse('surveys:survey_results', args=[survey_id])}?{urlencode(query)}"


def surveys_section(scope: Scope) -> Surveys:
    """Three queries: the rounds open during the period (the latest 4), the responses to
    each, and the averages by round and theme."""
    since, until = scope.moments()
    rounds = list(
        Survey.objects.filter(published=True, opens_at__lt=until, closes_at__gt=since)
        .order_by("-opens_at", "-pk")
        .values("pk", "title", "opens_at")[:ROUNDS]
    )
    rounds.reverse()  # oldest first, as columns read left to right
    ids = [r["pk"] for r in rounds]
    home = scope.home_q("response__organisation__")
    submitted = Q(response__submitted_at__isnull=False, response__survey_id__in=ids)
    rated = Q(
        question__kind=Question.Kind.RATING,
        question__theme__isnull=False,
        rating__isnull=False,
    )
    if scope.theme is not None:
        rated &= Q(question__theme=scope.theme)
    responses = (
        dict(
            Answer.objects.filter(home, submitted)
            .values_list("response__survey_id")
            .annotate(n=Count("response", distinct=True))
            .values_list("response__survey_id", "n")
            .order_by()
        )
        if ids
        else {}
    )
    cells: dict[tuple[int, int], Cell] = {}
    names: dict[int, str] = {}
    if ids:
        for row in (
            Answer.objects.filter(home, submitted, rated)
            .values("response__survey_id", "question__theme_id", "question__theme__name")
            .annotate(people=Count("response", distinct=True), mean=Avg("rating"))
            .order_by()
        ):
            theme_id = row["question__theme_id"]
            names[theme_id] = row["question__theme__name"]
            cells[(row["response__survey_id"], theme_id)] = Cell(row["people"], row["mean"])
    shown_rounds = [
        Round(
            title=r["title"],
            opens=f"{r['opens_at']:%B %Y}",
            responses=responses.get(r["pk"], 0),
            url=_results_url(scope, r["pk"]),
        )
        for r in rounds
    ]
    themes = [
        ThemeRow(
            theme=names[theme_id],
            cells=[cells.get((pk, theme_id), Cell(0, None)) for pk in ids],
        )
        for theme_id in sorted(names, key=lambda t: names[t])
    ]
    chart = None
    if themes:
        latest = len(ids) - 1
        rows = []
        for row in themes:
            cell = row.cells[latest]
            rows.append((row.theme, cell.mean if cell.text else None, cell.text or "not shown"))
        if any(value is not None for _, value, _ in rows):
            chart = bar_chart(
                rows,
                title=f"Average rating by theme: {shown_rounds[latest].title}",
                description="Average rating from 1 (very poor) to 5 (very good) for each "
                "theme in the latest round. Averages from fewer than 5 responses are not "
                "shown. The table has every round.",
                max_value=5,
            )
    return Surveys(
        rounds=shown_rounds,
        themes=themes,
        chart=chart,
        survey_list_url=reverse("surveys:survey_list"),
    )
