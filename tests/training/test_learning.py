"""The learner's panel on a session page: opening a session makes a learning record,
rating yourself before and after (after = complete), and feedback."""

from datetime import timedelta

import pytest
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_learning_record, make_session
from training import selectors_learning, services_learning
from training.models import LearningRecord

NHS_NUMBER = "943 476 5919"  # a valid test number (modulus 11)


@pytest.fixture
def session(db):
    return make_session(upload=True, title="Preventing falls at night")


def _scores(stage, knowledge=2, confidence=2, skill=3):
    return {
        f"{stage}-knowledge": knowledge,
        f"{stage}-confidence": confidence,
        f"{stage}-skill": skill,
    }


def _assess(session, stage):
    return reverse("training:assessment", args=[session.pk, stage])


def _page(client, session):
    return client.get(reverse("training:session_detail", args=[session.pk])).content.decode()


def _panel(user, session, membership=None) -> tuple[dict, str]:
    """session_page_context and the panel it draws, without the rest of the session page."""
    request = RequestFactory().get("/")
    request.user = user
    request.membership = membership if membership is not None else user.memberships.first()
    ctx = selectors_learning.session_page_context(request, session)
    html = render_to_string(
        "training/includes/learning_panel.html", {**ctx, "session": session}, request=request
    )
    return ctx, html


def _record(user, session) -> LearningRecord:
    return LearningRecord.objects.get(user=user, session=session)


# --- Opening a session ------------------------------------------------------------------


def test_opening_a_published_session_starts_a_record_for_the_home(cast, session):
    ctx, html = _panel(cast.sid, session)
    record = _record(cast.sid, session)
    assert ctx["learning_record"] == record
    assert record.organisation == cast.home_a
    assert record.view_count == 1
    assert "Before you watch" in html


def test_the_session_page_shows_the_panel(client, cast, session):
    client.force_login(cast.sid)
    html = _page(client, session)
    assert 'id="your-learning"' in html
    assert "Your learning" in html and "Before you watch" in html
    assert _record(cast.sid, session).view_count == 1


def test_reopening_within_half_an_hour_is_the_same_visit(cast, session):
    _panel(cast.sid, session)
    _panel(cast.sid, session)
    assert _record(cast.sid, session).view_count == 1
    earlier = timezone.now() - timedelta(minutes=31)
    LearningRecord.objects.update(last_viewed_at=earlier)
    ctx, _ = _panel(cast.sid, session)
    record = _record(cast.sid, session)
    assert record.view_count == 2
    assert record.last_viewed_at > earlier
    assert ctx["learning_record"].view_count == 2


def test_two_requests_opening_at_once_make_one_record(cast, session, monkeypatch):
    """The other request creates the record between our look-up and our insert."""
    make_learning_record(cast.sid, session)
    LearningRecord.objects.update(last_viewed_at=timezone.now() - timedelta(hours=2))
    real_first = QuerySet.first
    calls = []

    def first_misses_once(self):
        calls.append(self.model)
        if len(calls) == 1 and self.model is LearningRecord:
            return None
        return real_first(self)

    monkeypatch.setattr(QuerySet, "first", first_misses_once)
    record = services_learning.open_session(
        user=cast.sid, session=session, organisation=cast.home_a
    )
    monkeypatch.undo()
    assert LearningRecord.objects.filter(user=cast.sid).count() == 1
    assert record.pk == _record(cast.sid, session).pk
    assert _record(cast.sid, session).view_count == 2


def test_opening_a_draft_or_archived_session_makes_no_record(cast):
    draft = make_session(status="draft", title="Draft")
    archived = make_session(status="archived", title="Archived")
    ctx, html = _panel(cast.will, draft)
    assert ctx["learning_record"] is None
    assert "This session is a draft" in html
    assert "Before you watch" not in html
    ctx, html = _panel(cast.ada, archived)
    assert ctx["learning_record"] is None
    assert "taken out of the library" in html
    assert not LearningRecord.objects.exists()


