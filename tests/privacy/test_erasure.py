"""Asking to be erased, and a network admin erasing a person: what they posted stays,
shown as "Former member"; they cannot sign in; it is all or nothing."""

from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import Action, AuditEvent
from digests.models import DigestPreference
from network.models import Membership, User
from network.roles import Role
from privacy import services
from privacy.models import ErasureRequest
from surveys.models import Need, NeedResponse
from tests.factories import TEST_PASSWORD, MembershipFactory, make_learning_record, make_session

pytestmark = pytest.mark.django_db


# --- Asking -------------------------------------------------------------------------------


def test_a_person_asks_to_be_erased_and_sees_it_is_pending(client, cast):
    client.force_login(cast.sid)
    url = reverse("privacy:request_erasure")
    response = client.post(url, {"understand": "on", "reason": "left_job"})
    assert response.status_code == 302
    request = ErasureRequest.objects.get()
    assert (request.user, request.status, request.reason) == (cast.sid, "open", "left_job")
    page = client.get(reverse("privacy:your_data")).content.decode()
    assert "You asked us to erase your account on" in page
    assert "Withdraw your request" in page
    event = AuditEvent.objects.get(action=Action.ERASURE_REQUESTED)
    assert (event.actor, event.detail) == (cast.sid, "left_job")


def test_network_admins_are_emailed_about_a_request(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.sid)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:request_erasure"), {"understand": "on", "reason": ""})
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert "Sid asked on" in mail.outbox[0].body
    assert reverse("privacy:erasure_requests") in mail.outbox[0].body
    assert AuditEvent.objects.get(action=Action.ERASURE_REQUESTED).detail == "no_reason"


