"""Writes for the needs surveys: building, publishing, copying into a new round, answering
and reminders.

Each service checks who is asking and validates before it saves. Anonymous responses are
unlinked from the person when they are sent; SurveyParticipation records only that
someone (and their home) took part, on which day.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from network.models import Membership, Theme, User
from portal.forms import LONDON
from surveys import selectors_surveys as selectors
from surveys.models import (
    Answer,
    Choice,
    Question,
    Response,
    Survey,
    SurveyParticipation,
    SurveyReminder,
)

CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


class SurveyClosed(Exception):
    """The survey cannot be answered now. The message says why, in plain English."""


class AlreadyAnswered(Exception):
    """This person (or their home, for one-per-home surveys) has already sent answers."""


class EditConflict(Exception):
    """Someone else saved this survey or question after this person opened it: nothing was
    saved (optimistic locking on `version`)."""


def _require_builder(actor: User) -> None:
    if not selectors.can_build(actor):
        raise PermissionDenied("Only project workers can do this.")


def _has_responses(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey, submitted_at__isnull=False).exists()


# --- Surveys ------------------------------------------------------------------------------


def create_survey(
    *,
    actor: User,
    title: str,
    audience: str,
    opens_at: datetime,
    closes_at: datetime,
    introduction: str = "",
    anonymous: bool = True,
    one_per_home: bool = False,
) -> Survey:
    _require_builder(actor)
    survey = Survey(
        title=title.strip(),
        introduction=introduction,
        audience=audience,
        anonymous=anonymous,
        one_per_home=one_per_home,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
    )
    _validate_survey(survey)
    survey.save()
    return survey


def _validate_survey(survey: Survey) -> None:
    if survey.closes_at <= survey.opens_at:
        raise ValidationError({"closes_at": "The closing date must be after the opening date."})
    if survey.one_per_home and survey.audience == Survey.Audience.PARTNERS:
        raise ValidationError(
            {"one_per_home": "One response per home only works for surveys of care homes."}
        )
    survey.full_clean(exclude=["created_by", "previous_round"])


def update_survey(
    *,
    actor: User,
    survey: Survey,
    title: str,
    audience: str,
    opens_at: datetime,
    closes_at: datetime,
    introduction: str = "",
    anonymous: bool = True,
    one_per_home: bool = False,
    version: int | None = None,
) -> Survey:
    """Change a survey. Once anyone has answered, whether it is anonymous cannot change:
    people answered on the promise the form made them. With `version` (the one the form was
    loaded at), raises EditConflict and saves nothing when someone else saved since."""
    _require_builder(actor)
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if version is not None and locked.version != version:
            raise EditConflict
        # Drafts count too: they were saved under the promise the survey made then.
        if anonymous != locked.anonymous and Response.objects.filter(survey=locked).exists():
            raise ValidationError(
                {
                    "anonymous": "People have already started answering, so you cannot change "
                    "whether the survey is anonymous. Copy it into a new round instead."
                }
            )
        locked.title = title.strip()
        locked.introduction = introduction
        locked.audience = audience
        locked.anonymous = anonymous
        locked.one_per_home = one_per_home
        locked.opens_at = opens_at
        locked.closes_at = closes_at
        _validate_survey(locked)
        locked.version += 1
        locked.save()
    return locked


def publish_survey(*, actor: User, survey: Survey) -> Survey:
    """Make the survey visible to its audience. It needs a question, and choices for each
    choice question, and must close in the future."""
    _require_builder(actor)
    questions = selectors.visible_questions(survey)
    if not questions:
        raise ValidationError("Add at least one question before you publish the survey.")
    for question in questions:
        if question.kind in CHOICE_KINDS and len(question.choices.all()) < 2:
            raise ValidationError(f"Give at least 2 answers to choose from for “{question.text}”.")
    if survey.closes_at <= timezone.now():
        raise ValidationError("The closing date has passed. Change it before you publish.")
    Survey.objects.filter(pk=survey.pk).update(published=True)
    survey.published = True
    return survey


def copy_survey(
    *, actor: User, survey: Survey, title: str, opens_at: datetime, closes_at: datetime
) -> Survey:
    """Start the next round: the same questions and answers to choose from, new dates,
    not yet published. Results of the new round are compared with this one."""
    _require_builder(actor)
    with transaction.atomic():
        new = Survey(
            title=title.strip(),
            introduction=survey.introduction,
            audience=survey.audience,
            anonymous=survey.anonymous,
            one_per_home=survey.one_per_home,
            opens_at=opens_at,
            closes_at=closes_at,
            previous_round=survey,
            created_by=actor,
        )
        _validate_survey(new)
        new.save()
        for question in survey.questions.filter(hidden=False).prefetch_related("choices"):
            copied = Question.objects.create(
                survey=new,
                order=question.order,
                kind=question.kind,
                text=question.text,
                hint=question.hint,
                theme=question.theme,
                required=question.required,
                rating_low_label=question.rating_low_label,
                rating_high_label=question.rating_high_label,
            )
            Choice.objects.bulk_create(
                Choice(question=copied, order=c.order, label=c.label)
                for c in question.choices.all()
            )
    return new


# --- Questions ----------------------------------------------------------------------------


def _set_choices(question: Question, labels: list[str], *, has_answers: bool) -> None:
    labels = [label.strip() for label in labels if label.strip()]
    if question.kind not in CHOICE_KINDS:
        question.choices.all().delete()
        return
    if len(labels) < 2:
        raise ValidationError({"choices": "Give at least 2 answers to choose from, one a line."})
    if len({label.lower() for label in labels}) != len(labels):
        raise ValidationError({"choices": "Each answer to choose from must be different."})
    existing = list(question.choices.all())
    if has_answers and len(labels) < len(existing):
        raise ValidationError(
            {
                "choices": "People have already answered, so you cannot remove answers to "
                "choose from. You can change their wording or add more."
            }
        )
    for index, label in enumerate(labels):
        if index < len(existing):
            if existing[index].label != label or existing[index].order != index:
                existing[index].label, existing[index].order = label, index
                existing[index].save(update_fields=["label", "order"])
        else:
            Choice.objects.create(question=question, order=index, label=label)
    for extra in existing[len(labels) :]:
        extra.delete()


def add_question(
    *,
    actor: User,
    survey: Survey,
    kind: str,
    text: str,
    hint: str = "",
    theme: Theme | None = None,
    required: bool = True,
    choices: list[str] = (),
    rating_low_label: str = "",
    rating_high_label: str = "",
) -> Question:
    _require_builder(actor)
    with transaction.atomic():
        last = survey.questions.aggregate(last=Max("order"))["last"]
        question = Question(
            survey=survey,
            order=0 if last is None else last + 1,
            kind=kind,
            text=text.strip(),
            hint=hint.strip(),
            theme=theme,
            required=required,
            rating_low_label=rating_low_label.strip() or "Very poor",
            rating_high_label=rating_high_label.strip() or "Very good",
        )
        question.full_clean()
        question.save()
        _set_choices(question, list(choices), has_answers=False)
    return question


def update_question(
    *,
    actor: User,
    question: Question,
    kind: str,
    text: str,
    hint: str = "",
    theme: Theme | None = None,
    required: bool = True,
    choices: list[str] = (),
    rating_low_label: str = "",
    rating_high_label: str = "",
    version: int | None = None,
) -> Question:
    """Change a question. With `version` (see update_survey), raises EditConflict and saves
    nothing when someone else saved the question since it was loaded. The changes go onto the
    question as it is now (read under a row lock), not the copy the form was loaded with, so
    what others changed meanwhile (hiding or moving it) stays. Returns the saved question."""
    _require_builder(actor)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if version is not None and locked.version != version:
            raise EditConflict
        has_answers = selectors.question_has_answers(locked)
        if has_answers and kind != locked.kind:
            raise ValidationError(
                {"kind": "People have already answered, so the type of question cannot change."}
            )
        locked.version += 1
        locked.kind = kind
        locked.text = text.strip()
        locked.hint = hint.strip()
        locked.theme = theme
        locked.required = required
        locked.rating_low_label = rating_low_label.strip() or "Very poor"
        locked.rating_high_label = rating_high_label.strip() or "Very good"
        locked.full_clean()
        locked.save()
        _set_choices(locked, list(choices), has_answers=has_answers)
    return locked


def delete_question(*, actor: User, question: Question) -> None:
    """Delete a question nobody has answered. One with answers can only be hidden."""
    _require_builder(actor)
    with transaction.atomic():
        if selectors.question_has_answers(question):
            raise ValidationError(
                "People have already answered this question, so it cannot be deleted: their "
                "answers would be lost. You can hide it instead, so nobody else is asked it."
            )
        question.delete()


def hide_question(*, actor: User, question: Question, hidden: bool = True) -> Question:
    _require_builder(actor)
    Question.objects.filter(pk=question.pk).update(hidden=hidden)
    question.hidden = hidden
    return question


def move_question(*, actor: User, question: Question, direction: str) -> None:
    """Move a question one place up or down; renumbers the survey's questions 0, 1, 2..."""
    _require_builder(actor)
    if direction not in ("up", "down"):
        raise ValidationError("Choose to move the question up or down.")
    with transaction.atomic():
        questions = list(Question.objects.select_for_update().filter(survey_id=question.survey_id))
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(questions):
            questions[index], questions[other] = questions[other], questions[index]
        for order, q in enumerate(questions):
            if q.order != order:
                Question.objects.filter(pk=q.pk).update(order=order)


