"""Reads for the needs surveys, scoped to what the person asking may see.

Project workers and network admins build surveys and read results (`can_build`). Everyone
else sees only published surveys for their audience, decided by the organisation they
act for (`request.membership`). Unknown or unpublished surveys are 404 for them; a
published survey for another audience is 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from network.models import Membership, User
from network.roles import Role
from network.selectors import is_network_wide
from surveys.models import Choice, Question, Response, Survey, SurveyParticipation

# Counts of people below this are shown as "fewer than 5" (small-number suppression).
AUDIENCE_ROLES = {
    Survey.Audience.MANAGERS: {Role.CARE_HOME_MANAGER},
    Survey.Audience.CARE_HOME_STAFF: {Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF},
    Survey.Audience.PARTNERS: {Role.PARTNER},
}


def can_build(user: User) -> bool:
    return user.is_authenticated and is_network_wide(user)


def require_builder(user: User) -> None:
    if not can_build(user):
        raise PermissionDenied("Only project workers can do this.")


def audiences_for(membership: Membership | None) -> list[str]:
    if membership is None:
        return []
    return [audience for audience, roles in AUDIENCE_ROLES.items() if membership.role in roles]


def in_audience(survey: Survey, membership: Membership | None) -> bool:
    return survey.audience in audiences_for(membership)


def _with_questions(qs: QuerySet[Survey]) -> QuerySet[Survey]:
    return qs.prefetch_related(
        Prefetch(
            "questions",
            queryset=Question.objects.select_related("theme").prefetch_related("choices"),
        )
    )


def builder_survey_list() -> QuerySet[Survey]:
    return Survey.objects.select_related("previous_round").order_by("-opens_at", "-pk")


def get_survey_for_building(user: User, pk: int) -> Survey:
    """A survey to change or read results of: 404 if unknown, then 403 for people who do
    not build surveys."""
    survey = _with_questions(Survey.objects.select_related("previous_round")).filter(pk=pk).first()
    if survey is None:
        raise Http404("No such survey")
    require_builder(user)
    return survey


def get_question_for_building(user: User, pk: int) -> Question:
    question = (
        Question.objects.select_related("survey", "theme")
        .prefetch_related("choices")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise Http404("No such question")
    require_builder(user)
    return question


def question_has_answers(question: Question) -> bool:
    return question.answers.exists()


def open_surveys_for(membership: Membership | None) -> QuerySet[Survey]:
    now = timezone.now()
    return Survey.objects.filter(
        published=True,
        opens_at__lte=now,
        closes_at__gt=now,
        audience__in=audiences_for(membership),
    ).order_by("closes_at", "pk")


def get_survey_for_answering(user: User, membership: Membership | None, pk: int) -> Survey:
    """A published survey the person may answer. Unpublished or unknown: 404 (builders may
    see unpublished ones exist, but only the audience answers). Other audiences: 403."""
    survey = _with_questions(Survey.objects.all()).filter(pk=pk).first()
    if survey is None or (not survey.published and not can_build(user)):
        raise Http404("No such survey")
    if not in_audience(survey, membership):
        raise PermissionDenied("This survey is for other people.")
    return survey


def visible_questions(survey: Survey) -> list[Question]:
    return [q for q in survey.questions.all() if not q.hidden]


def draft_for(survey: Survey, user: User) -> Response | None:
    return (
        Response.objects.filter(survey=survey, respondent=user, submitted_at__isnull=True)
        .prefetch_related("answers__choices")
        .first()
    )


def already_answered(survey: Survey, user: User, membership: Membership | None) -> str:
    """Why this person cannot answer again: "you", "home", or "" if they can."""
    done = SurveyParticipation.objects.filter(survey=survey)
    if done.filter(user=user).exists():
        return "you"
    if survey.one_per_home and membership is not None:
        if done.filter(organisation_id=membership.organisation_id).exists():
            return "home"
    return ""


def home_items(user: User, membership) -> dict:
    """Open surveys this person can still answer, for the home page (3 queries at most)."""
    if membership is None or not audiences_for(membership):
        return {"open_surveys": []}
    surveys = list(open_surveys_for(membership))
    if not surveys:
        return {"open_surveys": []}
    ids = [s.pk for s in surveys]
    done = SurveyParticipation.objects.filter(survey_id__in=ids).filter(
        Q(user=user) | Q(organisation_id=membership.organisation_id)
    )
    done_by_me, done_by_home = set(), set()
    for survey_id, user_id in done.values_list("survey_id", "user_id"):
        (done_by_me if user_id == user.pk else done_by_home).add(survey_id)
    drafts = set(
        Response.objects.filter(
            survey_id__in=ids, respondent=user, submitted_at__isnull=True
        ).values_list("survey_id", flat=True)
    )
    shown = []
    for survey in surveys:
        if survey.pk in done_by_me or (survey.one_per_home and survey.pk in done_by_home):
            continue
        survey.has_draft = survey.pk in drafts
        shown.append(survey)
    return {"open_surveys": shown}


def survey_list_for(user: User, membership) -> list[Survey]:
    """Open surveys for the person's audience, each marked answered / has a draft."""
    surveys = list(open_surveys_for(membership))
    if not surveys:
        return []
    ids = [s.pk for s in surveys]
    mine = set(
        SurveyParticipation.objects.filter(survey_id__in=ids, user=user).values_list(
            "survey_id", flat=True
        )
    )
    home = set()
    if membership is not None:
        home = set(
            SurveyParticipation.objects.filter(
                survey_id__in=ids, organisation_id=membership.organisation_id
            ).values_list("survey_id", flat=True)
        )
    drafts = set(
        Response.objects.filter(
            survey_id__in=ids, respondent=user, submitted_at__isnull=True
        ).values_list("survey_id", flat=True)
    )
    for survey in surveys:
        survey.answered = survey.pk in mine or (survey.one_per_home and survey.pk in home)
        survey.has_draft = survey.pk in drafts
    return surveys


def choices_of(question: Question) -> list[Choice]:
    return list(question.choices.all())


def audience_members(survey: Survey) -> QuerySet[User]:
    """Active people in the survey's audience."""
    roles = AUDIENCE_ROLES[Survey.Audience(survey.audience)]
    return User.objects.filter(is_active=True, memberships__role__in=roles).distinct()


def status(survey: Survey) -> tuple[str, str]:
    """A short status and the colour of its NHS.UK tag."""
    now = timezone.now()
    if not survey.published:
        return "Not published", "grey"
    if now < survey.opens_at:
        return "Published, not open yet", "blue"
    if now >= survey.closes_at:
        return "Closed", "white"
    return "Open", "green"


def with_status(surveys) -> list[Survey]:
    surveys = list(surveys)
    for survey in surveys:
        survey.status_text, survey.status_colour = status(survey)
    return surveys
