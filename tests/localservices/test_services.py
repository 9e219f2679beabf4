"""Writes to the local services directory: validation, who may add and change entries
(and which areas a partner may change), named contacts, and the suggestions flow."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from localservices import services
from localservices.models import LocalService, Suggestion
from localservices.services import ServiceDetails
from localservices.tasks import tell_suggester
from network.models import Theme
from tests.factories import AreaFactory, UserFactory
from tests.localservices.helpers import make_service

NHS_NUMBER = "943 476 5919"  # a valid NHS number (test range)


def details(areas, **overrides) -> ServiceDetails:
    values = {
        "name": "Continence Advisory Service",
        "kind": "continence",
        "summary": "Nurses who help with bladder and bowel problems",
        "eligibility": "Adults in care homes",
        "how_to_refer": "Send the referral form",
        "areas": areas,
        "provider_name": "Southshore Trust",
        **overrides,
    }
    return ServiceDetails(**values)


@pytest.fixture
def london(db):
    return AreaFactory(name="London", kind="region")


# --- Adding and validation --------------------------------------------------------------


def test_project_worker_adds_an_entry_checked_today(cast):
    service = services.create_service(
        actor=cast.will,
        details=details([cast.home_a.area], themes=[Theme.objects.get(slug="falls")]),
    )
    assert service.last_reviewed_on == timezone.localdate()
    assert service.last_reviewed_by == cast.will
    assert list(service.areas.all()) == [cast.home_a.area]
    assert [t.slug for t in service.themes.all()] == ["falls"]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("phone", "call us", "Enter a phone number"),
        ("phone", "0163", "Enter a phone number"),
        ("email", "falls.team", "Enter an email address in the right format"),
        ("website", "ftp://example.org/", "Enter the address in full"),
        ("referral_url", "not a link", "Enter the address in full"),
    ],
)
def test_contact_details_are_checked_and_nothing_is_saved(cast, field, value, message):
    with pytest.raises(ValidationError) as caught:
        services.create_service(
            actor=cast.will, details=details([cast.home_a.area], **{field: value})
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert not LocalService.objects.exists()


@pytest.mark.parametrize("phone", ["01632 960 101", "+44 1632 960101", "(01632) 960-101", "111"])
def test_phone_numbers_people_write_are_accepted(cast, phone):
    service = services.create_service(
        actor=cast.will, details=details([cast.home_a.area], phone=phone)
    )
    assert service.phone == phone


def test_an_entry_needs_areas_a_provider_and_the_key_text(cast):
    with pytest.raises(ValidationError) as caught:
        services.create_service(
            actor=cast.will, details=details([], provider_name=" ", how_to_refer="", name="")
        )
    assert set(caught.value.message_dict) == {"areas", "provider_name", "how_to_refer", "name"}
    assert not LocalService.objects.exists()


def test_a_care_home_cannot_run_a_service(cast):
    with pytest.raises(ValidationError) as caught:
        services.create_service(
            actor=cast.will, details=details([cast.home_a.area], provider=cast.home_b)
        )
    assert "provider" in caught.value.message_dict


# --- Who may add and change -------------------------------------------------------------


@pytest.mark.parametrize("role", ["sid", "mona", "bea"])
def test_care_home_members_cannot_add_or_change(cast, role):
    actor = getattr(cast, role)
    service = make_service(areas=[cast.home_a.area])
    with pytest.raises(PermissionDenied):
        services.create_service(actor=actor, details=details([cast.home_a.area]))
    with pytest.raises(PermissionDenied):
        services.update_service(actor=actor, service=service, details=details([cast.home_a.area]))
    with pytest.raises(PermissionDenied):
        services.mark_checked(actor=actor, service=service)
    with pytest.raises(PermissionDenied):
        services.set_active(actor=actor, service=service, active=False)


def test_partner_adds_only_in_their_own_areas(cast, london):
    with pytest.raises(ValidationError) as caught:
        services.create_service(actor=cast.pat, details=details([cast.home_a.area, london]))
    assert "Choose areas within the areas you cover" in caught.value.message_dict["areas"]
    service = services.create_service(actor=cast.pat, details=details([cast.icb.area]))
    assert list(service.areas.all()) == [cast.icb.area]


def test_partner_changes_their_areas_and_keeps_the_others(cast, london):
    service = make_service(areas=[cast.home_a.area, london])
    services.update_service(actor=cast.pat, service=service, details=details([cast.icb.area]))
    assert {a.pk for a in service.areas.all()} == {cast.icb.area_id, london.pk}


def test_partner_cannot_change_a_service_only_outside_their_areas(cast, london):
    far = make_service(areas=[london])
    region = make_service(areas=[cast.team.area], name="Region-wide")  # above the ICB
    for service in (far, region):
        with pytest.raises(PermissionDenied):
            services.update_service(actor=cast.pat, service=service, details=details([london]))
    services.update_service(actor=cast.will, service=far, details=details([london], name="Moved"))
    far.refresh_from_db()
    assert far.name == "Moved"


def test_change_with_checked_records_who_and_when(cast):
    service = make_service(areas=[cast.home_a.area], last_reviewed_on=None)
    services.update_service(
        actor=cast.pat, service=service, details=details([cast.home_a.area]), checked=False
    )
    assert service.last_reviewed_on is None
    services.update_service(
        actor=cast.pat, service=service, details=details([cast.home_a.area]), checked=True
    )
    service.refresh_from_db()
    assert service.last_reviewed_on == timezone.localdate()
    assert service.last_reviewed_by == cast.pat


# --- Named contacts ---------------------------------------------------------------------


def test_contacts_must_be_in_the_directory(cast):
    service = make_service(areas=[cast.home_a.area])
    services.add_contact(actor=cast.pat, service=service, person=cast.mona)
    stranger = UserFactory()  # no membership: not in the directory
    with pytest.raises(ValidationError):
        services.add_contact(actor=cast.pat, service=service, person=stranger)
    services.remove_contact(actor=cast.pat, service=service, person=cast.mona)
    assert not service.contacts.exists()
    with pytest.raises(PermissionDenied):
        services.add_contact(actor=cast.sid, service=service, person=cast.mona)


# --- Suggestions ------------------------------------------------------------------------


@pytest.fixture
def service(cast):
    return make_service(areas=[cast.home_a.area])


def test_anyone_suggests_and_resident_details_are_refused(cast, service):
    with pytest.raises(ValidationError) as caught:
        services.suggest(
            actor=cast.sid, service=service, part="", what_is_wrong=f"Resident {NHS_NUMBER}"
        )
    assert "NHS number" in caught.value.message_dict["what_is_wrong"][0]
    with pytest.raises(ValidationError):
        services.suggest(actor=cast.sid, service=service, part="nonsense", what_is_wrong="x")
    suggestion = services.suggest(
        actor=cast.sid, service=service, part="contact", what_is_wrong="New number"
    )
    assert suggestion.is_pending and suggestion.suggested_by == cast.sid
    assert Suggestion.objects.count() == 1


def test_accepting_records_who_and_when_and_emails_the_suggester_once(
    cast, service, django_capture_on_commit_callbacks
):
    suggestion = services.suggest(
        actor=cast.sid, service=service, part="", what_is_wrong="New number"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_suggestion(actor=cast.pat, suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    assert suggestion.decided_by == cast.pat and suggestion.decided_at is not None
    assert [m.to for m in mail.outbox] == [[cast.sid.email]]
    assert "was accepted" in mail.outbox[0].subject
    assert tell_suggester(suggestion.pk) is False  # a second run sends nothing
    assert len(mail.outbox) == 1
    with pytest.raises(ValidationError):
        services.decline_suggestion(actor=cast.will, suggestion=suggestion, reason="No")


def test_declining_needs_a_reason_which_the_suggester_is_sent(
    cast, service, django_capture_on_commit_callbacks
):
    suggestion = services.suggest(
        actor=cast.sid, service=service, part="", what_is_wrong="It closed"
    )
    with pytest.raises(ValidationError):
        services.decline_suggestion(actor=cast.pat, suggestion=suggestion, reason="  ")
    with pytest.raises(PermissionDenied):
        services.decline_suggestion(actor=cast.sid, suggestion=suggestion, reason="Mine")
    suggestion.refresh_from_db()
    assert suggestion.is_pending
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_suggestion(
            actor=cast.will, suggestion=suggestion, reason="It is still open: we checked"
        )
    assert "It is still open: we checked" in mail.outbox[0].body
    assert "was declined" in mail.outbox[0].subject
