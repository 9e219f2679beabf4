import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac

from network.roles import OrganisationKind, Role

cqc_location_id_validator = RegexValidator(
    r"^1-\d{6,12}$",
    "Enter the CQC location ID as it appears on the CQC website, like 1-123456789",
)
ods_code_validator = RegexValidator(
    r"^[A-Z0-9]{3,6}$",
    "Enter an ODS code of 3 to 6 capital letters and numbers, like RHM or QRL",
)


def new_security_stamp() -> str:
    return get_random_string(32)


class UserQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Deactivating in bulk (unused accounts) ends the sessions for good, as save() does.
        if kwargs.get("is_active") is False and "security_stamp" not in kwargs:
            kwargs["security_stamp"] = new_security_stamp()
        return super().update(**kwargs)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. They sign in with their email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    # Which contact details other members see in the directory (project workers see all).
    show_email = models.BooleanField("show my email address to other members", default=False)
    show_phone = models.BooleanField("show my phone number to other members", default=False)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the Django admin site.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Changed when the person's 2-step verification changes (portal/security.py), and each
    # time the account is saved while deactivated. It is part of the session hash, so their
    # other signed-in sessions end (the current one is kept), and a deactivated account's
    # sessions do not come back when it is reactivated.
    security_stamp = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]
        # The people directory lists people by name (35,000 at national scale).
        indexes = [models.Index(fields=["full_name", "id"], name="user_name_idx")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def save(self, *args, **kwargs) -> None:
        # Django will not load a deactivated account for a session, but the session would
        # work again if the account were reactivated: a new stamp ends it for good.
        if not self.is_active:
            self.security_stamp = new_security_stamp()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "security_stamp"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _get_session_auth_hash(self, secret=None):
        # Django's hash covers the password; ours also covers the security stamp. With no
        # stamp yet it is Django's own hash, so existing sessions stay valid.
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(
            key_salt, self.password + self.security_stamp, secret=secret, algorithm="sha256"
        ).hexdigest()


class Area(models.Model):
    """A piece of the network's geography: region, then ICB, then locality."""

    class Kind(models.TextChoices):
        REGION = "region", "Region"
        ICB = "icb", "Integrated care board area"
        LOCALITY = "locality", "Locality"

    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(max_length=20, blank=True, help_text="ONS or ODS code, if it has one")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_name_unique_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    _PARENT_KIND = {Kind.REGION: None, Kind.ICB: Kind.REGION, Kind.LOCALITY: Kind.ICB}

    def clean(self) -> None:
        expected = self._PARENT_KIND[self.Kind(self.kind)]
        actual = self.parent.kind if self.parent else None
        if expected != actual:
            if expected is None:
                raise ValidationError({"parent": "A region cannot sit inside another area."})
            raise ValidationError(
                {
                    "parent": f"A {self.get_kind_display().lower()} must sit inside a "
                    f"{self.Kind(expected).label.lower()}."
                }
            )


class ServiceType(models.Model):
    """A CQC service type or specialism, such as 'Nursing' or 'Dementia'."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="organisations")
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    website = models.URLField(blank=True)
    about = models.TextField(
        blank=True, help_text="A few sentences about the organisation, for other members."
    )
    # Care homes
    cqc_location_id = models.CharField(
        "CQC location ID",
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        validators=[cqc_location_id_validator],
    )
    registered_beds = models.PositiveIntegerField(null=True, blank=True)
    service_types = models.ManyToManyField(ServiceType, blank=True, related_name="organisations")
    # NHS bodies
    ods_code = models.CharField(
        "ODS code",
        max_length=6,
        null=True,
        blank=True,
        unique=True,
        validators=[ods_code_validator],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_care_home(self) -> bool:
        return self.kind == OrganisationKind.CARE_HOME

    def clean(self) -> None:
        errors = {}
        if self.kind != OrganisationKind.CARE_HOME:
            if self.cqc_location_id:
                errors["cqc_location_id"] = "Only care homes have a CQC location ID."
            if self.registered_beds is not None:
                errors["registered_beds"] = "Only care homes have registered beds."
        if self.ods_code and self.kind == OrganisationKind.CARE_HOME:
            errors["ods_code"] = "Care homes are identified by their CQC location ID."
        if errors:
            raise ValidationError(errors)


class Membership(models.Model):
    """A person's role in one organisation. One person may belong to several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    is_champion = models.BooleanField(
        "champion",
        default=False,
        help_text="Champions lead improvement work and cascade training at their home.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A single-use invitation to join one organisation in one role.

    Only a hash of the token is stored; the token itself travels only in the email.
    """

    email = models.EmailField()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_invitations",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # When the invitation email went (network.tasks.send_invitation_email): it goes once.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "accepted_at"])]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.cancelled_at:
            return "cancelled"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
