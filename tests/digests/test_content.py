"""Digest content for care home members, and who gets no digest at all.

Every test builds the digest for the week of 2 March 2026 as if it were being sent on
Monday 9 March at 07:00, so "new this week" and "in the next 2 weeks" are fixed.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from digests.content import DigestContext, build_digest, load_people, skip_reason
from digests.models import DigestPreference
from digests.periods import parse_period
from network.models import Event, Membership, Registration, Theme, User
from surveys.models import Need, NeedResponse, Survey, SurveyParticipation
from tests.factories import MembershipFactory, make_project, make_session

LONDON = ZoneInfo("Europe/London")
PERIOD = parse_period("2026-W10")
NOW = datetime(2026, 3, 9, 7, 0, tzinfo=LONDON)
IN_WEEK = datetime(2026, 3, 4, 10, 0, tzinfo=LONDON)  # Wednesday of the week
BEFORE_WEEK = datetime(2026, 2, 20, 10, 0, tzinfo=LONDON)


# --- Helpers the other digest tests use too -------------------------------------------------


def digest_for(user, now=NOW):
    return build_digest(user, PERIOD, DigestContext.for_period(PERIOD, now=now))


def section(digest, key):
    found = [s for s in digest.sections if s.key == key] if digest else []
    return found[0] if found else None


def titles(digest, key) -> list[str]:
    found = section(digest, key)
    return [item.title for item in found.items] if found else []


def theme(name="Falls"):
    return Theme.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]


def need(home, title="Help with falls at night", *, at=IN_WEEK, themes=(), **fields):
    made = Need.objects.create(
        organisation=home, title=title, description="We need ideas.", created_at=at, **fields
    )
    made.themes.set(themes)
    return made


def respond(need_, author, *, at=IN_WEEK, body="We can run a falls workshop for your staff."):
    organisation = author.memberships.first().organisation
    response = NeedResponse.objects.create(
        need=need_,
        author=author,
        organisation=organisation,
        kind=NeedResponse.Kind.OFFER,
        body=body,
        created_at=at,
    )
    Need.objects.filter(pk=need_.pk, first_response_at__isnull=True).update(first_response_at=at)
    return response


def event(title="Falls webinar", *, starts=NOW + timedelta(days=3), created=IN_WEEK, **fields):
    return Event.objects.create(
        title=title,
        kind="webinar",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        online_url="https://example.org/join",
        created_at=created,
        **fields,
    )


def survey(title="Spring staff survey", *, audience="care_home_staff", opens=IN_WEEK, **fields):
    fields.setdefault("published", True)
    return Survey.objects.create(
        title=title, audience=audience, opens_at=opens, closes_at=NOW + timedelta(days=10), **fields
    )


# --- Care home members ----------------------------------------------------------------------


def test_a_home_hears_about_responses_to_its_needs_this_week(cast):
    ours = need(cast.home_a)
    respond(ours, cast.pat)
    respond(need(cast.home_a, "Older need", at=BEFORE_WEEK), cast.pat, at=BEFORE_WEEK)
    theirs = need(cast.home_b, "Birch House's need")
    respond(theirs, cast.pat)

    digest = digest_for(cast.mona)

    assert titles(digest, "responses") == ["Help with falls at night"]
    item = section(digest, "responses").items[0]
    assert item.url == f"{settings.SITE_URL}/needs/{ours.pk}/"
    assert "1 new response. The latest is from Pat, Solent ICB" in item.lines[0]
    assert "falls workshop" in item.lines[1]
    assert titles(digest_for(cast.bea), "responses") == ["Birch House's need"]


def test_replies_from_the_home_itself_are_not_news_to_it(cast):
    ours = need(cast.home_a)
    NeedResponse.objects.create(
        need=ours,
        author=cast.mona,
        organisation=cast.home_a,
        kind=NeedResponse.Kind.REPLY,
        body="Thank you",
        created_at=IN_WEEK,
    )
    assert section(digest_for(cast.sid), "responses") is None


def test_someone_who_left_the_home_hears_nothing_about_its_needs(cast):
    respond(need(cast.home_a), cast.pat)
    assert digest_for(cast.sid) is not None
    Membership.objects.filter(user=cast.sid).delete()
    assert digest_for(User.objects.get(pk=cast.sid.pk)) is None


def test_new_training_on_the_themes_of_the_homes_open_needs(cast):
    falls, dementia = theme("Falls"), theme("Dementia")
    need(cast.home_a, "Falls at night", themes=[falls])
    need(cast.home_a, "Old dementia need", themes=[dementia], status=Need.Status.MET)
    make_session(title="Preventing falls", themes=[falls], published_at=IN_WEEK)
    make_session(title="Living with dementia", themes=[dementia], published_at=IN_WEEK)
    make_session(title="Falls: last month", themes=[falls], published_at=BEFORE_WEEK)
    make_session(title="Falls draft", themes=[falls], status="draft")

    digest = digest_for(cast.sid)

    assert titles(digest, "training") == ["Preventing falls"]
    assert section(digest, "training").items[0].lines[-1] == "It may help with: Falls at night."
    assert section(digest_for(cast.bea), "training") is None  # home B has no needs


def test_events_in_the_next_two_weeks_with_the_persons_place(cast):
    booked = event("Falls webinar")
    Registration.objects.create(event=booked, user=cast.mona, status="registered")
    event("Peer support", starts=NOW + timedelta(days=13))
    event("Too far ahead", starts=NOW + timedelta(days=15))
    event("Cancelled one", status=Event.Status.CANCELLED)

    digest = digest_for(cast.mona)

    assert titles(digest, "events") == ["Falls webinar", "Peer support"]
    assert section(digest, "events").items[0].lines[-1] == "You have a place."
    assert "You have a place." not in section(digest_for(cast.sid), "events").items[0].lines


def test_events_alone_do_not_make_a_digest_unless_they_are_new(cast):
    event("Announced last month", created=BEFORE_WEEK)
    assert digest_for(cast.mona) is None
    event("Announced this week")
    assert titles(digest_for(cast.mona), "events") == [
        "Announced last month",
        "Announced this week",
    ]


def test_open_surveys_the_person_has_not_answered(cast):
    survey("For staff")
    answered = survey("Answered already")
    SurveyParticipation.objects.create(survey=answered, user=cast.sid, organisation=cast.home_a)
    per_home = survey("One per home", one_per_home=True)
    SurveyParticipation.objects.create(survey=per_home, user=cast.mona, organisation=cast.home_a)
    survey("For partners", audience="partners")
    survey("Not published", published=False)

    assert titles(digest_for(cast.sid), "surveys") == ["For staff"]
    assert titles(digest_for(cast.bea), "surveys") == [
        "For staff",
        "Answered already",
        "One per home",
    ]
    assert titles(digest_for(cast.pat), "surveys") == ["For partners"]


def test_case_studies_other_homes_shared_this_week(cast):
    make_project(cast.home_b, shared=True, title="Birch's story", shared_at=IN_WEEK)
    make_project(cast.home_b, shared=True, title="Shared long ago", shared_at=BEFORE_WEEK)
    make_project(cast.home_b, title="Home only", shared_at=IN_WEEK)
    make_project(cast.home_a, shared=True, title="Our own", shared_at=IN_WEEK)

    assert titles(digest_for(cast.mona), "case_studies") == ["Birch's story"]
    assert titles(digest_for(cast.bea), "case_studies") == ["Our own"]


def test_nothing_new_means_no_digest(cast):
    need(cast.home_a, at=BEFORE_WEEK)
    assert digest_for(cast.mona) is None


# --- Who gets no digest ---------------------------------------------------------------------


@pytest.fixture
def news(cast):
    respond(need(cast.home_a), cast.pat)
    return cast


def test_inactive_people_get_none(news):
    news.mona.is_active = False
    news.mona.save()
    assert skip_reason(news.mona, PERIOD) == "their account is switched off"
    assert digest_for(news.mona) is None


def test_people_without_a_verified_address_get_none(news):
    EmailAddress.objects.filter(user=news.mona).update(verified=False)
    assert skip_reason(news.mona, PERIOD) == "their email address is not verified"
    assert digest_for(news.mona) is None


def test_an_old_verified_address_does_not_count(news):
    EmailAddress.objects.filter(user=news.mona).update(email="old@example.org")
    assert digest_for(news.mona) is None


def test_people_who_chose_none_or_another_frequency_get_none(news):
    DigestPreference.objects.create(user=news.mona, frequency="none")
    assert skip_reason(news.mona, PERIOD) == "they chose not to get digest emails"
    assert digest_for(news.mona) is None
    DigestPreference.objects.create(user=news.sid, frequency="daily")
    assert skip_reason(news.sid, PERIOD) == "they chose daily emails, not weekly ones"
    assert digest_for(news.sid) is None
    assert digest_for(news.bea) is None  # nothing new for home B


def test_the_digest_says_why_it_was_sent(news):
    digest = digest_for(news.mona)
    assert digest.reasons == ["You are a manager at Oak House."]
    assert digest.subject == "Your weekly update: the week of 2 March 2026"


def test_without_a_context_the_digest_is_built_for_now(cast):
    from django.utils import timezone

    from digests.periods import period_for

    this_week = period_for("weekly", timezone.localdate())
    respond(need(cast.home_a, at=timezone.now()), cast.pat, at=timezone.now())
    assert titles(build_digest(cast.mona, this_week), "responses") == ["Help with falls at night"]


# --- Queries stay flat as the batch grows ---------------------------------------------------


def _batch_queries(cast, size: int) -> int:
    falls = theme()
    for n in range(size):
        membership = MembershipFactory(organisation=cast.home_a, role="staff")
        assert membership.user.email
    need(cast.home_a, themes=[falls])
    respond(Need.objects.first(), cast.pat)
    make_session(themes=[falls], published_at=IN_WEEK)
    event()
    survey()
    make_project(cast.home_b, shared=True, shared_at=IN_WEEK)
    ids = list(Membership.objects.filter(organisation=cast.home_a).values_list("user", flat=True))
    with CaptureQueriesContext(connection) as queries:
        people = load_people(ids)
        context = DigestContext.for_period(PERIOD, now=NOW)
        digests = [build_digest(person, PERIOD, context) for person in people]
    assert all(digests) and len(digests) == size + 2
    return len(queries)


@pytest.mark.parametrize("size", [3, 30])
def test_a_batch_costs_the_same_queries_for_3_people_as_for_30(cast, size):
    # people, memberships, addresses, preferences; once for the period: responses, sessions
    # and their themes, events, registrations, surveys, case studies; once for the batch:
    # the homes' open needs' themes and who answered the surveys
    assert _batch_queries(cast, size) == 13


def test_someone_built_alone_costs_two_queries_of_their_own(cast):
    _batch_queries(cast, 0)
    context = DigestContext.for_period(PERIOD, now=NOW)
    build_digest(User.objects.get(pk=cast.sid.pk), PERIOD, context)  # reads the period
    sid = load_people([cast.sid.pk])[0]
    del sid._digest_batch
    with CaptureQueriesContext(connection) as queries:
        assert build_digest(sid, PERIOD, context)
    assert len(queries) == 2  # open needs' themes, surveys answered