def test_an_archived_session_shows_the_record_someone_already_has(cast):
    archived = make_session(status="archived", title="Archived")
    make_learning_record(cast.mona, archived)
    ctx, html = _panel(cast.mona, archived)
    assert ctx["learning_record"] is not None
    assert "Before you watch" in html and "Mark as complete" in html


@pytest.mark.parametrize("existing", [False, True])
def test_opening_a_session_costs_two_queries(cast, session, existing, django_assert_num_queries):
    """A look-up and one write (insert or update), however many records there are."""
    for i in range(5):
        make_learning_record(cast.mona, make_session(title=f"Other {i}"))
    if existing:
        make_learning_record(cast.sid, session)
        LearningRecord.objects.update(last_viewed_at=timezone.now() - timedelta(hours=1))
    request = RequestFactory().get("/")
    request.user, request.membership = (
        cast.sid,
        cast.sid.memberships.select_related("organisation").get(),
    )
    extra = 0 if existing else 2  # the savepoint around the insert
    with django_assert_num_queries(2 + extra):
        selectors_learning.session_page_context(request, session)


# --- Rating yourself before -------------------------------------------------------------


def test_the_before_form_has_three_questions_with_plain_labels(cast, session):
    _, html = _panel(cast.sid, session)
    assert html.count("<fieldset") == 6  # before and after: three questions each
    assert "<legend" in html
    for words in (
        "How much do you know about this subject?",
        "How confident do you feel about putting it into practice?",
        "How well can you do it in your work?",
        "1 – I know very little",
        "5 – I know it well",
        "1 – Not confident",
        "5 – I can do it well",
    ):
        assert words in html, words
    assert 'id="id_before-knowledge"' in html and 'id="id_after-knowledge"' in html
    assert 'for="id_before-knowledge-5"' in html


def test_saving_before_answers(client, cast, session):
    client.force_login(cast.sid)
    response = client.post(_assess(session, "before"), _scores("before"))
    assert response.status_code == 302
    assert response.url == reverse("training:session_detail", args=[session.pk]) + (
        "#your-learning"
    )
    record = _record(cast.sid, session)
    assert (record.before_knowledge, record.before_confidence, record.before_skill) == (2, 2, 3)
    assert record.before_at is not None and record.completed_at is None
    html = client.get(response.url).content.decode()
    assert "Your answers are saved. Now watch the session." in html
    assert "Knowledge: 2 – I know a little" in html and "Skill: 3 – I can do some of it" in html
    assert "Change your answers" in html


