"""Demo data for the surveys. Called by seed_demo after the people exist; safe to rerun.

Two rounds of an anonymous staff needs survey: summer 2026 (closed, about 20 responses)
and winter 2026 (open now, closing in 10 days, 6 responses so far). The Oakfield sign-ins
have not answered the winter round, so they see it on their home page.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from network.models import Membership, Theme, User
from network.roles import OrganisationKind, Role
from surveys.models import Answer, Choice, Question, Response, Survey, SurveyParticipation

SUMMER = "Staff needs survey – summer 2026"
WINTER = "Staff needs survey – winter 2026"
NOT_IN_WINTER = {"carer@oakfield.example", "manager@oakfield.example"}

INTRODUCTION = (
    "Tell us what would help you and your home. We use the answers to plan training, "
    "peer support and visits from the network team. It takes about 5 minutes."
)

TRAINING = [
    "Falls prevention",
    "Recognising when a resident is getting worse",
    "Medicines safety",
    "Dementia care",
    "Infection prevention and control",
    "Advance care planning",
]
TIME_FOR_TRAINING = ["Every month", "A few times a year", "Once a year or less", "Never"]
WISHES = [
    "More time to sit and talk with residents.",
    "Quicker advice from the GP practice when someone is unwell.",
    "Training we can do on shift, in short sessions.",
    "Someone to talk to after a difficult death.",
    "Better handover notes between day and night staff.",
]


def seed() -> int:
    """Add what is missing and return how many rows were created."""
    with transaction.atomic():
        created = 0
        summer, new = _survey(SUMMER, opened_days_ago=170, open_days=30, previous=None)
        if new:
            created += 1 + _questions(summer) + _responses(summer, count=20, skip=set())
        winter, new = _survey(WINTER, opened_days_ago=4, open_days=14, previous=summer)
        if new:
            created += 1 + _questions(winter) + _responses(winter, count=6, skip=NOT_IN_WINTER)
        return created


def _survey(title: str, *, opened_days_ago: int, open_days: int, previous) -> tuple:
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    opens_at = today - timedelta(days=opened_days_ago)
    closes_at = opens_at + timedelta(days=open_days, hours=23, minutes=59)
    return Survey.objects.get_or_create(
        title=title,
        defaults={
            "introduction": INTRODUCTION,
            "audience": Survey.Audience.CARE_HOME_STAFF,
            "anonymous": True,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "published": True,
            "previous_round": previous,
            "created_by": User.objects.filter(email="worker@network.example").first(),
        },
    )


def _questions(survey: Survey) -> int:
    wellbeing = Theme.objects.filter(slug="wellbeing").first()
    training = Theme.objects.filter(slug="keeping-workforce-fit-for-purpose").first()
    specs = [
        ("rating", "How well supported do you feel at work?", wellbeing, True, []),
        ("multiple", "Which training would help you most?", training, True, TRAINING),
        ("single", "How often do you get time for training in work hours?", None, True,
         TIME_FOR_TRAINING),
        ("text", "What one thing would make the biggest difference to residents' care?", None,
         False, []),
    ]  # fmt: skip
    for order, (kind, text, theme, required, labels) in enumerate(specs):
        question = Question.objects.create(
            survey=survey, order=order, kind=kind, text=text, theme=theme, required=required
        )
        if kind == "rating":
            question.rating_low_label = "Not at all supported"
            question.rating_high_label = "Very well supported"
            question.save()
        Choice.objects.bulk_create(
            Choice(question=question, order=i, label=label) for i, label in enumerate(labels)
        )
    return len(specs)


def _responses(survey: Survey, *, count: int, skip: set[str]) -> int:
    memberships = (
        Membership.objects.filter(
            organisation__kind=OrganisationKind.CARE_HOME,
            role__in=[Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF],
        )
        .exclude(user__email__in=skip)
        .select_related("user", "organisation")
        .order_by("user__email")[:count]
    )
    questions = {q.order: q for q in survey.questions.prefetch_related("choices")}
    created = 0
    # Later rounds feel a little better supported.
    lift = 1 if survey.previous_round_id else 0
    for n, membership in enumerate(memberships):
        SurveyParticipation.objects.create(
            survey=survey,
            user=membership.user,
            organisation=membership.organisation,
            submitted_on=timezone.localdate(survey.opens_at) + timedelta(days=n % 3),
        )
        day = survey.opens_at + timedelta(days=n % 3)
        response = Response.objects.create(
            survey=survey,
            organisation=membership.organisation,
            submitted_at=day,
            created_at=day,
        )
        Answer.objects.create(
            response=response, question=questions[0], rating=min(5, 2 + (n * 7) % 3 + lift)
        )
        training = Answer.objects.create(response=response, question=questions[1])
        picks = list(questions[1].choices.all())
        training.choices.set([picks[n % 3], picks[3 + n % 2]] if n % 4 else [picks[0]])
        time_answer = Answer.objects.create(response=response, question=questions[2])
        time_answer.choices.set([list(questions[2].choices.all())[min(3, n % 5)]])
        if n % 2 == 0:
            Answer.objects.create(response=response, question=questions[3], text=WISHES[n % 5])
        created += 1
    return created
