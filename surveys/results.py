"""Results of a needs survey, for project workers: distributions per question, rating
means by theme, filters by area and organisation type, the previous round beside this one,
free-text answers, and the CSV export.

Every count of people below 5 is shown as "fewer than 5" (and so is its percentage).
The number of queries does not grow with the number of responses: answers are counted in
the database, and numbers and texts are read in one pass.
"""

import csv
import io
import random
from collections import Counter, defaultdict
from decimal import Decimal
from statistics import median

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from network.models import Area
from portal.charts import bar_chart
from portal.exports import safe_cell
from portal.small_numbers import SMALL_NUMBER
from portal.small_numbers import people_text as people
from surveys.models import Answer, Question, Response, Survey

CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


def submitted_responses(
    survey: Survey, *, area: Area | None = None, kind: str = ""
) -> QuerySet[Response]:
    qs = Response.objects.filter(survey=survey, submitted_at__isnull=False)
    if area is not None:
        # Areas are at most three deep: the area, its children and grandchildren.
        qs = qs.filter(
            Q(organisation__area=area)
            | Q(organisation__area__parent=area)
            | Q(organisation__area__parent__parent=area)
        )
    if kind:
        qs = qs.filter(organisation__kind=kind)
    return qs


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else ""


def _mean(distribution: dict[int, int]) -> float | None:
    n = sum(distribution.values())
    if n < SMALL_NUMBER:
        return None
    return sum(rating * count for rating, count in distribution.items()) / n


