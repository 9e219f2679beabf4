"""The needs board: who sees which home's name, posting, responding, "we need this too",
status changes, flagging unanswered needs, the home page and query counts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Theme
from surveys import selectors_needs, services_needs
from surveys.models import Need, NeedEndorsement, NeedResponse
from surveys.tasks import flag_unanswered_needs
from tests.factories import AreaFactory, OrganisationFactory

LIST = reverse("surveys:need_list")
CREATE = reverse("surveys:need_create")
NHS_NUMBER = "943 476 5919"  # a valid NHS number (test range)


def detail(need):
    return reverse("surveys:need_detail", args=[need.pk])


@pytest.fixture
def need(cast):
    """Home A's need, with its name hidden from other care homes."""
    return Need.objects.create(
        organisation=cast.home_a,
        posted_by=cast.mona,
        title="Falls at night",
        description="More falls at night since the spring",
        hide_home_name=True,
        urgency="urgent",
    )


# --- Who sees the home's name ----------------------------------------------------------


@pytest.mark.parametrize(
    "role, sees_name", [("sid", True), ("bea", False), ("pat", True), ("will", True)]
)
def test_hidden_home_name_on_list_and_page(client, cast, need, role, sees_name):
    client.force_login(getattr(cast, role))
    for url in (LIST, detail(need)):
        html = client.get(url).content.decode()
        assert ("Oak House" in html) is sees_name, url
        assert ("A care home in Southampton" in html) is not sees_name, url
    page = client.get(detail(need)).content.decode()
    assert ("by Mona" in page) is sees_name


def test_name_shown_to_everyone_when_not_hidden(client, cast, need):
    need.hide_home_name = False
    need.save()
    client.force_login(cast.bea)
    html = client.get(detail(need)).content.decode()
    assert "Oak House" in html
    assert "by Mona" not in html  # the poster's name stays with the home and partners


def test_home_reply_does_not_reveal_a_hidden_home(client, cast, need):
    services_needs.respond(
        actor=cast.mona, membership=None, need=need, kind="", body="Nights are hardest"
    )
    client.force_login(cast.bea)
    html = client.get(detail(need)).content.decode()
    assert "Nights are hardest" in html
    assert "Oak House" not in html and "Mona" not in html


def test_partners_see_which_homes_need_it_too_other_homes_only_how_many(client, cast, need):
    third = OrganisationFactory(name="Ash Court", area=cast.home_a.area)
    NeedEndorsement.objects.create(need=need, organisation=cast.home_b)
    NeedEndorsement.objects.create(need=need, organisation=third)
    client.force_login(cast.pat)
    html = client.get(detail(need)).content.decode()
    assert "2 other homes need this too" in html
    assert "Birch House" in html and "Ash Court" in html
    client.force_login(cast.bea)
    html = client.get(detail(need)).content.decode()
    assert "2 other homes need this too" in html
    assert "Ash Court" not in html


# --- Posting ----------------------------------------------------------------------------


def test_staff_posts_a_need_for_their_home(client, cast):
    falls = Theme.objects.get(slug="falls")
    client.force_login(cast.sid)
    response = client.post(
        CREATE,
        {
            "title": "Hydration ideas",
            "description": "Residents drink too little in summer",
            "urgency": "soon",
            "themes": [falls.pk],
            "hide_home_name": "on",
        },
    )
    need = Need.objects.get()
    assert response.url == detail(need)
    assert need.organisation == cast.home_a and need.posted_by == cast.sid
    assert need.hide_home_name and need.urgency == "soon" and need.status == "open"
    assert list(need.themes.all()) == [falls]


