"""The cast used across tests.

Two care homes, A and B. At home A: Mona the manager and Sid the staff member. At home B:
Bea the manager (an outsider to A). Pat is an ICB partner, Will a project worker, Ada a
network admin. Partners, project workers and admins have an authenticator app set up.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from network.models import Organisation, User
from network.roles import OrganisationKind, Role
from tests.factories import AreaFactory, MembershipFactory, OrganisationFactory, with_mfa


@pytest.fixture(autouse=True)
def _isolate(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@dataclass
class Cast:
    home_a: Organisation
    home_b: Organisation
    icb: Organisation
    team: Organisation
    mona: User  # manager, home A
    sid: User  # staff, home A
    bea: User  # manager, home B
    pat: User  # partner at the ICB
    will: User  # project worker
    ada: User  # network admin


@pytest.fixture
def cast(db) -> Cast:
    region = AreaFactory(name="South East", kind="region")
    icb_area = AreaFactory(name="Solent ICB area", kind="icb", parent=region)
    locality = AreaFactory(name="Southampton", kind="locality", parent=icb_area)
    home_a = OrganisationFactory(name="Oak House", area=locality)
    home_b = OrganisationFactory(name="Birch House", area=locality)
    icb = OrganisationFactory(
        name="Solent ICB",
        kind=OrganisationKind.ICB,
        area=icb_area,
        cqc_location_id=None,
        registered_beds=None,
        ods_code="QZZ",
    )
    team = OrganisationFactory(
        name="Network team",
        kind=OrganisationKind.NETWORK_TEAM,
        area=region,
        cqc_location_id=None,
        registered_beds=None,
    )

    def member(name, org, role, mfa=False):
        m = MembershipFactory(
            user__full_name=name,
            user__email=f"{name.lower()}@example.org",
            organisation=org,
            role=role,
        )
        return with_mfa(m.user) if mfa else m.user

    ada = member("Ada", team, Role.NETWORK_ADMIN, mfa=True)
    ada.is_staff = ada.is_superuser = True
    ada.save()
    return Cast(
        home_a=home_a,
        home_b=home_b,
        icb=icb,
        team=team,
        mona=member("Mona", home_a, Role.CARE_HOME_MANAGER),
        sid=member("Sid", home_a, Role.CARE_HOME_STAFF),
        bea=member("Bea", home_b, Role.CARE_HOME_MANAGER),
        pat=member("Pat", icb, Role.PARTNER, mfa=True),
        will=member("Will", team, Role.PROJECT_WORKER, mfa=True),
        ada=ada,
    )
