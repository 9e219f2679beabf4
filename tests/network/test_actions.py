"""Actions from meetings: recorded by organisers, updated by their owners, carried to the
next meeting in the series and shown (overdue ones highlighted) on the owner's home page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import MeetingAction
from network.roles import OrganisationKind, Role
from tests.factories import MembershipFactory, OrganisationFactory
from tests.network.conftest import make_event


def test_a_project_worker_records_an_action_from_a_meeting(client, cast, past):
    client.force_login(cast.will)
    due = timezone.localdate() + timedelta(days=14)
    response = client.post(
        reverse("network:action_create", args=[past.pk]),
        {
            "description": "Send the falls audit template",
            "owner_organisation": cast.home_a.pk,
            "due_date_day": due.day,
            "due_date_month": due.month,
            "due_date_year": due.year,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "The action has been recorded." in page
    assert "Send the falls audit template" in page and "Oak House" in page
    action = MeetingAction.objects.get()
    assert (action.due_date, action.status, action.created_by) == (due, "open", cast.will)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": "", "owner_user": "x"}, "Enter what needs to be done"),
        ({"description": "Do it"}, "Choose who owns this action"),
        (
            {"description": "Do it", "owner_organisation": "1", "due_date_day": "40"},
            "The date must include a month and year",
        ),
        (
            {"description": "Call about NHS number 943 476 5919", "owner_organisation": "1"},
            "Remove the NHS number",
        ),
    ],
)
def test_bad_actions_get_a_clear_error_and_nothing_is_saved(client, cast, past, data, message):
    client.force_login(cast.will)
    if data.get("owner_organisation"):
        data["owner_organisation"] = cast.home_a.pk
    response = client.post(reverse("network:action_create", args=[past.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert not MeetingAction.objects.exists()


def test_the_home_manager_updates_her_organisations_action(client, cast, home_a_action):
    client.force_login(cast.mona)
    url = reverse("network:action_edit", args=[home_a_action.pk])
    page = client.get(url).content.decode()
    assert "Overdue" in page
    assert 'name="description"' not in page  # owners update progress, not the action
    response = client.post(url, {"status": "done", "progress_note": "Sent to every home"})
    assert response.status_code == 302
    home_a_action.refresh_from_db()
    assert home_a_action.status == "done" and home_a_action.completed_at is not None
    assert home_a_action.progress_note == "Sent to every home"


def test_an_owner_cannot_change_what_the_action_is(client, cast, home_a_action):
    client.force_login(cast.mona)
    client.post(
        reverse("network:action_edit", args=[home_a_action.pk]),
        {"status": "in_progress", "description": "Nothing", "owner_organisation": ""},
    )
    home_a_action.refresh_from_db()
    assert home_a_action.description == "Share the falls audit template"
    assert home_a_action.owner_organisation == cast.home_a


def test_a_personal_owner_updates_their_action_and_others_may_not(client, cast, past):
    action = MeetingAction.objects.create(event=past, description="Ring Bea", owner_user=cast.pat)
    url = reverse("network:action_edit", args=[action.pk])
    for refused in (cast.mona, cast.bea, cast.sid):
        client.force_login(refused)
        assert client.post(url, {"status": "done"}).status_code == 403
    action.refresh_from_db()
    assert action.status == "open"
    client.force_login(cast.pat)
    assert client.post(url, {"status": "in_progress"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress" and action.completed_at is None


def test_any_member_of_a_non_care_home_organisation_updates_its_actions(client, cast, past):
    council = OrganisationFactory(
        kind=OrganisationKind.LOCAL_AUTHORITY, cqc_location_id=None, registered_beds=None
    )
    officer = MembershipFactory(organisation=council, role=Role.PARTNER).user
    from tests.factories import with_mfa

    with_mfa(officer)
    action = MeetingAction.objects.create(
        event=past, description="Check funding", owner_organisation=council
    )
    client.force_login(officer)
    response = client.post(reverse("network:action_edit", args=[action.pk]), {"status": "done"})
    assert response.status_code == 302


def test_a_status_is_required(client, cast, home_a_action):
    client.force_login(cast.mona)
    response = client.post(reverse("network:action_edit", args=[home_a_action.pk]), {})
    assert "Choose where the action has got to" in response.content.decode()


def test_the_next_meeting_in_the_series_shows_open_actions_to_report_back_on(
    client, cast, series, past, home_a_action, upcoming
):
    MeetingAction.objects.create(
        event=past, description="Already finished", owner_user=cast.will, status="done"
    )
    other_series_event = make_event(days=-3, title="Unrelated webinar")
    MeetingAction.objects.create(
        event=other_series_event, description="Unrelated action", owner_user=cast.will
    )
    client.force_login(cast.sid)
    page = client.get(reverse("network:event_detail", args=[upcoming.pk])).content.decode()
    assert "Open actions to report back on" in page
    assert "Share the falls audit template" in page
    assert "Already finished" not in page and "Unrelated action" not in page
    # Sid is staff: he sees the action but cannot update his home's action.
    assert reverse("network:action_edit", args=[home_a_action.pk]) not in page
    client.force_login(cast.mona)
    page = client.get(reverse("network:event_detail", args=[upcoming.pk])).content.decode()
    assert reverse("network:action_edit", args=[home_a_action.pk]) in page


def test_overdue_actions_are_highlighted_on_the_owners_home_page(client, cast, home_a_action):
    MeetingAction.objects.create(
        event=home_a_action.event,
        description="Not due yet",
        owner_user=cast.mona,
        due_date=timezone.localdate() + timedelta(days=5),
    )
    client.force_login(cast.mona)
    page = client.get(reverse("home")).content.decode()
    assert "Your open actions from meetings" in page
    overdue = page.index("Share the falls audit template")
    assert "nhsuk-tag--red" in page[overdue - 200 : overdue]
    assert "Was due" in page and "Not due yet" in page
    # Staff at the same home do not own the home's actions; Bea's home has none.
    for person in (cast.sid, cast.bea):
        client.force_login(person)
        assert "Share the falls audit template" not in client.get(reverse("home")).content.decode()


def test_done_actions_leave_the_home_page(client, cast, home_a_action):
    home_a_action.status = "done"
    home_a_action.save()
    client.force_login(cast.mona)
    assert "Share the falls audit template" not in client.get(reverse("home")).content.decode()
