"""Needs survey rounds: families of rounds (each round points at the one before), ten
questions each, and responses from people in the survey's audience, at most one each,
with a participation row (as surveys.services_surveys.submit_response leaves them:
anonymous responses have no respondent and only the day they were sent)."""

from datetime import UTC, datetime, time, timedelta

from bench.scale.plan import SURVEY_TURNOUT
from bench.scale.world import World
from surveys.models import Answer, Choice, Question, Response, Survey, SurveyParticipation

AUDIENCE = Survey.Audience
FAMILIES = [
    ("Care home staff survey", AUDIENCE.CARE_HOME_STAFF),
    ("Managers' survey", AUDIENCE.MANAGERS),
    ("Partners' survey", AUDIENCE.PARTNERS),
    ("Training needs survey", AUDIENCE.CARE_HOME_STAFF),
]
SEASONS = ["winter", "summer"]
# kind, text, theme slug, choices
QUESTIONS = [
    ("rating", "How well supported do you feel at work?", "wellbeing", []),
    (
        "rating",
        "How confident are you spotting when a resident is getting worse?",
        "deterioration",
        [],
    ),
    (
        "rating",
        "How easy is it to get advice from the GP practice?",
        "improving-health-and-healthcare",
        [],
    ),
    (
        "rating",
        "How well do handovers work when residents move between services?",
        "managing-transitions",
        [],
    ),
    (
        "single",
        "How often do you get time for training in work hours?",
        "staffing",
        ["Every month", "A few times a year", "Once a year or less", "Never"],
    ),
    (
        "single",
        "Which would help your home most this year?",
        None,
        ["More staff", "More training", "Better links with the NHS", "Better equipment"],
    ),
    (
        "multiple",
        "Which training would help you most?",
        "keeping-workforce-fit-for-purpose",
        [
            "Falls prevention",
            "Medicines safety",
            "Dementia care",
            "Infection control",
            "Advance care planning",
            "End of life care",
        ],
    ),
    (
        "multiple",
        "Which of these has your home tried?",
        "promoting-a-positive-culture",
        ["Peer support", "Champions", "PDSA cycles", "Huddles"],
    ),
    ("number", "How many hours of training did you have in the last 3 months?", None, []),
    ("text", "What one thing would make the biggest difference to residents' care?", None, []),
]
WISHES = [
    "More time to sit and talk with residents.",
    "Quicker advice from the GP practice.",
    "Training we can do on shift, in short sessions.",
    "Better handover notes between day and night staff.",
]


def build(world: World) -> None:
    rng = world.rng("surveys")
    plan = world.plan
    loader = world.loader
    surveys = loader.table(
        Survey,
        [
            "id",
            "title",
            "introduction",
            "audience",
            "anonymous",
            "one_per_home",
            "opens_at",
            "closes_at",
            "published",
            "previous_round_id",
            "created_by_id",
            "created_at",
        ],
    )
    questions = loader.table(
        Question, ["id", "survey_id", "order", "kind", "text", "theme_id", "required"]
    )
    choices = loader.table(Choice, ["id", "question_id", "order", "label"])
    responses = loader.table(
        Response,
        [
            "id",
            "survey_id",
            "respondent_id",
            "organisation_id",
            "submitted_at",
            "created_at",
            "updated_at",
        ],
    )
    answers = loader.table(Answer, ["id", "response_id", "question_id", "rating", "number", "text"])
    answer_choices = loader.table(Answer.choices.through, ["id", "answer_id", "choice_id"])
    participations = loader.table(
        SurveyParticipation, ["id", "survey_id", "user_id", "organisation_id", "submitted_on"]
    )

    audiences = {
        AUDIENCE.CARE_HOME_STAFF: world.learners,
        AUDIENCE.MANAGERS: list(zip(world.home_managers, world.homes, strict=True)),
        AUDIENCE.PARTNERS: world.partners,
    }
    # Rounds: round-robin over the families, newest first; the newest of each family is open.
    rounds = []
    for n in range(plan.surveys):
        family, audience = FAMILIES[n % len(FAMILIES)]
        age = n // len(FAMILIES)  # 0 = the current round
        rounds.append((family, audience, age))
    answers_per_response = len(QUESTIONS) - 0.6
    capacity = [int(len(audiences[a]) * SURVEY_TURNOUT) for _, a, _ in rounds]
    wanted = plan.survey_answers / answers_per_response
    total_capacity = sum(capacity) or 1
    sizes = [min(c, max(1, round(wanted * c / total_capacity))) for c in capacity]

    previous: dict[str, int] = {}
    for (family, audience, age), size in sorted(
        zip(rounds, sizes, strict=True), key=lambda r: -r[0][2]
    ):
        survey = surveys.new_id()
        opens = datetime.combine(world.today - timedelta(days=5 + age * 182), time(0), tzinfo=UTC)
        closes = opens + timedelta(days=28, hours=23, minutes=59)
        season = SEASONS[age % 2]
        anonymous = audience != AUDIENCE.PARTNERS
        surveys.add(
            (
                survey,
                f"{family} – {season} {opens.year}",
                "Tell us what would help. It takes about 5 minutes.",
                audience,
                anonymous,
                False,
                opens,
                closes,
                True,
                previous.get(family),
                rng.choice(world.workers),
                opens - timedelta(days=7),
            )
        )
        previous[family] = survey
        asked = []
        for order, (kind, text, slug, labels) in enumerate(QUESTIONS):
            question = questions.new_id()
            questions.add(
                (question, survey, order, kind, text, world.theme_ids.get(slug), kind != "text")
            )
            ids = []
            for position, label in enumerate(labels):
                ids.append(choices.new_id())
                choices.add((ids[-1], question, position, label))
            asked.append((question, kind, ids))

        lift = 0.3 * max(0, 4 - age)  # later rounds feel a little better
        window = min(closes, world.now) - opens
        for user, org in rng.sample(audiences[audience], size):
            response = responses.new_id()
            sent = opens + window * rng.random()
            day = sent.date()
            if anonymous:
                sent = datetime.combine(day, time(0), tzinfo=UTC)
            responses.add((response, survey, None if anonymous else user, org, sent, sent, sent))
            participations.add((participations.new_id(), survey, user, org, day))
            for question, kind, ids in asked:
                rating = number = None
                text = ""
                if kind == "text":
                    if rng.random() > 0.4:
                        continue
                    text = rng.choice(WISHES)
                elif kind == "rating":
                    rating = min(5, max(1, round(rng.gauss(3.2 + lift, 1.0))))
                elif kind == "number":
                    number = rng.randint(0, 30)
                answer = answers.new_id()
                answers.add((answer, response, question, rating, number, text))
                if kind == "single":
                    answer_choices.add((answer_choices.new_id(), answer, rng.choice(ids)))
                elif kind == "multiple":
                    for choice in rng.sample(ids, rng.randint(1, 3)):
                        answer_choices.add((answer_choices.new_id(), answer, choice))
