"""Changes to the local services directory: adding and changing entries, their named
contacts, marking them checked or no longer running, and suggestions of corrections.

Every function checks who is asking (localservices.access) and the rules again, so a bad
request cannot get past a form. Errors name the field they belong to.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from localservices import access
from localservices.models import LocalService, ServiceKind, Suggestion
from network.models import Area, Organisation, Theme, User
from network.roles import OrganisationKind
from portal.tasks import enqueue_on_commit
from portal.validators import no_resident_identifiers

REASON_MAX = 500
NO_AREAS = "Choose at least one area the service covers"
NO_PROVIDER = "Choose the organisation that runs the service, or type its name"
PARTNER_AREAS = "Choose areas within the areas you cover"


@dataclass(frozen=True)
class ServiceDetails:
    name: str
    kind: str
    summary: str
    eligibility: str
    how_to_refer: str
    areas: list[Area]
    provider: Organisation | None = None
    provider_name: str = ""
    themes: list[Theme] = field(default_factory=list)
    opening_hours: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    referral_url: str = ""


_REQUIRED = {
    "name": "Enter the name of the service",
    "summary": "Say what the service does",
    "eligibility": "Say who the service is for",
    "how_to_refer": "Say how to refer someone to the service",
}


def _check(details: ServiceDetails) -> None:
    errors: dict[str, list[str]] = {}
    for name, message in _REQUIRED.items():
        if not getattr(details, name).strip():
            errors[name] = [message]
    if details.kind not in ServiceKind.values:
        errors["kind"] = ["Choose what kind of service it is"]
    if details.provider is None and not details.provider_name.strip():
        errors["provider_name"] = [NO_PROVIDER]
    if details.provider is not None and details.provider.kind == OrganisationKind.CARE_HOME:
        errors["provider"] = ["Choose an NHS, council or voluntary organisation, not a care home"]
    if not details.areas:
        errors["areas"] = [NO_AREAS]
    if errors:
        raise ValidationError(errors)


def _areas_for(actor: User, chosen: list[Area], current: set[int]) -> list[int]:
    """The areas the entry will list. Partners change only areas within their own; the
    entry's other areas stay as they are."""
    mine = access.maintained_area_ids(actor)
    chosen_ids = {area.pk for area in chosen}
    if mine is None:
        return sorted(chosen_ids)
    if not chosen_ids <= mine:
        raise ValidationError({"areas": [PARTNER_AREAS]})
    if not chosen_ids:
        raise ValidationError({"areas": [NO_AREAS]})
    return sorted(chosen_ids | (current - mine))


def _apply(service: LocalService, details: ServiceDetails) -> None:
    service.name = details.name.strip()
    service.kind = details.kind
    service.summary = details.summary.strip()
    service.provider = details.provider
    service.provider_name = "" if details.provider else details.provider_name.strip()
    service.eligibility = details.eligibility.strip()
    service.opening_hours = details.opening_hours.strip()
    service.phone = details.phone.strip()
    service.email = details.email.strip()
    service.website = details.website.strip()
    service.how_to_refer = details.how_to_refer.strip()
    service.referral_url = details.referral_url.strip()


def _mark_checked(service: LocalService, actor: User, today: date | None = None) -> None:
    service.last_reviewed_on = today or timezone.localdate()
    service.last_reviewed_by = actor


def create_service(*, actor: User, details: ServiceDetails) -> LocalService:
    """Add an entry. It counts as checked today by the person adding it."""
    access.require_add(actor)
    _check(details)
    area_ids = _areas_for(actor, details.areas, set())
    service = LocalService(created_by=actor)
    _apply(service, details)
    _mark_checked(service, actor)
    service.full_clean(exclude=["created_by", "last_reviewed_by", "provider"])
    with transaction.atomic():
        service.save()
        service.areas.set(area_ids)
        service.themes.set(details.themes)
    return service


def update_service(
    *, actor: User, service: LocalService, details: ServiceDetails, checked: bool = False
) -> LocalService:
    """Change an entry; `checked` records that the whole entry was checked today."""
    if not access.can_maintain(actor, service):
        raise PermissionDenied(access.NOT_A_MAINTAINER)
    _check(details)
    area_ids = _areas_for(actor, details.areas, {a.pk for a in service.areas.all()})
    _apply(service, details)
    if checked:
        _mark_checked(service, actor)
    service.full_clean(exclude=["created_by", "last_reviewed_by", "provider"])
    with transaction.atomic():
        service.save()
        service.areas.set(area_ids)
        service.themes.set(details.themes)
    return service


