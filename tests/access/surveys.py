"""Access entries for the needs survey pages (see tests/access/base.py).

Project workers and network admins build surveys and read results (everyone else 403).
Answering is for the survey's audience, decided by the organisation someone acts for: the
staff survey here is for care home managers and staff, so partners and the network team
get 403. Unknown ids are 404, and so are unpublished surveys for people who do not build
them.
"""

from datetime import timedelta

from django.utils import timezone

from surveys.models import Choice, Question, Survey
from tests.access.base import LOGIN, Entry, everyone


def builders(ok):
    return {
        "anonymous": LOGIN,
        "sid": 403,
        "mona": 403,
        "bea": 403,
        "pat": 403,
        "will": ok,
        "ada": ok,
    }


def care_home_staff(ok):
    return {
        "anonymous": LOGIN,
        "sid": ok,
        "mona": ok,
        "bea": ok,
        "pat": 403,
        "will": 403,
        "ada": 403,
    }


def objects(cast) -> dict:
    """Rows these URLs point at, keyed by name; merged with the other areas' objects."""
    now = timezone.now()
    staff_survey = Survey.objects.create(
        title="Staff needs survey",
        audience=Survey.Audience.CARE_HOME_STAFF,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        published=True,
    )
    rating = Question.objects.create(
        survey=staff_survey, order=0, kind="rating", text="How supported do you feel?"
    )
    spare = Question.objects.create(
        survey=staff_survey, order=1, kind="text", text="Anything else?", required=False
    )
    draft_survey = Survey.objects.create(
        title="Draft survey",
        audience=Survey.Audience.CARE_HOME_STAFF,
        opens_at=now,
        closes_at=now + timedelta(days=10),
    )
    choice_question = Question.objects.create(
        survey=draft_survey, order=0, kind="single", text="Pick one"
    )
    Choice.objects.create(question=choice_question, order=0, label="Yes")
    Choice.objects.create(question=choice_question, order=1, label="No")
    return {
        "staff_survey": staff_survey,
        "staff_rating": rating,
        "staff_spare": spare,
        "draft_survey": draft_survey,
    }


def _staff(c, o):
    return [o["staff_survey"].pk]


def _draft(c, o):
    return [o["draft_survey"].pk]


def _rating(c, o):
    return [o["staff_rating"].pk]


def _spare(c, o):
    return [o["staff_spare"].pk]


UNKNOWN = lambda c, o: [987654]  # noqa: E731


def _dates(day_offset_open, day_offset_close):
    today = timezone.localdate()
    opens, closes = (
        today + timedelta(days=day_offset_open),
        today + timedelta(days=day_offset_close),
    )
    return {
        "opens_on_day": opens.day,
        "opens_on_month": opens.month,
        "opens_on_year": opens.year,
        "closes_on_day": closes.day,
        "closes_on_month": closes.month,
        "closes_on_year": closes.year,
    }


def _survey_data(c, o, u):
    return {
        "title": "Managers' needs",
        "audience": "managers",
        "anonymous": "yes",
        "one_per_home": "no",
        **_dates(0, 14),
    }


def _question_data(c, o, u):
    return {"text": "How are you?", "kind": "rating", "required": "yes"}


def _answer_data(c, o, u):
    return {f"q{o['staff_rating'].pk}": "4", "send": "1"}


ENTRIES: list[Entry] = [
    Entry("surveys:survey_list", "get", everyone(200)),
    Entry("surveys:survey_create", "get", builders(200)),
    Entry("surveys:survey_create", "post", builders(302), data=_survey_data, writes=True),
    Entry("surveys:survey_edit", "get", builders(200), args=_staff),
    Entry("surveys:survey_edit", "get", everyone(404), args=UNKNOWN, label="unknown survey"),
    Entry(
        "surveys:survey_edit", "post", builders(302), args=_draft, data=_survey_data, writes=True
    ),
    Entry("surveys:survey_publish", "post", builders(302), args=_draft, writes=True),
    Entry("surveys:survey_publish", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("surveys:survey_copy", "get", builders(200), args=_staff),
    Entry(
        "surveys:survey_copy",
        "post",
        builders(302),
        args=_staff,
        data=lambda c, o, u: {"title": "Next round", **_dates(1, 20)},
        writes=True,
    ),
    Entry("surveys:question_add", "get", builders(200), args=_staff),
    Entry(
        "surveys:question_add",
        "post",
        builders(302),
        args=_staff,
        data=_question_data,
        writes=True,
    ),
    Entry("surveys:question_edit", "get", builders(200), args=_rating),
    Entry("surveys:question_edit", "get", everyone(404), args=UNKNOWN, label="unknown question"),
    Entry(
        "surveys:question_edit",
        "post",
        builders(302),
        args=_rating,
        data=_question_data,
        writes=True,
    ),
    Entry("surveys:question_delete", "get", builders(200), args=_spare),
    Entry("surveys:question_delete", "post", builders(302), args=_spare, writes=True),
    Entry("surveys:question_delete", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("surveys:question_hide", "post", builders(302), args=_spare, writes=True),
    Entry(
        "surveys:question_move",
        "post",
        builders(302),
        args=_spare,
        data=lambda c, o, u: {"direction": "up"},
        writes=True,
    ),
    Entry("surveys:question_move", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("surveys:survey_answer", "get", care_home_staff(200), args=_staff),
    Entry("surveys:survey_answer", "get", everyone(404), args=UNKNOWN, label="unknown survey"),
    Entry(
        "surveys:survey_answer",
        "get",
        {**everyone(404), "will": 403, "ada": 403},
        args=_draft,
        label="unpublished survey",
    ),
    Entry(
        "surveys:survey_answer",
        "post",
        care_home_staff(302),
        args=_staff,
        data=_answer_data,
        writes=True,
    ),
    Entry("surveys:survey_results", "get", builders(200), args=_staff),
    Entry("surveys:survey_results", "get", everyone(404), args=UNKNOWN, label="unknown survey"),
    Entry("surveys:survey_export", "get", builders(200), args=_staff),
    Entry("surveys:survey_export", "get", everyone(404), args=UNKNOWN, label="unknown survey"),
]