# --- Answering ----------------------------------------------------------------------------


def why_not_open(survey: Survey) -> str:
    """Why the survey cannot be answered now, or "" if it can."""
    now = timezone.now()
    if not survey.published:
        return "This survey has not been published yet."
    if now < survey.opens_at:
        return f"This survey opens on {_london(survey.opens_at)}."
    if now >= survey.closes_at:
        return f"This survey closed on {_london(survey.closes_at)}."
    return ""


def _london(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _store_answers(response: Response, answers: dict[Question, object]) -> None:
    """Replace the response's answers with `answers` (question -> value; empty skipped)."""
    response.answers.all().delete()
    for question, value in answers.items():
        if value in (None, "", [], ()):
            continue
        answer = Answer(response=response, question=question)
        if question.kind == Question.Kind.RATING:
            answer.rating = int(value)
        elif question.kind == Question.Kind.NUMBER:
            answer.number = Decimal(value)
        elif question.kind == Question.Kind.TEXT:
            answer.text = str(value).strip()
        answer.save()
        if question.kind == Question.Kind.SINGLE:
            answer.choices.set([value])
        elif question.kind == Question.Kind.MULTIPLE:
            answer.choices.set(list(value))


def _check_can_answer(survey: Survey, user: User, membership: Membership | None) -> None:
    reason = why_not_open(survey)
    if reason:
        raise SurveyClosed(reason)
    done = selectors.already_answered(survey, user, membership)
    if done == "you":
        raise AlreadyAnswered("You have already sent your answers to this survey.")
    if done == "home":
        raise AlreadyAnswered(
            "Someone from your home has already answered this survey. It asks for one "
            "response from each home."
        )


def save_draft(
    *, user: User, membership: Membership | None, survey: Survey, answers: dict
) -> Response:
    """Keep answers so far, linked to the person, so they can come back and finish."""
    if not selectors.in_audience(survey, membership):
        raise PermissionDenied("This survey is for other people.")
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)
        _check_can_answer(survey, user, membership)
        response = Response.objects.filter(
            survey=survey, respondent=user, submitted_at__isnull=True
        ).first() or Response.objects.create(
            survey=survey, respondent=user, organisation=membership.organisation
        )
        _store_answers(response, answers)
        Response.objects.filter(pk=response.pk).update(organisation=membership.organisation)
    return response


