"""Digest content for project workers and network admins: the week's figures, needs
waiting for a first response, and meeting actions past their due date."""

from datetime import date, timedelta

from network.models import MeetingAction, Membership, User
from tests.digests.test_content import (
    BEFORE_WEEK,
    IN_WEEK,
    NOW,
    digest_for,
    event,
    need,
    respond,
    section,
    titles,
)
from tests.factories import (
    make_change_idea,
    make_cycle,
    make_learning_record,
    make_project,
    make_session,
)
from training.models import LearningRecord


def test_the_weeks_figures_for_the_whole_network(cast):
    respond(need(cast.home_a), cast.pat)
    need(cast.home_b, "Another")
    need(cast.home_b, "Last month", at=BEFORE_WEEK)
    make_cycle(make_change_idea(make_project(cast.home_a)))  # created now, not in the week
    cycle = make_cycle(make_change_idea(make_project(cast.home_b)))
    cycle.created_at = IN_WEEK
    cycle.save()
    session = make_session()
    for person in (cast.mona, cast.sid):
        make_learning_record(person, session, completed=True)
    LearningRecord.objects.update(completed_at=IN_WEEK)

    activity = section(digest_for(cast.will), "activity")

    assert activity.figures == [
        ("Needs posted", "2"),
        ("Responses to needs", "1"),
        ("PDSA cycles started", "1"),
        ("Training sessions completed", "not shown (fewer than 5 people)"),
    ]


def test_sessions_completed_are_hidden_when_one_person_did_them_all(cast):
    for i in range(7):
        make_learning_record(cast.sid, make_session(title=f"Session {i}"), completed=True)
    LearningRecord.objects.update(completed_at=IN_WEEK)
    figures = dict(section(digest_for(cast.will), "activity").figures)
    assert figures["Training sessions completed"] == "not shown (fewer than 5 people)"


def test_sessions_completed_are_counted_when_5_people_did_them(cast):
    from tests.factories import UserFactory

    session = make_session()
    for _ in range(5):
        make_learning_record(UserFactory(), session, completed=True)
    LearningRecord.objects.update(completed_at=IN_WEEK)
    figures = dict(section(digest_for(cast.will), "activity").figures)
    assert figures["Training sessions completed"] == "5"


def test_a_quiet_week_with_nothing_new_sends_nothing(cast):
    need(cast.home_a, "Waiting since last month", at=NOW - timedelta(days=30))
    assert digest_for(cast.will) is None


def test_needs_waiting_for_a_first_response_oldest_first(cast):
    need(cast.home_a, "New this week")
    for days in (20, 40, 30, 50, 60, 70):
        need(cast.home_b, f"Waiting {days} days", at=NOW - timedelta(days=days))
    need(cast.home_a, "Hidden home", at=NOW - timedelta(days=10), hide_home_name=True)

    waiting = section(digest_for(cast.will), "waiting_needs")

    assert waiting.heading == "Needs waiting for a first response"
    assert [item.title for item in waiting.items] == [
        "Waiting 70 days",
        "Waiting 60 days",
        "Waiting 50 days",
        "Waiting 40 days",
        "Waiting 30 days",
    ]
    assert waiting.total == 7 and waiting.more == 2
    assert waiting.more_url.endswith("/needs/")


def test_overdue_meeting_actions(cast):
    meeting = event("Strategy group", starts=NOW - timedelta(days=30), created=BEFORE_WEEK)
    due_in_week = MeetingAction.objects.create(
        event=meeting,
        description="Send the falls toolkit to every home",
        owner_user=cast.will,
        due_date=date(2026, 3, 5),
    )
    MeetingAction.objects.create(
        event=meeting,
        description="Long overdue",
        owner_organisation=cast.home_a,
        due_date=date(2026, 2, 1),
    )
    MeetingAction.objects.create(
        event=meeting,
        description="Done",
        owner_user=cast.will,
        due_date=date(2026, 2, 1),
        status=MeetingAction.Status.DONE,
    )
    MeetingAction.objects.create(
        event=meeting, description="Not due yet", owner_user=cast.will, due_date=date(2026, 3, 20)
    )

    overdue = section(digest_for(cast.ada), "overdue_actions")

    assert [item.title for item in overdue.items] == ["Long overdue", due_in_week.description]
    assert overdue.items[0].lines == (
        "For Oak House. It was due on Sunday 1 February 2026.",
        "Agreed at Strategy group.",
    )
    assert [item.new for item in overdue.items] == [False, True]
    assert overdue.items[0].url.endswith(f"/events/{meeting.pk}/")


def test_a_former_project_worker_gets_no_network_figures(cast):
    need(cast.home_a)
    Membership.objects.filter(user=cast.will).delete()
    assert digest_for(User.objects.get(pk=cast.will.pk)) is None


def test_care_home_members_and_partners_get_no_network_figures(cast):
    respond(need(cast.home_a), cast.pat)
    assert section(digest_for(cast.mona), "activity") is None
    assert section(digest_for(cast.pat), "activity") is None
    assert titles(digest_for(cast.will), "waiting_needs") == []


def test_a_need_reaching_a_week_unanswered_is_news_even_below_the_first_five(cast):
    for days in (20, 30, 40, 50, 60):
        need(cast.home_b, f"Waiting {days} days", at=NOW - timedelta(days=days))
    assert digest_for(cast.will) is None  # all waiting, none newly so
    need(cast.home_a, "A week without an answer", at=NOW - timedelta(days=10))
    waiting = section(digest_for(cast.will), "waiting_needs")
    assert "A week without an answer" not in [item.title for item in waiting.items]
    assert waiting.more == 1 and waiting.has_news
