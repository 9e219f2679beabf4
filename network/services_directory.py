"""Writes for contact preferences, organisation profiles, themes and the agreement.

Each checks who is asking and validates before it saves; a ValidationError's messages are
shown to the person as they are.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify

from network import selectors_directory
from network.models import (
    AgreementSignature,
    AgreementVersion,
    Area,
    Organisation,
    ServiceType,
    Theme,
    User,
)
from network.selectors import is_network_wide
from portal.validators import no_resident_identifiers

# Loose on purpose: the shape of a UK postcode, not a check that it exists.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """ "so16 6yd" -> "SO16 6YD". Raises ValidationError when it is not shaped like one."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not compact:
        return ""
    match = _POSTCODE.match(compact)
    if not match:
        raise ValidationError("Enter a full UK postcode, like SO16 6YD")
    return f"{match.group(1)} {match.group(2)}"


def update_contact_preferences(*, user: User, show_email: bool, show_phone: bool) -> User:
    """Choose which contact details other members see in the directory."""
    user.show_email = show_email
    user.show_phone = show_phone
    user.save(update_fields=["show_email", "show_phone"])
    return user


# ---------------------------------------------------------------------------------------
# Organisation profiles

_IDENTITY_FIELDS = ("name", "kind", "area", "cqc_location_id", "ods_code")


@transaction.atomic
def update_organisation_profile(
    *,
    actor: User,
    organisation: Organisation,
    about: str,
    address: str,
    postcode: str,
    phone: str,
    website: str,
    registered_beds: int | None = None,
    service_types: list[ServiceType] | None = None,
    name: str | None = None,
    kind: str | None = None,
    area: Area | None = None,
    cqc_location_id: str | None = None,
    ods_code: str | None = None,
) -> Organisation:
    """Change an organisation's profile.

    Steps: check `actor` may edit the profile, and may change its name, type, area and
    identifiers if any of those are given; refuse resident-identifiable text in `about`;
    validate the whole organisation (postcode, beds only for care homes, unique CQC ID);
    save; set the service types (care homes only). Nothing is saved if any step fails.
    """
    if not selectors_directory.can_edit_profile(actor, organisation):
        raise PermissionDenied
    identity = {
        "name": name,
        "kind": kind,
        "area": area,
        "cqc_location_id": cqc_location_id,
        "ods_code": ods_code,
    }
    changing_identity = any(value is not None for value in identity.values())
    if changing_identity and not selectors_directory.can_edit_identity(actor):
        raise PermissionDenied("Only project workers can change an organisation's name or IDs.")

    # Work on a fresh copy so a refused change leaves the caller's instance as it was.
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    errors: dict[str, list[str]] = {}
    try:
        no_resident_identifiers(about)
    except ValidationError as error:
        errors["about"] = error.messages
    try:
        postcode = normalise_postcode(postcode)
    except ValidationError as error:
        errors["postcode"] = error.messages

    org.about = about.strip()
    org.address = address.strip()
    org.postcode = postcode
    org.phone = phone.strip()
    org.website = website.strip()
    if changing_identity:
        org.name = (name or "").strip()
        org.kind = kind or org.kind
        org.area = area or org.area
        org.cqc_location_id = (cqc_location_id or "").strip().upper() or None
        org.ods_code = (ods_code or "").strip().upper() or None
    org.registered_beds = registered_beds

    if (
        org.cqc_location_id
        and (
            Organisation.objects.exclude(pk=org.pk).filter(cqc_location_id=org.cqc_location_id)
        ).exists()
    ):
        errors.setdefault("cqc_location_id", []).append(
            "Another organisation already has this CQC location ID. Check it on the CQC website."
        )
    if (
        org.ods_code
        and Organisation.objects.exclude(pk=org.pk).filter(ods_code=org.ods_code).exists()
    ):
        errors.setdefault("ods_code", []).append("Another organisation already has this ODS code.")
    try:
        org.full_clean(exclude=["service_types"], validate_unique=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors[field])
    if errors:
        raise ValidationError(errors)

    org.save()
    if org.is_care_home:
        if service_types is not None:
            org.service_types.set(service_types)
    else:
        org.service_types.clear()
    return org


