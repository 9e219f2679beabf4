import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError

from network.models import Area, Membership, Organisation, User
from network.roles import Role


def _snapshot():
    return (
        sorted(User.objects.values_list("email", "password", "is_active")),
        sorted(Membership.objects.values_list("user__email", "organisation__name", "role")),
        sorted(Organisation.objects.values_list("name", "cqc_location_id", "ods_code")),
        Area.objects.count(),
        Authenticator.objects.count(),
    )


@pytest.mark.django_db
def test_demo_network_covers_every_role_and_is_realistic(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    homes = Organisation.objects.filter(kind="care_home")
    assert homes.count() == 12
    assert all(home.full_clean() is None for home in homes)  # valid CQC IDs and beds
    assert Area.objects.filter(kind="icb").count() == 2
    assert Area.objects.filter(kind="locality").count() >= 4
    assert set(Organisation.objects.values_list("kind", flat=True)) >= {
        "care_home",
        "nhs_trust",
        "icb",
        "local_authority",
        "network_team",
    }
    assert 35 <= User.objects.count() <= 50
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert Membership.objects.filter(is_champion=True).exists()


@pytest.mark.django_db
def test_running_it_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = _snapshot()
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == first


@pytest.mark.django_db
def test_refuses_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="will not run when DEBUG is off"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
    call_command("seed_demo", force=True, verbosity=0)
    assert User.objects.filter(email="manager@oakfield.example").exists()


@pytest.mark.django_db
def test_demo_sign_ins_work(client, settings):
    from network import demo

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    response = client.post(
        "/accounts/login/", {"login": "carer@oakfield.example", "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200


@pytest.mark.django_db
def test_puts_back_reference_data_that_was_emptied(settings):
    # Browser tests run in real transactions that empty every table, themes included.
    from network.models import ServiceType, Theme

    settings.DEBUG = True
    Theme.objects.all().delete()
    ServiceType.objects.all().delete()
    call_command("seed_demo", verbosity=0)
    assert Theme.objects.filter(kind="my_home_life").count() == 8
    assert Theme.objects.filter(kind="topic").count() == 10
    assert ServiceType.objects.filter(name="Dementia").exists()
