"""Helpers for the survey tests (no tests here): a survey with two questions, and
submitted responses made through the services."""

from datetime import timedelta

from django.utils import timezone

from surveys import services_surveys as services
from surveys.models import Choice, Question, Survey


def make_survey(
    *,
    title="Staff needs survey – winter 2026",
    audience=Survey.Audience.CARE_HOME_STAFF,
    anonymous=True,
    one_per_home=False,
    published=True,
    opens_in=-1,
    closes_in=10,
    previous=None,
) -> Survey:
    now = timezone.now()
    survey = Survey.objects.create(
        title=title,
        audience=audience,
        anonymous=anonymous,
        one_per_home=one_per_home,
        published=published,
        opens_at=now + timedelta(days=opens_in),
        closes_at=now + timedelta(days=closes_in),
        previous_round=previous,
    )
    Question.objects.create(
        survey=survey, order=0, kind="rating", text="How well supported do you feel?"
    )
    topics = Question.objects.create(
        survey=survey, order=1, kind="multiple", text="Which training would help?"
    )
    for i, label in enumerate(["Falls", "Dementia", "Medicines"]):
        Choice.objects.create(question=topics, order=i, label=label)
    Question.objects.create(
        survey=survey, order=2, kind="text", text="Anything else?", required=False
    )
    return survey


def questions(survey):
    rating, topics, text = list(survey.questions.order_by("order"))
    return rating, topics, text


def answers(survey, *, rating=4, topics=("Falls",), text=""):
    q_rating, q_topics, q_text = questions(survey)
    return {
        q_rating: rating,
        q_topics: list(q_topics.choices.filter(label__in=topics)),
        q_text: text,
    }


def submit(survey, membership, **kwargs):
    return services.submit_response(
        user=membership.user,
        membership=membership,
        survey=survey,
        answers=answers(survey, **kwargs),
    )