@pytest.mark.parametrize("field", ["title", "description"])
def test_nhs_number_is_refused_and_nothing_saved(client, cast, field):
    data = {"title": "Help", "description": "Help please", "urgency": "routine"}
    data[field] = f"Resident {NHS_NUMBER} keeps falling"
    client.force_login(cast.mona)
    response = client.post(CREATE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Remove the NHS number" in html
    assert "<title>Error: " in html
    assert not Need.objects.exists()


def test_missing_fields_get_clear_errors(client, cast):
    client.force_login(cast.mona)
    html = client.post(CREATE, {}).content.decode()
    assert "Enter what your home needs help with" in html
    assert "Tell us more about what your home needs" in html
    assert "Choose how soon you need help" in html
    assert not Need.objects.exists()


def test_service_refuses_a_partner_posting(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services_needs.post_need(
            actor=cast.pat,
            membership=cast.pat.memberships.get(),
            title="x",
            description="y",
            urgency="routine",
        )


# --- Responding -------------------------------------------------------------------------


def test_first_partner_response_records_time_and_moves_status(client, cast, need):
    Need.objects.filter(pk=need.pk).update(created_at=timezone.now() - timedelta(days=2, hours=1))
    client.force_login(cast.pat)
    url = reverse("surveys:need_respond", args=[need.pk])
    client.post(url, {"kind": "offer", "body": "We run falls training", "link": "nhs.uk"})
    need.refresh_from_db()
    first = need.first_response_at
    assert first is not None and need.status == "being_addressed"
    response = need.responses.get()
    assert response.organisation == cast.icb and response.link == "https://nhs.uk"
    client.force_login(cast.will)
    client.post(url, {"kind": "resource", "body": "See the toolkit"})
    need.refresh_from_db()
    assert need.first_response_at == first  # recorded once
    html = client.get(detail(need)).content.decode()
    assert "First response after 2 days" in html
    assert html.index("We run falls training") < html.index("See the toolkit")


def test_home_reply_is_not_a_first_response(client, cast, need):
    client.force_login(cast.sid)
    client.post(reverse("surveys:need_respond", args=[need.pk]), {"body": "More detail"})
    need.refresh_from_db()
    assert need.first_response_at is None and need.status == "open"
    assert need.responses.get().kind == "reply"


def test_response_with_nhs_number_is_refused(client, cast, need):
    client.force_login(cast.pat)
    response = client.post(
        reverse("surveys:need_respond", args=[need.pk]),
        {"kind": "referral", "body": f"Refer {NHS_NUMBER}"},
    )
    assert response.status_code == 200
    assert "Remove the NHS number" in response.content.decode()
    assert not NeedResponse.objects.exists()
    need.refresh_from_db()
    assert need.first_response_at is None


def test_response_needs_a_kind_and_text(client, cast, need):
    client.force_login(cast.pat)
    html = client.post(reverse("surveys:need_respond", args=[need.pk]), {}).content.decode()
    assert "Choose what you are offering" in html and "Enter your response" in html


# --- We need this too -------------------------------------------------------------------


def test_other_home_says_it_needs_this_too_and_takes_it_back(client, cast, need):
    client.force_login(cast.bea)
    url = reverse("surveys:need_endorse", args=[need.pk])
    client.post(url)
    assert NeedEndorsement.objects.get().organisation == cast.home_b
    html = client.get(detail(need)).content.decode()
    assert "Your home needs this too" in html
    client.post(url)
    assert not NeedEndorsement.objects.exists()


# --- Status -----------------------------------------------------------------------------


def test_met_needs_what_helped(client, cast, need):
    client.force_login(cast.mona)
    url = reverse("surveys:need_status", args=[need.pk])
    html = client.post(url, {"status": "met"}).content.decode()
    assert "Tell us what helped to meet this need" in html
    need.refresh_from_db()
    assert need.status == "open"
    client.post(url, {"status": "met", "what_helped": f"Advice for {NHS_NUMBER}"})
    need.refresh_from_db()
    assert need.status == "open"
    client.post(url, {"status": "met", "what_helped": "The matron's falls review"})
    need.refresh_from_db()
    assert need.status == "met" and need.closed_at and need.what_helped


def test_closed_need_can_be_reopened(client, cast, need):
    client.force_login(cast.will)
    url = reverse("surveys:need_status", args=[need.pk])
    client.post(url, {"status": "closed"})
    need.refresh_from_db()
    assert need.status == "closed" and need.closed_at
    assert client.post(url, {"status": "met", "what_helped": "x"}).status_code == 200
    client.post(url, {"status": "open"})
    need.refresh_from_db()
    assert need.status == "open" and need.closed_at is None


# --- The list ---------------------------------------------------------------------------


def test_list_filters_and_search(client, cast):
    region = cast.home_a.area.parent.parent
    other_area = AreaFactory(name="Camden", kind="locality")
    elsewhere = OrganisationFactory(name="Elm Park", area=other_area)
    falls = Theme.objects.get(slug="falls")

    def make(title, org=cast.home_a, **kw):
        return Need.objects.create(organisation=org, title=title, description="d", **kw)

    a = make("Night falls", urgency="urgent")
    a.themes.add(falls)
    b = make("Hydration help", org=cast.home_b, urgency="soon")
    c = make("Medicines checks", org=elsewhere)
    d = make("Old staffing need", status="met")
    client.force_login(cast.mona)

    def titles(**params):
        return [n.title for n in client.get(LIST, params).context["page"].object_list]

    assert set(titles()) == {a.title, b.title, c.title}
    assert titles(status="met") == [d.title]
    assert set(titles(status="all")) == {a.title, b.title, c.title, d.title}
    assert titles(theme=falls.pk) == [a.title]
    assert titles(urgency="soon") == [b.title]
    assert set(titles(area=region.pk)) == {a.title, b.title}
    assert set(titles(mine="on")) == {a.title}
    assert titles(q="hydration") == [b.title]


def test_list_flags_unanswered_needs_to_project_workers_only(client, cast, need):
    Need.objects.filter(pk=need.pk).update(created_at=timezone.now() - timedelta(days=8))
    client.force_login(cast.will)
    assert "No response for 7 days" in client.get(LIST).content.decode()
    client.force_login(cast.pat)
    assert "No response for 7 days" not in client.get(LIST).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_query_count_stays_flat(client, cast):
    theme = Theme.objects.get(slug="falls")

    def add(n):
        for i in range(n):
            need = Need.objects.create(organisation=cast.home_b, title=f"Need {i}", description="d")
            need.themes.add(theme)
            NeedResponse.objects.create(need=need, kind="offer", body="b", author=cast.pat)
            NeedEndorsement.objects.create(need=need, organisation=cast.home_a)

    client.force_login(cast.pat)
    add(3)
    few = _queries(client, LIST)
    add(27)
    assert _queries(client, LIST) == few


def test_need_page_query_count_stays_flat(client, cast, need):
    def add(n):
        for _ in range(n):
            home = OrganisationFactory(area=cast.home_a.area)
            NeedEndorsement.objects.create(need=need, organisation=home)
            NeedResponse.objects.create(
                need=need, kind="offer", body="b", author=cast.pat, organisation=cast.icb
            )

    for user in (cast.mona, cast.pat, cast.bea):
        client.force_login(user)
        NeedResponse.objects.all().delete()
        NeedEndorsement.objects.all().delete()
        add(3)
        few = _queries(client, detail(need))
        add(27)
        assert _queries(client, detail(need)) == few, user


# --- Flagging ---------------------------------------------------------------------------


def test_flagging_emails_project_workers_once(cast, need, django_capture_on_commit_callbacks):
    answered = Need.objects.create(
        organisation=cast.home_b,
        title="Answered",
        description="d",
        first_response_at=timezone.now(),
    )
    recent = Need.objects.create(organisation=cast.home_b, title="Recent", description="d")
    Need.objects.filter(pk__in=[need.pk, answered.pk]).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_unanswered_needs.delay().get() == 1
    need.refresh_from_db()
    recent.refresh_from_db()
    assert need.flagged_at and recent.flagged_at is None
    assert [m.to for m in mail.outbox] == [["will@example.org"]]
    assert "Falls at night" in mail.outbox[0].body and "Oak House" in mail.outbox[0].body
    assert "1 need with no response for 7 days" == mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_unanswered_needs.delay().get() == 0
    assert len(mail.outbox) == 1


# --- Home page --------------------------------------------------------------------------


def test_home_shows_new_responses_until_the_home_looks(client, cast, need):
    client.force_login(cast.mona)
    assert "New responses to your home" not in client.get(reverse("home")).content.decode()
    services_needs.respond(
        actor=cast.pat, membership=cast.pat.memberships.get(), need=need, kind="offer", body="b"
    )
    html = client.get(reverse("home")).content.decode()
    assert "New responses to your home&#x27;s needs" in html and "Falls at night" in html
    client.get(detail(need))
    assert "Falls at night" not in client.get(reverse("home")).content.decode()


def test_home_items_by_role(cast, need, django_assert_max_num_queries):
    far = OrganisationFactory(area=AreaFactory(name="Camden", kind="locality"))
    Need.objects.create(organisation=far, title="Far away", description="d")
    old = Need.objects.create(organisation=cast.home_b, title="Old need", description="d")
    Need.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=20))
    pat_membership = cast.pat.memberships.get()
    cast.pat._membership_cache = [pat_membership]
    with django_assert_max_num_queries(3):
        items = selectors_needs.home_items(cast.pat, pat_membership)
    assert items["home_needs_heading"] == "New needs in your area"
    assert [n.title for n in items["home_needs"]] == ["Falls at night"]
    assert items["home_needs"][0].home_label == "Oak House"
    will_membership = cast.will.memberships.get()
    items = selectors_needs.home_items(cast.will, will_membership)
    assert items["home_needs_heading"] == "Needs waiting for a first response"
    assert [n.title for n in items["home_needs"]] == ["Old need", "Falls at night", "Far away"]
    assert selectors_needs.home_items(cast.bea, cast.bea.memberships.get()) == {}


