"""Roles a member can hold in an organisation, and the rules that hang on them."""

from django.db import models


class Role(models.TextChoices):
    CARE_HOME_MANAGER = "manager", "Care home manager"
    CARE_HOME_STAFF = "staff", "Care home staff"
    PARTNER = "partner", "Partner"
    PROJECT_WORKER = "project_worker", "Project worker"
    NETWORK_ADMIN = "network_admin", "Network admin"


class OrganisationKind(models.TextChoices):
    CARE_HOME = "care_home", "Care home"
    NHS_TRUST = "nhs_trust", "NHS trust"
    ICB = "icb", "Integrated care board (ICB)"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    GP_PRACTICE = "gp_practice", "GP practice or primary care network"
    NETWORK_TEAM = "network_team", "Network team"
    OTHER = "other", "Other organisation"


# Roles that must use a second factor (an authenticator app) before doing anything else.
MFA_REQUIRED_ROLES = frozenset({Role.PARTNER, Role.PROJECT_WORKER, Role.NETWORK_ADMIN})

# Roles that run the whole network: they manage members of every organisation.
NETWORK_WIDE_ROLES = frozenset({Role.PROJECT_WORKER, Role.NETWORK_ADMIN})

NHS_KINDS = frozenset(
    {OrganisationKind.NHS_TRUST, OrganisationKind.ICB, OrganisationKind.GP_PRACTICE}
)


def roles_for_kind(kind: str) -> list[Role]:
    """The roles a member of an organisation of this kind can hold."""
    if kind == OrganisationKind.CARE_HOME:
        return [Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF]
    if kind == OrganisationKind.NETWORK_TEAM:
        return [Role.PROJECT_WORKER, Role.NETWORK_ADMIN]
    return [Role.PARTNER]