def mark_checked(*, actor: User, service: LocalService) -> LocalService:
    """Someone who maintains the entry says every detail is still right today."""
    if not access.can_maintain(actor, service):
        raise PermissionDenied(access.NOT_A_MAINTAINER)
    _mark_checked(service, actor)
    service.save(update_fields=["last_reviewed_on", "last_reviewed_by", "updated_at"])
    return service


def set_active(*, actor: User, service: LocalService, active: bool) -> LocalService:
    """A service that stops running leaves the list and need pages (its page stays, saying
    so); it can be marked as running again."""
    if not access.can_maintain(actor, service):
        raise PermissionDenied(access.NOT_A_MAINTAINER)
    service.is_active = active
    service.save(update_fields=["is_active", "updated_at"])
    return service


# --- Named contacts ---------------------------------------------------------------------


def add_contact(*, actor: User, service: LocalService, person: User) -> None:
    if not access.can_maintain(actor, service):
        raise PermissionDenied(access.NOT_A_MAINTAINER)
    if not person.is_active or not person.memberships.exists():
        raise ValidationError("Choose someone who is in the network's directory")
    service.contacts.add(person)


def remove_contact(*, actor: User, service: LocalService, person: User) -> None:
    if not access.can_maintain(actor, service):
        raise PermissionDenied(access.NOT_A_MAINTAINER)
    service.contacts.remove(person)


# --- Suggestions ------------------------------------------------------------------------


def _resident_safe(**fields: str) -> None:
    errors = {}
    for name, text in fields.items():
        try:
            no_resident_identifiers(text)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)


def suggest(*, actor: User, service: LocalService, part: str, what_is_wrong: str) -> Suggestion:
    """Anyone signed in may say what is wrong with an entry."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied("Sign in to suggest a correction.")
    if part and part not in Suggestion.Part.values:
        raise ValidationError({"part": "Choose which part is wrong from the list"})
    if not what_is_wrong.strip():
        raise ValidationError({"what_is_wrong": "Tell us what is wrong or out of date"})
    _resident_safe(what_is_wrong=what_is_wrong)
    return Suggestion.objects.create(
        service=service, suggested_by=actor, part=part, what_is_wrong=what_is_wrong.strip()
    )


def _decide(actor: User, suggestion: Suggestion, status: str, reason: str = "") -> Suggestion:
    if not access.can_maintain(actor, suggestion.service):
        raise PermissionDenied("Only the people who maintain this entry can decide.")
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if not locked.is_pending:
            raise ValidationError(
                f"This suggestion has already been {locked.get_status_display().lower()}."
            )
        locked.status = status
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decline_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
        from localservices.tasks import tell_suggester

        enqueue_on_commit(tell_suggester, locked.pk)
    suggestion.status, suggestion.decided_by = locked.status, locked.decided_by
    suggestion.decided_at, suggestion.decline_reason = locked.decided_at, locked.decline_reason
    return suggestion


def accept_suggestion(*, actor: User, suggestion: Suggestion) -> Suggestion:
    """The maintainer agrees; they then change the entry themselves."""
    return _decide(actor, suggestion, Suggestion.Status.ACCEPTED)


def decline_suggestion(*, actor: User, suggestion: Suggestion, reason: str) -> Suggestion:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say briefly why you are declining it"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer"})
    _resident_safe(reason=reason)
    return _decide(actor, suggestion, Suggestion.Status.DECLINED, reason)


def tell_suggester(suggestion_id: int) -> bool:
    """Email the person who suggested a correction what was decided, once. Returns whether
    an email went."""
    from localservices import emails

    with transaction.atomic():
        suggestion = (
            Suggestion.objects.select_for_update()
            .filter(pk=suggestion_id, suggester_told_at__isnull=True)
            .exclude(status=Suggestion.Status.PENDING)
            .first()
        )
        if suggestion is None:
            return False
        person = suggestion.suggested_by
        if person is None or not person.is_active:
            return False
        emails.suggestion_decided(suggestion)
        suggestion.suggester_told_at = timezone.now()
        suggestion.save(update_fields=["suggester_told_at"])
    return True