# ---------------------------------------------------------------------------------------
# Themes


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:90] or "theme"
    taken = set(
        Theme.objects.exclude(pk=exclude_pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_theme(*, actor: User, name: str, description: str, exclude_pk: int | None) -> str:
    if not is_network_wide(actor):
        raise PermissionDenied("Only project workers manage the network's themes.")
    name = " ".join(name.split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Enter a name for the theme"]
    elif Theme.objects.exclude(pk=exclude_pk).filter(name__iexact=name).exists():
        errors["name"] = [
            f"There is already a theme called “{name}”. Use that one or choose another name."
        ]
    try:
        no_resident_identifiers(description)
    except ValidationError as error:
        errors["description"] = error.messages
    if errors:
        raise ValidationError(errors)
    return name


def create_theme(*, actor: User, name: str, kind: str, description: str = "") -> Theme:
    """Add a theme. Its slug is made from the name and is unique."""
    name = _check_theme(actor=actor, name=name, description=description, exclude_pk=None)
    theme = Theme(name=name, slug=_unique_slug(name), kind=kind, description=description.strip())
    theme.full_clean()
    theme.save()
    return theme


def update_theme(*, actor: User, theme: Theme, name: str, kind: str, description: str) -> Theme:
    """Rename or describe a theme; the slug follows the name."""
    name = _check_theme(actor=actor, name=name, description=description, exclude_pk=theme.pk)
    if name != theme.name:
        theme.slug = _unique_slug(name, exclude_pk=theme.pk)
    theme.name, theme.kind, theme.description = name, kind, description.strip()
    theme.full_clean()
    theme.save()
    return theme


def set_theme_active(*, actor: User, theme: Theme, is_active: bool) -> Theme:
    """Retire a theme (it stays on old items but cannot be chosen) or bring it back."""
    if not is_network_wide(actor):
        raise PermissionDenied("Only project workers manage the network's themes.")
    theme.is_active = is_active
    theme.save(update_fields=["is_active"])
    return theme


# ---------------------------------------------------------------------------------------
# Partnership agreement


def publish_agreement(
    *, actor: User, title: str, body: str, summary_of_changes: str = ""
) -> AgreementVersion:
    """Publish a new version of the agreement: the previous version number plus one.

    Steps: check `actor` is a project worker or admin; require a title and text, and (after
    the first version) a summary of what changed; refuse resident-identifiable text; save.
    Everyone is then asked to sign it at their next sign-in.
    """
    if not is_network_wide(actor):
        raise PermissionDenied("Only project workers can publish the agreement.")
    title, body, summary = title.strip(), body.strip(), summary_of_changes.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["Enter a title"]
    if not body:
        errors["body"] = ["Enter the text of the agreement"]
    else:
        try:
            no_resident_identifiers(body)
        except ValidationError as error:
            errors["body"] = error.messages
    previous = AgreementVersion.objects.aggregate(latest=Max("version"))["latest"] or 0
    if previous and not summary:
        errors["summary_of_changes"] = [
            "Say what has changed since the last version, so members know what they are agreeing to"
        ]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return AgreementVersion.objects.create(
                version=previous + 1,
                title=title,
                body=body,
                summary_of_changes=summary,
                published_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(
            "Someone else published a version at the same moment. Check the current version "
            "and try again."
        ) from error


def sign_agreement(*, user: User, version: AgreementVersion) -> tuple[AgreementSignature, bool]:
    """Record that `user` agrees to `version`. Signing twice keeps the first signature.

    Returns the signature and whether it is new. Only the current version can be signed.
    """
    latest = AgreementVersion.objects.aggregate(latest=Max("version"))["latest"]
    if version.version != latest:
        raise ValidationError(
            "A newer version of the agreement has been published. Read it before you sign."
        )
    existing = AgreementSignature.objects.filter(version=version, user=user).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return AgreementSignature.objects.create(version=version, user=user), True
    except IntegrityError:
        return AgreementSignature.objects.get(version=version, user=user), False