def test_the_box_must_be_ticked(client, cast):
    client.force_login(cast.sid)
    response = client.post(reverse("privacy:request_erasure"), {"reason": "privacy"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Tick the box to say you understand what will happen" in page
    assert not ErasureRequest.objects.exists()


def test_a_reason_outside_the_list_is_refused(client, cast):
    client.force_login(cast.sid)
    response = client.post(
        reverse("privacy:request_erasure"), {"understand": "on", "reason": "I hate it"}
    )
    assert "Choose one of the reasons listed" in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_a_second_request_is_not_made(client, cast):
    ErasureRequest.objects.create(user=cast.sid)
    client.force_login(cast.sid)
    response = client.post(reverse("privacy:request_erasure"), {"understand": "on"})
    assert response.status_code == 200
    assert ErasureRequest.objects.count() == 1


def test_a_person_withdraws_their_own_request_but_not_someone_elses(client, cast):
    mine = ErasureRequest.objects.create(user=cast.sid)
    monas = ErasureRequest.objects.create(user=cast.mona)
    client.force_login(cast.sid)
    assert client.post(reverse("privacy:withdraw_request", args=[monas.pk])).status_code == 404
    assert client.post(reverse("privacy:withdraw_request", args=[mine.pk])).status_code == 302
    assert list(ErasureRequest.objects.values_list("user", flat=True)) == [cast.mona.pk]


def test_admins_see_open_requests_and_can_decline(client, cast):
    request = ErasureRequest.objects.create(user=cast.sid, reason="privacy")
    client.force_login(cast.ada)
    page = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert "sid@example.org" in page
    assert "Oak House (care home staff)" in page
    assert "I am worried about my privacy" in page
    client.post(reverse("privacy:decline_request", args=[request.pk]))
    request.refresh_from_db()
    assert (request.status, request.handled_by) == ("declined", cast.ada)
    assert (
        "There are no open requests"
        in client.get(reverse("privacy:erasure_requests")).content.decode()
    )


def test_request_list_queries_do_not_grow_with_rows(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for _ in range(n):
            m = MembershipFactory(organisation=cast.home_a)
            MembershipFactory(user=m.user, organisation=cast.home_b)
            ErasureRequest.objects.create(user=m.user)

    client.force_login(cast.ada)
    url = reverse("privacy:erasure_requests")
    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(19)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count("Birch House (care home staff)") == 20
    assert len(many) == len(few)


# --- Erasing ------------------------------------------------------------------------------


def _signed_in_session(client, user):
    client.force_login(user)
    return client.session.session_key


def test_erasure_end_to_end(client, cast, settings):
    need = Need.objects.create(
        organisation=cast.home_a, posted_by=cast.sid, title="Hoist training", description="d"
    )
    NeedResponse.objects.create(need=need, kind="reply", body="Thanks", author=cast.sid)
    record = make_learning_record(cast.sid, make_session(), rating=5, comment="Loved it")
    cast.sid.job_title = "Senior carer"
    cast.sid.phone = "07700 900123"
    cast.sid.save()
    ErasureRequest.objects.create(user=cast.sid)
    sid_client = client.__class__()
    session_key = _signed_in_session(sid_client, cast.sid)

    client.force_login(cast.ada)
    confirm = client.get(reverse("privacy:erase_person", args=[cast.sid.pk])).content.decode()
    assert "This cannot be undone" in confirm
    response = client.post(reverse("privacy:erase_person", args=[cast.sid.pk]), follow=True)
    assert "Sid has been erased. They can no longer sign in." in response.content.decode()

    sid = User.objects.get(pk=cast.sid.pk)
    assert sid.full_name == "Former member"
    assert sid.email == f"erased-{sid.pk}@erased.invalid"
    assert (sid.job_title, sid.phone, sid.is_active) == ("", "", False)
    assert not sid.has_usable_password()
    assert not EmailAddress.objects.filter(user=sid).exists()
    assert not Membership.objects.filter(user=sid).exists()
    assert DigestPreference.objects.get(user=sid).frequency == "none"
    assert not Session.objects.filter(session_key=session_key).exists()
    record.refresh_from_db()
    assert (record.comment, record.rating) == ("", 5)
    assert ErasureRequest.objects.get().status == "done"
    event = AuditEvent.objects.get(action=Action.PERSON_ERASED)
    assert (event.actor, event.target_type, event.target_id) == (
        cast.ada,
        "network.user",
        str(sid.pk),
    )
    # What they posted stays, attributed to "Former member".
    assert Need.objects.filter(posted_by=sid).exists()
    client.force_login(cast.mona)
    page = client.get(reverse("surveys:need_detail", args=[need.pk])).content.decode()
    assert "Hoist training" in page
    assert "Former member" in page
    assert "Sid" not in page.replace("Side", "")
    # The directory does not list them.
    directory = client.get(reverse("network:directory")).content.decode()
    assert "Former member" not in directory
    # They can no longer sign in, with the old or the new address.
    for email in ("sid@example.org", sid.email):
        assert not client.login(email=email, password=TEST_PASSWORD)
    response = sid_client.get(reverse("home"))
    assert response.status_code == 302


def test_sign_in_form_refuses_an_erased_person(client, cast):
    services.erase_person(admin=cast.ada, person=cast.sid)
    response = client.post(
        reverse("account_login"), {"login": "sid@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_erasing_removes_2_step_verification(cast):
    assert Authenticator.objects.filter(user=cast.pat).exists()
    services.erase_person(admin=cast.ada, person=cast.pat)
    assert not Authenticator.objects.filter(user=cast.pat).exists()


def test_an_admin_cannot_erase_themselves(client, cast):
    client.force_login(cast.ada)
    response = client.post(reverse("privacy:erase_person", args=[cast.ada.pk]))
    assert response.status_code == 200
    assert "You cannot erase your own account" in response.content.decode()
    cast.ada.refresh_from_db()
    assert cast.ada.full_name == "Ada"


def test_the_last_network_admin_cannot_be_erased(client, cast):
    # A Django superuser who is not a network admin tries to erase Ada, the only one.
    root = User.objects.create_superuser("root@example.org", "x" * 12, full_name="Root")
    with pytest.raises(ValidationError, match="last network admin"):
        services.check_can_erase(admin=root, person=cast.ada)
    # With a second network admin, Ada can be erased.
    MembershipFactory(organisation=cast.team, role=Role.NETWORK_ADMIN)
    services.erase_person(admin=root, person=cast.ada)
    assert User.objects.get(pk=cast.ada.pk).full_name == "Former member"


def test_already_erased_cannot_be_erased_again(client, cast):
    services.erase_person(admin=cast.ada, person=cast.sid)
    client.force_login(cast.ada)
    page = client.get(reverse("privacy:erase_person", args=[cast.sid.pk])).content.decode()
    assert "This account has already been erased" in page
    assert "This cannot be undone" not in page


def test_nothing_is_half_done_when_a_step_fails(cast):
    ErasureRequest.objects.create(user=cast.sid)

    def broken(person, former):
        raise RuntimeError("disk full")

    steps = [*services.ERASURE_STEPS[:-1], broken]
    with mock.patch.object(services, "ERASURE_STEPS", steps), pytest.raises(RuntimeError):
        services.erase_person(admin=cast.ada, person=cast.sid)
    sid = User.objects.get(pk=cast.sid.pk)
    assert (sid.full_name, sid.email, sid.is_active) == ("Sid", "sid@example.org", True)
    assert sid.has_usable_password()
    assert EmailAddress.objects.filter(user=sid).exists()
    assert Membership.objects.filter(user=sid).exists()
    assert ErasureRequest.objects.get().status == "open"
    assert not AuditEvent.objects.filter(action=Action.PERSON_ERASED).exists()


def test_pages_show_former_member_where_the_name_was(client, cast):
    from qi_cycles.models import CycleComment
    from tests.factories import make_change_idea, make_cycle, make_project

    need = Need.objects.create(organisation=cast.home_a, title="Hoist training", description="d")
    NeedResponse.objects.create(
        need=need, kind="offer", body="We can train", author=cast.pat, organisation=cast.icb
    )
    project = make_project(cast.home_a)
    cycle = make_cycle(make_change_idea(project))
    CycleComment.objects.create(cycle=cycle, author=cast.sid, body="Worked well on nights")
    services.erase_person(admin=cast.ada, person=cast.pat)
    services.erase_person(admin=cast.ada, person=cast.sid)

    client.force_login(cast.mona)
    need_page = client.get(reverse("surveys:need_detail", args=[need.pk])).content.decode()
    assert "We can train" in need_page
    assert "Former member, Solent ICB" in need_page
    assert "Pat" not in need_page
    cycle_page = client.get(reverse("qi:cycle_detail", args=[cycle.pk])).content.decode()
    assert "Worked well on nights" in cycle_page
    assert "Former member" in cycle_page
    members = client.get(reverse("network:member_list", args=[cast.home_a.pk])).content.decode()
    assert "Mona" in members
    assert "Former member" not in members


def test_erasure_frees_places_at_events_to_come(cast, django_capture_on_commit_callbacks):
    from network.models import Registration
    from tests.network.conftest import make_event, register

    full = make_event(capacity=1)
    past = make_event(days=-3)
    register(full, cast.sid)
    register(full, cast.bea, status=Registration.Status.WAITING)
    register(past, cast.sid, attended=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_person(admin=cast.ada, person=cast.sid)
    statuses = dict(full.registrations.values_list("user__email", "status"))
    assert statuses == {
        f"erased-{cast.sid.pk}@erased.invalid": "cancelled",
        "bea@example.org": "registered",
    }
    assert [m.to for m in mail.outbox] == [["bea@example.org"]]
    assert past.registrations.get().status == "registered"  # history stays


def test_network_admins_find_erase_on_the_members_page(client, cast):
    url = reverse("network:member_list", args=[cast.home_a.pk])
    erase = reverse("privacy:erase_person", args=[cast.sid.pk])
    client.force_login(cast.ada)
    assert erase in client.get(url).content.decode()
    client.force_login(cast.will)  # a project worker manages members but cannot erase
    page = client.get(url).content.decode()
    assert "Remove<span" in page
    assert erase not in page


def test_invitations_to_them_lose_their_address_and_pending_ones_are_cancelled(cast):
    from network.models import Invitation

    accepted = Invitation.objects.create(
        email="sid@example.org",
        organisation=cast.home_a,
        role=Role.CARE_HOME_STAFF,
        token_hash="a" * 64,
        accepted_by=cast.sid,
        accepted_at=cast.sid.date_joined,
    )
    pending = Invitation.objects.create(
        email="SID@example.org", organisation=cast.home_b, role="staff", token_hash="b" * 64
    )
    services.erase_person(admin=cast.ada, person=cast.sid)
    accepted.refresh_from_db()
    pending.refresh_from_db()
    assert accepted.email == pending.email == f"erased-{cast.sid.pk}@erased.invalid"
    assert (accepted.status, pending.status) == ("accepted", "cancelled")