def _fmt(value: float | Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


class _Counts:
    """What was answered to each question of one round, under the filters."""

    def __init__(self, survey: Survey, responses: QuerySet[Response], *, texts: bool):
        answers = Answer.objects.filter(response__in=responses.values("pk"))
        self.responses = responses.count()
        self.answered = dict(
            answers.values_list("question_id")
            .annotate(n=Count("id"))
            .values_list("question_id", "n")
        )
        self.choices = dict(
            Answer.choices.through.objects.filter(answer__in=answers.values("pk"))
            .values_list("choice_id")
            .annotate(n=Count("id"))
            .values_list("choice_id", "n")
        )
        self.ratings = defaultdict(dict)
        for question_id, rating, n in (
            answers.filter(rating__isnull=False)
            .values_list("question_id", "rating")
            .annotate(n=Count("id"))
            .values_list("question_id", "rating", "n")
        ):
            self.ratings[question_id][rating] = n
        self.numbers = defaultdict(list)
        for question_id, number in answers.filter(number__isnull=False).values_list(
            "question_id", "number"
        ):
            self.numbers[question_id].append(number)
        self.texts = defaultdict(list)
        if texts:
            # Anonymous answers are listed alphabetically, so their order says nothing
            # about who sent them or when.
            order = ("text",) if survey.anonymous else ("response__submitted_at", "pk")
            for question_id, text, name in (
                answers.exclude(text="")
                .order_by(*order)
                .values_list("question_id", "text", "response__respondent__full_name")
            ):
                self.texts[question_id].append({"text": text, "name": name or ""})


def survey_results(survey: Survey, *, area: Area | None = None, kind: str = "") -> dict:
    """Everything the results page shows. `survey` comes with its questions, their themes
    and choices prefetched (selectors_surveys.get_survey_for_building)."""
    counts = _Counts(survey, submitted_responses(survey, area=area, kind=kind), texts=True)
    previous = survey.previous_round
    before, before_questions = None, {}
    if previous is not None:
        before = _Counts(previous, submitted_responses(previous, area=area, kind=kind), texts=False)
        for question in previous.questions.prefetch_related("choices"):
            before_questions.setdefault(question.text.strip().lower(), question)
    show_texts = not survey.anonymous or counts.responses >= SMALL_NUMBER
    questions, themes = [], defaultdict(lambda: defaultdict(int))
    for question in survey.questions.all():
        earlier = before_questions.get(question.text.strip().lower())
        if earlier is not None and earlier.kind != question.kind:
            earlier = None
        item = _question_result(question, counts, earlier, before, show_texts)
        if question.kind == Question.Kind.RATING and question.theme_id:
            for rating, n in counts.ratings[question.pk].items():
                themes[question.theme][rating] += n
        if item["answered"] or not question.hidden:
            questions.append(item)
    theme_rows = []
    for theme, distribution in sorted(themes.items(), key=lambda pair: pair[0].name):
        n = sum(distribution.values())
        theme_rows.append(
            {"theme": theme, "answers_text": people(n), "mean_text": _fmt(_mean(distribution))}
        )
    return {
        "responses": counts.responses,
        "responses_text": people(counts.responses),
        "questions": questions,
        "themes": theme_rows,
        "previous": previous,
        "previous_responses_text": people(before.responses) if before else "",
        "show_texts": show_texts,
    }


def _cells(counts: list[int], answered: int) -> tuple[list[dict], bool]:
    """Count and percentage text for each answer, suppressed so nobody can be picked out.

    Fewer than 5 answers in all: every count says "fewer than 5", zeros too (a zero would
    say what the others chose). Otherwise counts of 1 to 4 are suppressed, and then the
    percentages are hidden too, or the hidden counts could be worked out from them.
    """
    if answered < SMALL_NUMBER:
        return [{"n": None, "count_text": "fewer than 5", "percent_text": ""} for _ in counts], True
    suppressed_any = any(0 < n < SMALL_NUMBER for n in counts)
    cells = []
    for n in counts:
        hidden = 0 < n < SMALL_NUMBER
        cells.append(
            {
                "n": None if hidden else n,
                "count_text": people(n),
                "percent_text": "" if suppressed_any else _percent(n, answered),
            }
        )
    return cells, suppressed_any


def _chart_row(label: str, cell: dict) -> tuple:
    if cell["n"] is None:
        return (label, None, "fewer than 5")
    percent = f" ({cell['percent_text']})" if cell["percent_text"] else ""
    return (label, cell["n"], f"{cell['n']}{percent}")


def _question_result(question, counts: _Counts, earlier, before, show_texts) -> dict:
    answered = counts.answered.get(question.pk, 0)
    item = {
        "question": question,
        "answered": answered,
        "answered_text": people(answered),
        "compared": earlier is not None,
    }
    if question.kind in CHOICE_KINDS:
        previous_by_label = {}
        if earlier is not None:
            earlier_answered = before.answered.get(earlier.pk, 0)
            earlier_choices = list(earlier.choices.all())
            earlier_cells, _ = _cells(
                [before.choices.get(c.pk, 0) for c in earlier_choices], earlier_answered
            )
            for choice, cell in zip(earlier_choices, earlier_cells, strict=True):
                shown = cell["percent_text"] or cell["count_text"]
                if earlier_answered == 0:
                    shown = "no answers"
                previous_by_label[choice.label.strip().lower()] = shown
        choices = list(question.choices.all())
        cells, suppressed = _cells([counts.choices.get(c.pk, 0) for c in choices], answered)
        rows, chart_rows = [], []
        for choice, cell in zip(choices, cells, strict=True):
            rows.append(
                {
                    "label": choice.label,
                    "count_text": cell["count_text"],
                    "percent_text": cell["percent_text"],
                    "previous_text": previous_by_label.get(choice.label.strip().lower(), ""),
                }
            )
            chart_rows.append(_chart_row(choice.label, cell))
        if suppressed:
            item["answered_text"] = people(answered) if answered < SMALL_NUMBER else "5 or more"
        item["rows"] = rows
        item["chart"] = bar_chart(
            chart_rows,
            title=question.text,
            description="Number of people choosing each answer. Counts of fewer than 5 "
            "people are not shown.",
        )
    elif question.kind == Question.Kind.RATING:
        distribution = counts.ratings.get(question.pk, {})
        labels = [str(rating) for rating in range(1, 6)]
        labels[0] = f"1 – {question.rating_low_label}"
        labels[4] = f"5 – {question.rating_high_label}"
        cells, suppressed = _cells([distribution.get(r, 0) for r in range(1, 6)], answered)
        rows, chart_rows = [], []
        for label, cell in zip(labels, cells, strict=True):
            rows.append(
                {
                    "label": label,
                    "count_text": cell["count_text"],
                    "percent_text": cell["percent_text"],
                }
            )
            chart_rows.append(_chart_row(label, cell))
        if suppressed:
            item["answered_text"] = people(answered) if answered < SMALL_NUMBER else "5 or more"
        item["rows"] = rows
        item["chart"] = bar_chart(
            chart_rows,
            title=question.text,
            description="Number of people giving each rating from 1 to 5. Counts of fewer than "
            "5 people are not shown.",
        )
        item["mean_text"] = _fmt(_mean(distribution))
        if earlier is not None:
            item["previous_mean_text"] = _fmt(_mean(before.ratings.get(earlier.pk, {})))
    elif question.kind == Question.Kind.NUMBER:
        numbers = sorted(counts.numbers.get(question.pk, []))
        if len(numbers) >= SMALL_NUMBER:
            item["median_text"] = _fmt(median(numbers))
            item["min_text"] = _fmt(numbers[0])
            item["max_text"] = _fmt(numbers[-1])
    else:
        item["texts"] = counts.texts.get(question.pk, []) if show_texts else []
    return item


def export_csv(survey: Survey) -> str:
    """One row per submitted response, a column per question; no names, no respondent ids,
    and only the date each was sent.

    For an anonymous survey the rows are shuffled within each day (their order would say
    who answered first), and a response's organisation type and area are given only where
    at least 5 responses share them; otherwise they read "Not shown (fewer than 5)".
    """
    questions = list(survey.questions.all())
    responses = list(
        submitted_responses(survey)
        .select_related("organisation__area")
        .prefetch_related("answers__choices")
        .order_by("submitted_at", "pk")
    )

    def where(response: Response) -> tuple[str, str]:
        organisation = response.organisation
        if organisation is None:
            return ("", "")
        return (organisation.get_kind_display(), organisation.area.name)

    groups = Counter(where(r) for r in responses)
    if survey.anonymous:
        shuffler = random.SystemRandom()
        by_day = defaultdict(list)
        for response in responses:
            by_day[timezone.localtime(response.submitted_at).date()].append(response)
        responses = []
        for day in sorted(by_day):
            shuffler.shuffle(by_day[day])
            responses.extend(by_day[day])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Response", "Date sent", "Type of organisation", "Area"]
        + [safe_cell(q.text) for q in questions]
    )
    for number, response in enumerate(responses, start=1):
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        kind, area = where(response)
        if survey.anonymous and groups[(kind, area)] < SMALL_NUMBER:
            kind = area = "Not shown (fewer than 5)"
        writer.writerow(
            [
                number,
                timezone.localtime(response.submitted_at).date().isoformat(),
                kind,
                safe_cell(area),
                *[_answer_text(by_question.get(q.pk)) for q in questions],
            ]
        )
    return out.getvalue()


def _answer_text(answer: Answer | None) -> str:
    if answer is None:
        return ""
    if answer.rating is not None:
        return str(answer.rating)
    if answer.number is not None:
        return format(answer.number.normalize(), "f")
    chosen = [choice.label for choice in answer.choices.all()]
    if chosen:
        return safe_cell("; ".join(chosen))
    return safe_cell(answer.text)