def test_partner_home_page_keeps_hidden_name_from_other_homes(cast, need):
    # Bea (another home) never gets a home-page item naming Oak House.
    NeedResponse.objects.create(need=need, kind="offer", body="b", organisation=cast.icb)
    items = selectors_needs.home_items(cast.bea, cast.bea.memberships.get())
    assert items == {}


# --- Search -----------------------------------------------------------------------------


def test_search_uses_full_text_on_postgres(cast):
    Need.objects.create(organisation=cast.home_a, title="Falling residents", description="Help")
    Need.objects.create(organisation=cast.home_a, title="Drinks", description="hydration")
    found = selectors_needs.search_needs(Need.objects.all(), "falls")
    if connection.vendor == "postgresql":
        assert [n.title for n in found] == ["Falling residents"]  # stemmed
    else:
        assert list(found) == []  # plain contains: "falls" is not in "Falling"
    assert [n.title for n in selectors_needs.search_needs(Need.objects.all(), "drinks")] == [
        "Drinks"
    ]


def test_demo_needs_are_idempotent(db):
    from django.core.management import call_command

    call_command("seed_demo", force=True, verbosity=0)
    count = Need.objects.count()
    assert count >= 8
    flagged = Need.objects.get(title="Help with a rise in falls at night")
    assert flagged.flagged_at and flagged.first_response_at is None
    assert Need.objects.get(title__startswith="Training on recognising").endorsements.count() == 2
    from surveys import demo_needs

    assert demo_needs.seed() == 0
    assert Need.objects.count() == count


def test_search_index_is_used_on_postgres(cast):
    if connection.vendor != "postgresql":
        pytest.skip("The full-text index exists on PostgreSQL only")
    qs = selectors_needs.search_needs(Need.objects.all(), "falls at night").values("pk")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "surveys_need_search_gin" in plan, plan
