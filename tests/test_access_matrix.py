"""Every URL in the project × every role: the status code each role gets.

`test_every_url_has_an_access_entry` fails when a URL pattern has no entry here, so each
new page must say who may use it. For refused writes the test also checks that nothing in
the database changed.

Roles (see tests/conftest.py): anonymous; Sid, staff at home A; Mona, manager at home A;
Bea, manager at home B (an outsider to A); Pat, ICB partner; Will, project worker; Ada,
network admin. Object URLs point at home A's objects.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from network.models import Invitation, Membership, User
from tests.access import (
    audit,
    dashboards_area,
    dashboards_home,
    dashboards_reports,
    digests,
    directory,
    events,
    foundation,
    localservices,
    needs,
    outcomes,
    privacy,
    public,
    qi,
    qi_cycles,
    qi_measures,
    qi_projects,
    qi_sharing,
    surveys,
    training,
    training_authoring,
    training_impact,
    training_learning,
    training_library,
)
from tests.access.base import LOGIN, ROLES

AREAS = [
    foundation,
    events,
    directory,
    needs,
    surveys,
    qi,
    qi_projects,
    qi_cycles,
    qi_measures,
    qi_sharing,
    training_library,
    training_authoring,
    training_learning,
    training_impact,
    dashboards_area,
    dashboards_home,
    dashboards_reports,
    digests,
    outcomes,
    localservices,
    public,
    audit,
    privacy,
]
MATRIX = [entry for area in AREAS for entry in area.ENTRIES]
# Which area module listed each entry: a case builds only that area's rows (and the rows
# the qi_* and training_* areas share from tests/access/qi.py and training.py).
AREA_OF = {id(entry): area for area in AREAS for entry in area.ENTRIES}

# Pages from django-allauth. Signed out, each answers (200), redirects to sign-in or to an
# earlier step (302); none may fail. Staff-only pages live under the Django admin.
ALLAUTH_PUBLIC = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_logout",
    "account_inactive",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "account_reauthenticate",
}


def _url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _dummy_kwargs(pattern: URLPattern) -> dict:
    """Values that fit the URL's parameters, so it can be reversed and requested."""
    names = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
    return {name: "network" if name == "app_label" else "x1x1x1x1" for name in names}


def test_every_url_has_an_access_entry():
    all_names = {name for name, _ in _url_names()}
    assert ALLAUTH_PUBLIC <= all_names, ALLAUTH_PUBLIC - all_names
    covered = {entry.name for entry in MATRIX}
    missing = []
    for name, _ in _url_names():
        if name.startswith("admin:") or name in covered:
            continue
        if name.startswith(("account_", "mfa_")) and name in ALLAUTH_PUBLIC | _signed_in_allauth():
            continue
        missing.append(name)
    assert not missing, f"URLs with no entry in the access matrix: {sorted(set(missing))}"


def _signed_in_allauth():
    return {name for name, _ in _url_names() if name.startswith(("account_", "mfa_"))} - (
        ALLAUTH_PUBLIC
    )


def _fingerprint():
    """What a refused write must not change."""
    return (
        sorted(Membership.objects.values_list("pk", "role", "is_champion")),
        sorted(Invitation.objects.values_list("pk", "accepted_at", "cancelled_at")),
        sorted(User.objects.values_list("pk", "full_name", "is_active")),
        *(area.fingerprint() for area in AREAS if hasattr(area, "fingerprint")),
    )


def _objects_for(area, cast) -> dict:
    found = {}
    if area.__name__.startswith("tests.access.qi_"):
        found.update(qi.objects(cast))
    if area.__name__.startswith("tests.access.training_"):
        found.update(training.objects(cast))
    found.update(area.objects(cast))
    return found


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("entry", MATRIX, ids=[f"{e.method.upper()} {e.name}" for e in MATRIX])
def test_access(client, cast, entry, role):
    objs = _objects_for(AREA_OF[id(entry)], cast)
    user = None if role == "anonymous" else getattr(cast, role)
    if user:
        client.force_login(user)
    url = reverse(entry.name, args=entry.args(cast, objs))
    before = _fingerprint()
    response = getattr(client, entry.method)(url, entry.data(cast, objs, user))
    expected = entry.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, (role, response.status_code)
    if entry.writes and (expected in (403, 404, LOGIN) or response.status_code == 200):
        assert _fingerprint() == before, "a refused write changed the database"


@pytest.mark.parametrize("name", sorted(ALLAUTH_PUBLIC))
def test_allauth_pages_answer_signed_out(client, db, name):
    response = client.get(reverse(name, kwargs=_dummy_kwargs(dict(_url_names())[name])))
    assert response.status_code in (200, 302), response.status_code


@pytest.mark.parametrize("name", sorted(_signed_in_allauth()))
def test_allauth_account_pages_need_sign_in(client, db, name):
    response = client.get(reverse(name, kwargs=_dummy_kwargs(dict(_url_names())[name])))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(n for n, _ in _url_names() if n.startswith("admin:")))
def test_admin_refuses_people_who_are_not_staff(client, cast, name):
    url = reverse(name, kwargs=_dummy_kwargs(dict(_url_names())[name]))
    client.force_login(cast.mona)
    response = client.get(url)
    # Refused one way or another: redirected to sign in, forbidden, or not found.
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response.url.startswith(("/admin/login/", "/accounts/login/", "/admin/"))
        assert client.get(response.url).status_code != 200 or "login" in response.url


def test_admin_works_for_a_network_admin(client, cast):
    client.force_login(cast.ada)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/network/organisation/").status_code == 200