def submit_response(
    *, user: User, membership: Membership | None, survey: Survey, answers: dict
) -> Response:
    """Send answers. In one transaction: lock the survey, refuse if closed or already
    answered (by the person, or by their home for one-per-home surveys), record that they
    took part, store the answers and, for an anonymous survey, unlink them from the person
    and keep only the day they were sent."""
    if not selectors.in_audience(survey, membership):
        raise PermissionDenied("This survey is for other people.")
    try:
        with transaction.atomic():
            Survey.objects.select_for_update().get(pk=survey.pk)
            _check_can_answer(survey, user, membership)
            SurveyParticipation.objects.create(
                survey=survey, user=user, organisation=membership.organisation
            )
            response = Response.objects.filter(
                survey=survey, respondent=user, submitted_at__isnull=True
            ).first() or Response(survey=survey, respondent=user)
            response.organisation = membership.organisation
            response.submitted_at = timezone.now()
            if survey.anonymous:
                response.respondent = None
            response.save()
            _store_answers(response, answers)
            if survey.anonymous:
                day = datetime.combine(timezone.localdate(), time(0), tzinfo=LONDON)
                Response.objects.filter(pk=response.pk).update(
                    created_at=day, updated_at=day, submitted_at=day
                )
    except IntegrityError:
        # Two sends at once: the participation constraint let only one through.
        raise AlreadyAnswered("You have already sent your answers to this survey.") from None
    return response


# --- Reminders ----------------------------------------------------------------------------

REMIND_DAYS_BEFORE_CLOSING = 3


def reminders_due() -> list[tuple[Survey, User]]:
    """People in the audience of a survey closing within 3 days who have not answered
    and have not been reminded about it."""
    now = timezone.now()
    due = []
    surveys = Survey.objects.filter(
        published=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + timedelta(days=REMIND_DAYS_BEFORE_CLOSING),
    )
    for survey in surveys:
        people = (
            selectors.audience_members(survey)
            .exclude(pk__in=SurveyParticipation.objects.filter(survey=survey).values("user_id"))
            .exclude(pk__in=SurveyReminder.objects.filter(survey=survey).values("user_id"))
        )
        if survey.one_per_home:
            done_homes = SurveyParticipation.objects.filter(survey=survey).values("organisation_id")
            people = people.exclude(memberships__organisation_id__in=done_homes)
        due += [(survey, person) for person in people]
    return due


def claim_reminder(*, survey: Survey, user: User) -> bool:
    """Record that `user` is reminded about `survey`; False if someone already did."""
    try:
        with transaction.atomic():
            SurveyReminder.objects.create(survey=survey, user=user)
    except IntegrityError:
        return False
    return True
