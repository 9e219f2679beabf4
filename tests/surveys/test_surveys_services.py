"""Services for needs surveys: building, rounds, answering, anonymity and reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from network.models import Membership
from surveys import services_surveys as services
from surveys.models import Answer, Question, Response, Survey, SurveyParticipation, SurveyReminder
from surveys.tasks_surveys import send_survey_reminders
from tests.surveys.test_surveys_support import answers, make_survey, questions, submit


def m(user) -> Membership:
    return user.memberships.get()


def _create(actor, **overrides):
    now = timezone.now()
    details = {
        "title": "Managers' survey",
        "audience": Survey.Audience.MANAGERS,
        "opens_at": now,
        "closes_at": now + timedelta(days=7),
        **overrides,
    }
    return services.create_survey(actor=actor, **details)


def test_only_project_workers_build_surveys(cast):
    with pytest.raises(PermissionDenied):
        _create(cast.mona)
    survey = _create(cast.will)
    assert survey.created_by == cast.will
    assert not survey.published


def test_a_survey_must_close_after_it_opens(cast):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        _create(cast.will, opens_at=now, closes_at=now - timedelta(days=1))
    assert "closing date" in str(error.value)
    assert not Survey.objects.exists()


def test_publishing_needs_questions_with_choices(cast):
    survey = _create(cast.will)
    with pytest.raises(ValidationError, match="at least one question"):
        services.publish_survey(actor=cast.will, survey=survey)
    services.add_question(
        actor=cast.will, survey=survey, kind="single", text="Pick one", choices=["Yes", "No"]
    )
    services.publish_survey(actor=cast.will, survey=survey)
    survey.refresh_from_db()
    assert survey.published


def test_choice_questions_need_two_different_choices(cast):
    survey = _create(cast.will)
    with pytest.raises(ValidationError, match="at least 2"):
        services.add_question(
            actor=cast.will, survey=survey, kind="single", text="Pick", choices=["Yes"]
        )
    with pytest.raises(ValidationError, match="different"):
        services.add_question(
            actor=cast.will, survey=survey, kind="single", text="Pick", choices=["Yes", "yes"]
        )
    assert not survey.questions.exists()


def test_questions_move_up_and_down(cast):
    survey = make_survey()
    rating, topics, text = questions(survey)
    services.move_question(actor=cast.will, question=text, direction="up")
    assert list(survey.questions.order_by("order").values_list("pk", flat=True)) == [
        rating.pk,
        text.pk,
        topics.pk,
    ]
    services.move_question(actor=cast.will, question=rating, direction="up")  # already first
    assert survey.questions.order_by("order").first() == rating


def test_a_question_with_answers_cannot_be_deleted_but_can_be_hidden(cast):
    survey = make_survey()
    submit(survey, m(cast.sid))
    rating, _, text = questions(survey)
    with pytest.raises(ValidationError, match="hide it instead"):
        services.delete_question(actor=cast.will, question=rating)
    assert Question.objects.filter(pk=rating.pk).exists()
    services.hide_question(actor=cast.will, question=rating)
    rating.refresh_from_db()
    assert rating.hidden
    services.delete_question(actor=cast.will, question=text)  # nobody answered it
    assert not Question.objects.filter(pk=text.pk).exists()


def test_changing_anonymity_after_answers_is_refused(cast):
    survey = make_survey()
    submit(survey, m(cast.sid))
    with pytest.raises(ValidationError, match="anonymous"):
        services.update_survey(
            actor=cast.will,
            survey=survey,
            title=survey.title,
            audience=survey.audience,
            opens_at=survey.opens_at,
            closes_at=survey.closes_at,
            anonymous=False,
        )
    survey.refresh_from_db()
    assert survey.anonymous


def test_copy_makes_an_unpublished_next_round(cast):
    survey = make_survey()
    hidden = questions(survey)[2]
    services.hide_question(actor=cast.will, question=hidden)
    now = timezone.now()
    new = services.copy_survey(
        actor=cast.will,
        survey=survey,
        title="Staff needs survey – spring 2027",
        opens_at=now + timedelta(days=30),
        closes_at=now + timedelta(days=44),
    )
    assert new.previous_round == survey
    assert not new.published
    assert list(new.questions.values_list("text", flat=True)) == [
        "How well supported do you feel?",
        "Which training would help?",
    ]
    assert list(new.questions.get(kind="multiple").choices.values_list("label", flat=True)) == [
        "Falls",
        "Dementia",
        "Medicines",
    ]


def test_anonymous_response_is_unlinked_and_only_dated(cast):
    survey = make_survey(anonymous=True)
    response = submit(survey, m(cast.sid), rating=2)
    response.refresh_from_db()
    assert response.respondent is None
    assert response.organisation == cast.home_a
    for moment in (response.submitted_at, response.created_at, response.updated_at):
        local = timezone.localtime(moment)
        assert (local.hour, local.minute, local.second) == (0, 0, 0)
    participation = SurveyParticipation.objects.get(survey=survey)
    assert participation.user == cast.sid
    assert not Response.objects.filter(respondent=cast.sid).exists()


def test_named_response_keeps_the_person(cast):
    survey = make_survey(anonymous=False)
    response = submit(survey, m(cast.sid))
    assert response.respondent == cast.sid


def test_a_second_send_stores_nothing(cast):
    survey = make_survey()
    submit(survey, m(cast.sid))
    with pytest.raises(services.AlreadyAnswered, match="already sent"):
        submit(survey, m(cast.sid), rating=1)
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(rating=1).count() == 0


def test_one_per_home_refuses_a_second_person_from_the_home(cast):
    survey = make_survey(one_per_home=True)
    submit(survey, m(cast.sid))
    with pytest.raises(services.AlreadyAnswered, match="Someone from your home"):
        submit(survey, m(cast.mona))
    submit(survey, m(cast.bea))  # another home
    assert Response.objects.filter(survey=survey).count() == 2


def test_closed_or_not_yet_open_survey_cannot_be_answered(cast):
    closed = make_survey(opens_in=-10, closes_in=-1)
    with pytest.raises(services.SurveyClosed, match="closed on"):
        submit(closed, m(cast.sid))
    later = make_survey(title="Later", opens_in=2, closes_in=10)
    with pytest.raises(services.SurveyClosed, match="opens on"):
        services.save_draft(
            user=cast.sid, membership=m(cast.sid), survey=later, answers=answers(later)
        )
    assert not Response.objects.exists()
    assert not SurveyParticipation.objects.exists()


def test_someone_outside_the_audience_cannot_answer(cast):
    survey = make_survey(audience=Survey.Audience.MANAGERS)
    with pytest.raises(PermissionDenied):
        submit(survey, m(cast.sid))
    with pytest.raises(PermissionDenied):
        submit(survey, m(cast.pat))


def test_a_draft_is_kept_then_sent_as_one_response(cast):
    survey = make_survey()
    draft = services.save_draft(
        user=cast.sid, membership=m(cast.sid), survey=survey, answers=answers(survey, rating=3)
    )
    assert draft.respondent == cast.sid and draft.submitted_at is None
    services.save_draft(
        user=cast.sid, membership=m(cast.sid), survey=survey, answers=answers(survey, rating=5)
    )
    assert Response.objects.filter(survey=survey).count() == 1
    sent = submit(survey, m(cast.sid), rating=4, topics=("Falls", "Dementia"))
    assert sent.pk == draft.pk
    assert Response.objects.filter(survey=survey).count() == 1
    assert list(Answer.objects.filter(response=sent).values_list("rating", flat=True)) == [4, None]


def test_reminders_go_once_to_people_yet_to_answer(cast):
    survey = make_survey(audience=Survey.Audience.MANAGERS, closes_in=2)
    make_survey(title="Closes later", audience=Survey.Audience.MANAGERS, closes_in=20)
    submit(survey, m(cast.mona))
    assert send_survey_reminders() == 1
    assert [message.to for message in mail.outbox] == [[cast.bea.email]]
    assert survey.title in mail.outbox[0].subject
    assert f"/surveys/{survey.pk}/" in mail.outbox[0].body
    assert send_survey_reminders() == 0  # safe to run again
    assert SurveyReminder.objects.get().user == cast.bea


def test_no_reminders_for_unpublished_or_closed_surveys(cast):
    make_survey(published=False, closes_in=1)
    make_survey(title="Closed", opens_in=-5, closes_in=-1)
    assert send_survey_reminders() == 0
    assert mail.outbox == []
