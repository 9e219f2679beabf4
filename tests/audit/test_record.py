"""audit.log.record: one row per call, with the actor's acting role kept as it was."""

from django.test import RequestFactory

from audit.log import record
from audit.models import Action, AuditEvent


def test_record_takes_the_actor_and_acting_role_from_the_request(cast):
    request = RequestFactory().get("/")
    request.user = cast.will
    request.membership = cast.will.memberships.get()

    event = record(Action.EXPORTED, request=request, target=cast.home_a, detail="needs:csv")

    assert AuditEvent.objects.count() == 1
    assert event.actor == cast.will
    assert event.actor_role == "project_worker"
    assert event.actor_organisation_id == request.membership.organisation_id
    assert (event.target_type, event.target_id) == ("network.organisation", str(cast.home_a.pk))
    assert event.detail == "needs:csv"


def test_record_without_a_request_is_the_system(cast):
    event = record(Action.RETENTION_DEACTIVATED, target=cast.sid)

    assert event.actor is None
    assert event.actor_role == ""
    assert event.target_type == "network.user"


def test_record_with_an_actor_and_no_request_keeps_the_role_they_hold(cast):
    """So a row stays "Former member", not "The system", once they are erased."""
    event = record(Action.ROLE_CHANGED, actor=cast.mona, target=cast.sid)

    assert event.actor_role == "manager"
    assert event.actor_organisation_id == cast.home_a.pk
