"""Digest content for partners: needs in their areas and highlights from the network.

Pat is a partner at the Solent ICB, whose area holds the Southampton locality where homes A
and B are. The week is that of 2 March 2026, built on Monday 9 March (see test_content).
"""

from datetime import timedelta

from network.models import Membership, User
from tests.digests.test_content import (
    BEFORE_WEEK,
    IN_WEEK,
    NOW,
    PERIOD,
    digest_for,
    need,
    respond,
    section,
    survey,
    theme,
    titles,
)
from tests.factories import AreaFactory, OrganisationFactory, make_project, make_session


def other_icb_home():
    region = AreaFactory(name="North", kind="region")
    icb = AreaFactory(name="Far ICB area", kind="icb", parent=region)
    return OrganisationFactory(name="Far House", area=AreaFactory(kind="locality", parent=icb))


def test_new_needs_in_the_partners_area_only(cast):
    need(cast.home_a, "Night staffing", themes=[theme("Staffing")], urgency="urgent")
    need(other_icb_home(), "Far away need")
    need(cast.home_b, "Posted last month", at=BEFORE_WEEK)
    need(cast.home_b, "Already met", status="met")

    digest = digest_for(cast.pat)

    assert titles(digest, "new_needs") == ["Night staffing"]
    item = section(digest, "new_needs").items[0]
    assert item.lines == (
        "Oak House, Southampton. Urgent, posted Wednesday 4 March 2026.",
        "Themes: Staffing.",
        "Nobody has responded yet.",
    )


def test_a_home_that_hides_its_name_is_not_named(cast):
    need(cast.home_a, "Help with night staff", hide_home_name=True)
    item = section(digest_for(cast.pat), "new_needs").items[0]
    assert item.lines[0].startswith("A care home in Southampton. Routine")


def test_a_need_with_a_response_says_nothing_about_waiting(cast):
    respond(need(cast.home_a, themes=[theme("Falls")]), cast.will)
    assert section(digest_for(cast.pat), "new_needs").items[0].lines == (
        "Oak House, Southampton. Routine, posted Wednesday 4 March 2026.",
        "Themes: Falls.",
    )


def test_needs_still_waiting_are_listed_oldest_first_but_are_not_news_alone(cast):
    need(cast.home_b, "Waiting longest", at=NOW - timedelta(days=40))
    need(cast.home_a, "Waiting a while", at=NOW - timedelta(days=30))
    answered = need(cast.home_a, "Answered", at=NOW - timedelta(days=30))
    respond(answered, cast.will, at=NOW - timedelta(days=29))

    assert digest_for(cast.pat) is None  # nothing new, so no email

    need(cast.home_a, "Posted this week")
    digest = digest_for(cast.pat)
    assert titles(digest, "waiting_needs") == ["Waiting longest", "Waiting a while"]
    assert section(digest, "waiting_needs").items[0].lines == (
        "Birch House, Southampton. Routine, posted Wednesday 28 January 2026 (40 days ago).",
    )


def test_a_need_reaching_a_week_without_a_response_is_news(cast):
    need(cast.home_a, "Seven days without an answer", at=PERIOD.start - timedelta(days=3))
    digest = digest_for(cast.pat)
    assert titles(digest, "waiting_needs") == ["Seven days without an answer"]


def test_highlights_are_projects_shared_and_training_published(cast):
    make_project(cast.home_b, shared=True, title="Birch's story", shared_at=IN_WEEK)
    make_project(cast.home_b, title="Not shared", shared_at=IN_WEEK)
    make_session(title="Mouth care", published_at=IN_WEEK, themes=[theme("Oral health")])
    make_session(title="Still a draft", status="draft")

    digest = digest_for(cast.pat)

    assert titles(digest, "highlights") == ["Birch's story", "Mouth care"]
    assert section(digest, "highlights").items[1].lines == (
        "New training: 25 minutes.",
        "Themes: Oral health.",
    )


def test_partner_surveys_are_listed_for_partners(cast):
    survey("Partner views", audience="partners")
    assert titles(digest_for(cast.pat), "surveys") == ["Partner views"]


def test_a_partner_who_moved_to_another_area_hears_about_that_area_only(cast):
    need(cast.home_a, "Near need")
    far_home = other_icb_home()
    need(far_home, "Far away need")
    Membership.objects.filter(user=cast.pat).update(
        organisation=OrganisationFactory(
            name="Far ICB",
            kind="icb",
            area=far_home.area.parent,
            cqc_location_id=None,
            registered_beds=None,
        )
    )
    assert titles(digest_for(User.objects.get(pk=cast.pat.pk)), "new_needs") == ["Far away need"]


def test_someone_who_is_no_longer_a_partner_gets_nothing(cast):
    need(cast.home_a)
    Membership.objects.filter(user=cast.pat).delete()
    assert digest_for(User.objects.get(pk=cast.pat.pk)) is None


def test_the_board_link_is_filtered_to_the_partners_area(cast):
    need(cast.home_a)
    found = section(digest_for(cast.pat), "new_needs")
    assert found.more_url.endswith(f"/needs/?area={cast.icb.area_id}")
    assert digest_for(cast.pat).reasons == ["You are a partner at Solent ICB."]
