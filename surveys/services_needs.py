"""Writes for the needs board: posting and changing needs, responses, "we need this too",
status changes and flagging needs nobody has answered.

Each service checks who is asking (PermissionDenied) and refuses resident-identifiable
free text (ValidationError) before it saves. Emails go through Celery tasks queued with
`transaction.on_commit`.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from network.models import Membership, Theme, User
from portal.validators import no_resident_identifiers
from surveys import selectors_needs as selectors
from surveys.models import Need, NeedEndorsement, NeedResponse


def _check_text(**fields: str) -> None:
    errors = {}
    for name, text in fields.items():
        try:
            no_resident_identifiers(text)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)


def _require_text(**fields: str) -> None:
    missing = {name: "This cannot be empty" for name, text in fields.items() if not text.strip()}
    if missing:
        raise ValidationError(missing)


# --- Needs ------------------------------------------------------------------------------


def post_need(
    *,
    actor: User,
    membership: Membership | None,
    title: str,
    description: str,
    urgency: str,
    hide_home_name: bool = False,
    themes: list[Theme] = (),
) -> Need:
    """Post a need for the care home the actor is acting for."""
    if not selectors.can_post(membership) or membership.user_id != actor.pk:
        raise PermissionDenied("Only care home managers and staff can post a need.")
    _require_text(title=title, description=description)
    _check_text(title=title, description=description)
    need = Need(
        organisation=membership.organisation,
        posted_by=actor,
        title=title.strip(),
        description=description.strip(),
        urgency=urgency,
        hide_home_name=hide_home_name,
    )
    need.full_clean(exclude=["posted_by", "organisation"])
    with transaction.atomic():
        need.save()
        need.themes.set(themes)
    return need


def update_need(
    *,
    actor: User,
    need: Need,
    title: str,
    description: str,
    urgency: str,
    hide_home_name: bool = False,
    themes: list[Theme] = (),
) -> Need:
    if not selectors.can_manage(actor, need):
        raise PermissionDenied("Only the home that posted this need or a project worker can.")
    _require_text(title=title, description=description)
    _check_text(title=title, description=description)
    need.title, need.description = title.strip(), description.strip()
    need.urgency, need.hide_home_name = urgency, hide_home_name
    need.full_clean(exclude=["posted_by", "organisation"])
    with transaction.atomic():
        need.save()
        need.themes.set(themes)
    return need


# --- Conversation -----------------------------------------------------------------------


def respond(
    *,
    actor: User,
    membership: Membership | None,
    need: Need,
    kind: str,
    body: str,
    link: str = "",
    service=None,
) -> NeedResponse:
    """Add to a need's conversation.

    Members of the posting home reply (kind "reply"); partners and project workers offer
    support, suggest an event or resource, refer or comment. The first response from
    outside the home records `first_response_at` (once) and moves an open need to "being
    addressed". Partners and project workers may point to a local service that covers
    the home's area."""
    role = selectors.respond_as(actor, need)
    if not role:
        raise PermissionDenied("Only partners, project workers and the home can respond.")
    if service is not None:
        from localservices.selectors import services_for_area

        covering = services_for_area(need.organisation.area_id)
        if role == "home" or not covering.filter(pk=service.pk).exists():
            raise ValidationError({"service": "Choose a service that covers this home's area"})
    if role == "home":
        kind, organisation = NeedResponse.Kind.REPLY, need.organisation
    else:
        if kind not in dict(selectors.RESPONDER_KINDS):
            raise ValidationError({"kind": "Choose what kind of response this is"})
        organisation = membership.organisation if membership else None
    _require_text(body=body)
    _check_text(body=body)
    now = timezone.now()
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        response = NeedResponse(
            need=locked,
            author=actor,
            organisation=organisation,
            kind=kind,
            body=body.strip(),
            link=link,
            service=service,
            created_at=now,
        )
        response.full_clean(exclude=["need", "author", "organisation"])
        response.save()
        if role != "home" and locked.first_response_at is None:
            locked.first_response_at = now
            if locked.status == Need.Status.OPEN:
                locked.status = Need.Status.BEING_ADDRESSED
            locked.save(update_fields=["first_response_at", "status", "updated_at"])
    need.first_response_at, need.status = locked.first_response_at, locked.status
    return response


def toggle_endorsement(*, actor: User, membership: Membership | None, need: Need) -> bool:
    """ "We need this too" from the actor's care home, or take it back. Returns whether the
    home now says it needs this too."""
    if not selectors.can_endorse(membership, need):
        raise PermissionDenied("Only other care homes can say they need this too.")
    with transaction.atomic():
        deleted, _ = NeedEndorsement.objects.filter(
            need=need, organisation=membership.organisation
        ).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                NeedEndorsement.objects.create(
                    need=need, organisation=membership.organisation, user=actor
                )
        except IntegrityError:  # someone else at the home pressed it at the same moment
            pass
    return True


def mark_seen_by_home(*, actor: User, need: Need) -> None:
    """Someone from the posting home has looked: later responses are "new" for the home."""
    if selectors.viewer_for(actor).is_posting_home(need):
        need.home_seen_at = timezone.now()
        Need.objects.filter(pk=need.pk).update(home_seen_at=need.home_seen_at)


# --- Status -----------------------------------------------------------------------------


def status_choices(need: Need) -> list[tuple[str, str]]:
    """Open needs can move to any other status; met or closed ones can be reopened."""
    if need.is_open:
        return [(v, label) for v, label in Need.Status.choices if v != need.status]
    return [(v, label) for v, label in Need.Status.choices if v in Need.OPEN_STATUSES]


def change_status(*, actor: User, need: Need, status: str, what_helped: str = "") -> Need:
    """Move a need on. Met needs say what helped (closed ones may); met or closed sets
    `closed_at`, reopening clears it."""
    if not selectors.can_manage(actor, need):
        raise PermissionDenied("Only the home that posted this need or a project worker can.")
    if status not in dict(status_choices(need)):
        raise ValidationError({"status": "Choose a status from the list"})
    what_helped = what_helped.strip()
    if status == Need.Status.MET and not what_helped:
        raise ValidationError({"what_helped": "Tell us what helped to meet this need"})
    _check_text(what_helped=what_helped)
    need.status = status
    if status in Need.OPEN_STATUSES:
        need.closed_at = None
    else:
        need.closed_at = timezone.now()
        need.what_helped = what_helped
    need.save(update_fields=["status", "closed_at", "what_helped", "updated_at"])
    return need


# --- Flagging ---------------------------------------------------------------------------


def flag_unanswered_needs(*, now=None) -> list[int]:
    """Flag open needs older than 7 days that nobody has responded to, once each, and
    email project workers one summary. Safe to run twice: flagged needs are skipped."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=selectors.UNANSWERED_DAYS)
    with transaction.atomic():
        ids = list(
            Need.objects.select_for_update()
            .filter(
                status=Need.Status.OPEN,
                first_response_at__isnull=True,
                flagged_at__isnull=True,
                created_at__lte=cutoff,
            )
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return []
        Need.objects.filter(pk__in=ids).update(flagged_at=now)
        from surveys import emails

        transaction.on_commit(lambda: emails.needs_unanswered(ids))
    return ids
