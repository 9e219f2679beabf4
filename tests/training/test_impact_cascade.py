"""Passing training on (cascade): champions and managers record that they shared a session
with colleagues at their home; the list shows each home's records to the right people."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.roles import Role
from tests.factories import AreaFactory, MembershipFactory, OrganisationFactory, make_session
from training.models import CascadeDelivery
from training.services_impact import record_cascade

CREATE = reverse("training:cascade_create")
LIST = reverse("training:cascade_list")


@pytest.fixture
def session(db):
    return make_session(title="Preventing falls at night", recorded_on=date(2026, 9, 10))


@pytest.fixture
def champion(cast):
    membership = MembershipFactory(
        user__full_name="Chris Champion",
        organisation=cast.home_a,
        role=Role.CARE_HOME_STAFF,
        is_champion=True,
    )
    return membership.user


def _form(chosen, **overrides):
    day = timezone.localdate() - timedelta(days=3)
    data = {
        "session": chosen.pk,
        "delivered_on_day": str(day.day),
        "delivered_on_month": str(day.month),
        "delivered_on_year": str(day.year),
        "attendees": "7",
        "notes": "At the morning handover",
    }
    data.update(overrides)
    return data


# --- The form -------------------------------------------------------------------------


def test_the_form_says_what_it_is_for_and_lists_published_sessions_only(client, cast, session):
    make_session(status="draft", title="Draft: hydration rounds")
    make_session(status="archived", title="Old: moving and handling")
    client.force_login(cast.mona)
    page = client.get(CREATE).content.decode()
    assert "If you shared what you learned with colleagues, for example at a team meeting" in page
    assert "It counts towards the network's reach." in page
    assert "Preventing falls at night" in page
    assert "Draft: hydration rounds" not in page
    assert "Old: moving and handling" not in page
    # One home: nothing to choose.
    assert 'name="home"' not in page


def test_a_champion_records_training_they_passed_on(client, cast, session, champion):
    client.force_login(champion)
    response = client.post(CREATE, _form(session), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    delivery = CascadeDelivery.objects.get()
    assert delivery.session == session
    assert delivery.home == cast.home_a
    assert delivery.delivered_by == champion
    assert delivery.attendees == 7
    assert delivery.notes == "At the morning handover"
    page = response.content.decode()
    assert "You passed on Preventing falls at night to 7 colleagues" in page
    assert "Chris Champion" in page


def test_pressing_save_twice_stores_one_record(client, cast, session):
    client.force_login(cast.mona)
    first = client.post(CREATE, _form(session))
    second = client.post(CREATE, _form(session))
    assert first.status_code == second.status_code == 302
    assert CascadeDelivery.objects.count() == 1


def test_a_second_session_on_the_same_day_is_a_second_record(client, cast, session):
    client.force_login(cast.mona)
    client.post(CREATE, _form(session))
    client.post(CREATE, _form(session, attendees="4", notes="The night team"))
    assert CascadeDelivery.objects.count() == 2


def test_someone_at_two_homes_chooses_which_home(client, cast, session):
    other = OrganisationFactory(name="Elm Court", area=cast.home_a.area)
    MembershipFactory(
        user=cast.mona, organisation=other, role=Role.CARE_HOME_STAFF, is_champion=True
    )
    client.force_login(cast.mona)
    page = client.get(CREATE).content.decode()
    assert "Which home was it at?" in page
    assert "Elm Court" in page and "Oak House" in page

    missing = client.post(CREATE, _form(session))
    assert "Choose the home where you passed it on" in missing.content.decode()
    assert not CascadeDelivery.objects.exists()

    # A home they do not work at is not a choice.
    wrong = client.post(CREATE, _form(session, home=str(cast.home_b.pk)))
    assert "Choose the home where you passed it on" in wrong.content.decode()
    assert not CascadeDelivery.objects.exists()

    client.post(CREATE, _form(session, home=str(other.pk)))
    assert CascadeDelivery.objects.get().home == other


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"session": ""}, "Choose the session you passed on"),
        ({"attendees": ""}, "Enter how many colleagues took part"),
        ({"attendees": "0"}, "The number of colleagues must be 1 or more"),
        ({"attendees": "501"}, "The number of colleagues must be 500 or fewer"),
        ({"attendees": "six"}, "Enter the number of colleagues as a whole number, like 6"),
        (
            {"delivered_on_day": "", "delivered_on_month": "", "delivered_on_year": ""},
            "Enter the date you passed it on",
        ),
        (
            {"delivered_on_day": "31", "delivered_on_month": "2"},
            "The date you passed it on must be a real date",
        ),
        ({"delivered_on_year": ""}, "The date you passed it on must include a year"),
        ({"notes": "Resident 943 476 5919 joined in"}, "Remove the NHS number"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client, cast, session, overrides, message):
    client.force_login(cast.mona)
    response = client.post(CREATE, _form(session, **overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert page.count("<title>Error: ") == 1
    assert not CascadeDelivery.objects.exists()


def test_the_date_cannot_be_in_the_future_or_before_the_recording(client, cast, session):
    client.force_login(cast.mona)
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = client.post(
        CREATE,
        _form(
            session,
            delivered_on_day=str(tomorrow.day),
            delivered_on_month=str(tomorrow.month),
            delivered_on_year=str(tomorrow.year),
        ),
    )
    assert "The date you passed it on must be today or in the past" in future.content.decode()
    early = client.post(
        CREATE,
        _form(session, delivered_on_day="1", delivered_on_month="9", delivered_on_year="2026"),
    )
    assert "on or after the day the session was recorded (10 September 2026)" in (
        early.content.decode()
    )
    assert not CascadeDelivery.objects.exists()


def test_a_draft_session_cannot_be_chosen(client, cast):
    draft = make_session(status="draft", title="Draft: hydration rounds")
    client.force_login(cast.mona)
    response = client.post(CREATE, _form(draft))
    assert "Choose a session from the list" in response.content.decode()
    assert not CascadeDelivery.objects.exists()


def test_staff_who_are_not_champions_and_partners_cannot_record(client, cast, session):
    for person in (cast.sid, cast.pat, cast.will):
        client.force_login(person)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, _form(session)).status_code == 403
    assert not CascadeDelivery.objects.exists()


def test_the_service_refuses_another_home_and_checks_the_rules_again(cast, session):
    with pytest.raises(PermissionDenied):
        record_cascade(
            actor=cast.mona,
            session=session,
            home=cast.home_b,
            delivered_on=date(2026, 11, 1),
            attendees=5,
        )
    with pytest.raises(PermissionDenied):
        record_cascade(
            actor=cast.sid,
            session=session,
            home=cast.home_a,
            delivered_on=date(2026, 11, 1),
            attendees=5,
        )
    assert not CascadeDelivery.objects.exists()


# --- The list -------------------------------------------------------------------------


def _deliver(session, home, by, n=6, day=date(2026, 11, 2), notes=""):
    return CascadeDelivery.objects.create(
        session=session, home=home, delivered_by=by, delivered_on=day, attendees=n, notes=notes
    )


def test_managers_see_their_own_homes_records(client, cast, session):
    _deliver(session, cast.home_a, cast.mona, notes="Team meeting on falls")
    _deliver(session, cast.home_b, cast.bea, notes="Birch huddle")
    client.force_login(cast.mona)
    page = client.get(LIST).content.decode()
    assert "Team meeting on falls" in page
    assert "Birch huddle" not in page
    assert "Record training you passed on" in page
    assert "1 record, reaching 6 colleagues in total." in page


def test_project_workers_see_every_home_with_its_name(client, cast, session):
    _deliver(session, cast.home_a, cast.mona, notes="Team meeting on falls")
    _deliver(session, cast.home_b, cast.bea, notes="Birch huddle")
    client.force_login(cast.will)
    page = client.get(LIST).content.decode()
    assert "Team meeting on falls" in page and "Birch huddle" in page
    assert "Oak House" in page and "Birch House" in page
    assert "Record training you passed on" not in page


def test_partners_see_the_homes_in_their_areas_only(client, cast, session):
    elsewhere = OrganisationFactory(
        name="Far Away Home", area=AreaFactory(name="North", kind="region")
    )
    _deliver(session, cast.home_a, cast.mona, notes="Team meeting on falls")
    _deliver(session, elsewhere, None, notes="Far away notes")
    client.force_login(cast.pat)
    page = client.get(LIST).content.decode()
    assert "Oak House" in page
    assert "Far Away Home" not in page


def test_staff_who_are_not_champions_cannot_see_the_list(client, cast):
    client.force_login(cast.sid)
    assert client.get(LIST).status_code == 403


@pytest.mark.parametrize("viewer", ["will", "pat"])
def test_the_list_query_count_stays_flat(client, cast, session, viewer):
    client.force_login(getattr(cast, viewer))

    def add(n):
        for i in range(n):
            home = OrganisationFactory(name=f"Home {i}", area=cast.home_a.area)
            by = MembershipFactory(organisation=home, role=Role.CARE_HOME_MANAGER).user
            _deliver(make_session(title=f"Session {i}"), home, by)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    add(3)
    few = count()
    add(27)
    assert count() == few


# --- Finding these pages --------------------------------------------------------------


def test_the_library_links_to_passing_it_on_and_the_figures_by_role(client, cast, champion):
    library = reverse("training:library")
    links = {
        "record": reverse("training:cascade_create"),
        "figures": reverse("training:analytics"),
    }
    for person, expected in (
        (cast.mona, {"record"}),
        (champion, {"record"}),
        (cast.sid, set()),
        (cast.pat, {"figures"}),
        (cast.will, {"figures"}),
    ):
        client.force_login(person)
        page = client.get(library).content.decode()
        shown = {name for name, url in links.items() if f'href="{url}"' in page}
        assert shown == expected, (person, shown)


# --- Fixes after review ---------------------------------------------------------------


def test_partners_see_no_notes_no_names_and_small_numbers_as_fewer_than_5(client, cast, session):
    _deliver(session, cast.home_a, cast.mona, n=2, notes="Shared with Jane Smith on nights")
    _deliver(session, cast.home_a, cast.mona, n=12, notes="Day team huddle")
    client.force_login(cast.pat)
    response = client.get(LIST)
    page = response.content.decode()
    assert "Jane Smith" not in page and "Day team huddle" not in page
    assert "Mona" not in page and "Recorded by" not in page and "Notes" not in page
    assert [row.colleagues for row in response.context["rows"]] == ["12", "fewer than 5"]
    assert "Oak House" in page
    assert "2 records, reaching 14 colleagues in total." in page


def test_a_partners_total_under_5_reads_fewer_than_5(client, cast, session):
    _deliver(session, cast.home_a, cast.mona, n=3)
    client.force_login(cast.pat)
    page = client.get(LIST).content.decode()
    assert "1 record, reaching fewer than 5 colleagues in total." in page


@pytest.mark.parametrize("viewer", ["mona", "will"])
def test_the_home_and_project_workers_keep_the_full_record(client, cast, session, viewer):
    _deliver(session, cast.home_a, cast.mona, n=2, notes="Shared with Jane Smith on nights")
    client.force_login(getattr(cast, viewer))
    response = client.get(LIST)
    page = response.content.decode()
    assert "Shared with Jane Smith on nights" in page and "Mona" in page
    assert [row.colleagues for row in response.context["rows"]] == ["2"]
    assert "1 record, reaching 2 colleagues in total." in page


def test_a_partner_who_also_manages_a_home_sees_only_that_homes_records_in_full(
    client, cast, session
):
    MembershipFactory(user=cast.pat, organisation=cast.home_b, role=Role.CARE_HOME_MANAGER)
    _deliver(session, cast.home_a, cast.mona, n=2, notes="Oak notes")
    _deliver(session, cast.home_b, cast.bea, n=3, notes="Birch notes", day=date(2026, 11, 1))
    client.force_login(cast.pat)
    response = client.get(LIST)
    page = response.content.decode()
    assert "Birch notes" in page and "Bea" in page
    assert "Oak notes" not in page and "Mona" not in page
    oak, birch = response.context["rows"]
    assert (oak.colleagues, oak.notes, oak.recorded_by) == ("fewer than 5", None, None)
    assert (birch.colleagues, birch.notes, birch.recorded_by) == ("3", "Birch notes", "Bea")


def test_a_session_moved_back_to_draft_is_not_named_for_people_who_cannot_manage(
    client, cast, session
):
    _deliver(session, cast.home_a, cast.mona)
    session.status = "draft"
    session.save()
    for person in (cast.mona, cast.pat):
        client.force_login(person)
        page = client.get(LIST).content.decode()
        assert "Preventing falls at night" not in page
        assert "A session no longer in the library" in page
    client.force_login(cast.will)
    assert "Preventing falls at night" in client.get(LIST).content.decode()


def test_the_save_button_is_started_by_nhsuk_frontend(client, cast, session):
    client.force_login(cast.mona)
    page = client.get(CREATE).content.decode()
    end = page.index(">Save</button>")
    button = page[page.rindex("<button", 0, end) : end]
    assert 'data-module="nhsuk-button"' in button
    assert 'data-prevent-double-click="true"' in button