def test_before_answers_can_be_changed_until_complete(client, cast, session):
    client.force_login(cast.sid)
    client.post(_assess(session, "before"), _scores("before"))
    client.post(_assess(session, "before"), _scores("before", knowledge=1))
    assert _record(cast.sid, session).before_knowledge == 1
    assert LearningRecord.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose how much you know about this subject"),
        (_scores("before", confidence=""), "Choose how confident you feel"),
        (_scores("before", skill=9), "Choose how well you can do it in your work"),
        (_scores("before", knowledge="two"), "Choose how much you know about this subject"),
    ],
)
def test_missing_or_wrong_answers_are_form_errors_and_nothing_is_saved(
    client, cast, session, data, message
):
    client.force_login(cast.sid)
    response = client.post(_assess(session, "before"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: " in html
    assert 'href="#id_before-' in html  # the summary links to the question
    assert not LearningRecord.objects.exists()


def test_the_before_page_works_on_its_own(client, cast, session):
    client.force_login(cast.sid)
    html = client.get(_assess(session, "before")).content.decode()
    assert "<h1>Rate yourself before you watch</h1>" in html
    assert "Save my answers" in html


# --- Rating yourself after: complete ----------------------------------------------------


def test_completing_keeps_the_before_answers_and_shows_the_change(client, cast, session):
    client.force_login(cast.sid)
    client.post(_assess(session, "before"), _scores("before"))
    response = client.post(_assess(session, "after"), _scores("after", 4, 4, 4))
    assert response.status_code == 302
    record = _record(cast.sid, session)
    assert record.completed_at is not None and record.after_at is not None
    assert (record.before_knowledge, record.before_confidence, record.before_skill) == (2, 2, 3)
    assert (record.after_knowledge, record.after_confidence, record.after_skill) == (4, 4, 4)
    html = client.get(response.url).content.decode()
    assert "You have completed this session. Your certificate is ready." in html
    assert "Download your certificate (PDF)" in html
    assert reverse("training:certificate", args=[session.pk]) in html
    assert "Confidence" in html
    assert (
        '2 <span aria-hidden="true">→</span><span class="nhsuk-u-visually-hidden">to</span> 4'
        in (html)
    )
    assert "(up 2)" in html and "(up 1)" in html
    assert "Tell us what you thought" in html
    assert "Mark as complete" not in html


def test_a_double_submit_completes_once(client, cast, session):
    client.force_login(cast.sid)
    client.post(_assess(session, "after"), _scores("after", 4, 4, 4))
    first = _record(cast.sid, session)
    response = client.post(_assess(session, "after"), _scores("after", 1, 1, 1), follow=True)
    assert "You had already marked this session as complete." in response.content.decode()
    again = _record(cast.sid, session)
    assert again.completed_at == first.completed_at
    assert again.after_knowledge == 4
    assert LearningRecord.objects.count() == 1


def test_before_answers_cannot_be_changed_once_complete(client, cast, session):
    client.force_login(cast.sid)
    client.post(_assess(session, "before"), _scores("before"))
    client.post(_assess(session, "after"), _scores("after", 4, 4, 4))
    response = client.post(_assess(session, "before"), _scores("before", 5, 5, 5))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "your answers from before you watched cannot be changed" in html
    assert _record(cast.sid, session).before_knowledge == 2
    html = client.get(_assess(session, "before")).content.decode()
    assert "cannot be changed" in html and "Save my answers" not in html


def test_someone_who_skipped_before_can_still_complete(client, cast, session):
    client.force_login(cast.sid)
    html = _page(client, session)
    assert "Mark as complete without rating yourself first" in html
    assert "we will not be able to show how much changed" in html
    client.post(_assess(session, "after"), _scores("after", 4, 4, 4))
    assert _record(cast.sid, session).is_completed
    html = _page(client, session)
    assert "You did not rate yourself before watching, so we cannot show how much changed" in (html)
    assert "Download your certificate (PDF)" in html


def test_completing_without_opening_the_page_first_makes_the_record(client, cast, session):
    client.force_login(cast.bea)
    client.post(_assess(session, "after"), _scores("after"))
    record = _record(cast.bea, session)
    assert record.is_completed and record.organisation == cast.home_b


def test_an_archived_session_can_be_finished_by_someone_who_started_it(client, cast):
    archived = make_session(status="archived", title="Old session")
    make_learning_record(cast.mona, archived)
    client.force_login(cast.mona)
    assert client.post(_assess(archived, "after"), _scores("after")).status_code == 302
    assert _record(cast.mona, archived).is_completed
    client.force_login(cast.will)  # may see it, never started it
    response = client.post(_assess(archived, "after"), _scores("after"))
    assert response.status_code == 403
    assert "no longer open to new learners" in response.content.decode()
    assert not LearningRecord.objects.filter(user=cast.will).exists()


def test_drafts_are_not_found_for_learners(client, cast):
    draft = make_session(status="draft", title="Draft")
    client.force_login(cast.sid)
    assert client.post(_assess(draft, "before"), _scores("before")).status_code == 404
    assert client.get(reverse("training:feedback", args=[draft.pk])).status_code == 404
    assert not LearningRecord.objects.exists()


def test_an_unknown_step_is_not_found(client, cast, session):
    client.force_login(cast.sid)
    assert client.get(f"/training/sessions/{session.pk}/rate-yourself/during/").status_code == 404


def test_the_service_refuses_scores_out_of_range_without_making_a_record(cast, session):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services_learning.record_assessment(
            user=cast.sid,
            session=session,
            organisation=cast.home_a,
            stage="after",
            scores={"knowledge": 6, "confidence": 0, "skill": 3},
        )
    assert set(caught.value.message_dict) == {"knowledge", "confidence"}
    assert not LearningRecord.objects.exists()


# --- Feedback ---------------------------------------------------------------------------


def _feedback(session):
    return reverse("training:feedback", args=[session.pk])


def test_feedback_is_saved_and_can_be_changed(client, cast, session):
    make_learning_record(cast.sid, session, completed=True)
    client.force_login(cast.sid)
    response = client.post(
        _feedback(session), {"feedback-rating": 4, "feedback-comment": "  Clear and short  "}
    )
    assert response.status_code == 302
    record = _record(cast.sid, session)
    assert (record.rating, record.comment) == (4, "Clear and short")
    assert record.feedback_at is not None
    html = client.get(response.url).content.decode()
    assert "Thank you for your feedback." in html
    assert "You rated this session 4 out of 5" in html
    assert "Change your feedback" in html
    client.post(_feedback(session), {"feedback-rating": 5, "feedback-comment": ""})
    record = _record(cast.sid, session)
    assert (record.rating, record.comment) == (5, "")
    assert LearningRecord.objects.count() == 1


@pytest.mark.parametrize("started", [False, True])
def test_feedback_waits_until_the_session_is_complete(client, cast, session, started):
    """Before completing, the feedback page says to complete it first (403), a POST saves
    nothing and makes no record."""
    if started:
        make_learning_record(cast.sid, session)
    client.force_login(cast.sid)
    page = client.get(_feedback(session))
    assert page.status_code == 403
    html = page.content.decode()
    assert "once you have marked the session as complete" in html
    assert 'name="feedback-rating"' not in html
    assert selectors_learning.session_url(session) in html
    response = client.post(_feedback(session), {"feedback-rating": 1, "feedback-comment": "x"})
    assert response.status_code == 403
    records = LearningRecord.objects.filter(user=cast.sid, session=session)
    assert records.count() == (1 if started else 0)
    assert not records.filter(feedback_at__isnull=False).exists()


def test_the_service_takes_feedback_only_on_a_completed_session(cast, session):
    from django.core.exceptions import PermissionDenied

    def send():
        services_learning.save_feedback(
            user=cast.sid, session=session, organisation=None, rating=4, comment=""
        )

    with pytest.raises(PermissionDenied):
        send()
    assert not LearningRecord.objects.exists()  # no record made
    make_learning_record(cast.sid, session)
    with pytest.raises(PermissionDenied):
        send()
    LearningRecord.objects.update(completed_at=timezone.now())
    send()
    assert _record(cast.sid, session).rating == 4


def test_the_feedback_form_comes_after_completing(cast, session):
    _, html = _panel(cast.sid, session)
    assert "Tell us what you thought" not in html
    LearningRecord.objects.update(completed_at=timezone.now())
    _, html = _panel(cast.sid, session)
    assert "Tell us what you thought" in html
    assert "How would you rate this session?" in html and "5 – Excellent" in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"feedback-comment": "Good"}, "Choose a rating from 1 to 5"),
        ({"feedback-rating": 7}, "Choose a rating from 1 to 5"),
        (
            {"feedback-rating": 3, "feedback-comment": f"Mrs B, NHS number {NHS_NUMBER}"},
            "Remove the NHS number",
        ),
        (
            {"feedback-rating": 3, "feedback-comment": "x" * 2001},
            "Comment must be 2,000 characters or fewer",
        ),
    ],
)
def test_bad_feedback_is_a_form_error_and_nothing_is_saved(client, cast, session, data, message):
    make_learning_record(cast.sid, session, completed=True)
    client.force_login(cast.sid)
    response = client.post(_feedback(session), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    record = _record(cast.sid, session)
    assert record.rating is None and record.comment == "" and record.feedback_at is None


def test_panel_queries_stay_flat_as_records_grow(cast, session, django_assert_num_queries):
    """Drawing the panel after the record is loaded costs nothing more."""
    for i in range(3):
        make_learning_record(cast.sid, make_session(title=f"Other {i}"), completed=True)
    record = make_learning_record(cast.sid, session, completed=True, before_at=timezone.now())
    with django_assert_num_queries(0):
        ctx = {"learning": selectors_learning.panel(session, record), "session": session}
        render_to_string("training/includes/learning_panel.html", ctx)
