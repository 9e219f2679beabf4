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


def _worker_redis_url(url: str, worker_id: str) -> str:
    """Each pytest-xdist worker gets a Redis database of its own, counting down from the
    one in REDIS_URL (gw0 uses it, gw1 the one below...), so workers never clear each
    other's cache."""
    if worker_id in ("", "master"):
        return url
    base, _, db = url.rpartition("/")
    number = int(db or 0) - int(worker_id.removeprefix("gw"))
    if number < 0:
        raise RuntimeError(f"Not enough Redis databases below {url} for worker {worker_id}")
    return f"{base}/{number}"


@pytest.fixture(autouse=True)
def _isolate(settings, tmp_path, worker_id):
    settings.MEDIA_ROOT = tmp_path / "media"
    if settings.REDIS_URL:
        location = _worker_redis_url(settings.REDIS_URL, worker_id)
        if settings.CACHES["default"]["LOCATION"] != location:
            settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": location}}
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Query budgets measure pages with their figures worked out (tests/portal/test_figures_cache.py
    # turns the cache on).
    settings.FIGURES_CACHE = False
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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """At the end of the run, end any connection still open to the test database (a
    thread or a subprocess a test started), so pytest-django can drop it instead of
    failing with "database is being accessed by other users"."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
