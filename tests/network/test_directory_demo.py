"""The demo network's agreement, contact choices and home profiles."""

import pytest
from django.core.management import call_command

from network import demo_directory
from network.models import AgreementSignature, AgreementVersion, Organisation, User
from network.selectors_agreements import version_to_sign


def _snapshot():
    return (
        sorted(AgreementVersion.objects.values_list("version", "title", "body")),
        sorted(AgreementSignature.objects.values_list("version__version", "user__email")),
        sorted(User.objects.values_list("email", "show_email", "show_phone", "phone")),
        sorted(Organisation.objects.values_list("name", "about", "address", "postcode", "phone")),
    )


@pytest.mark.django_db
def test_demo_agreement_is_signed_by_all_but_the_unsigned_list(settings, monkeypatch):
    monkeypatch.setattr(demo_directory, "UNSIGNED", {"manager@oakfield.example"})
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    version = AgreementVersion.objects.get()
    assert "resident" in version.body and "blame" in version.body
    assert version_to_sign(User.objects.get(email="manager@oakfield.example")) == version
    for email in ("carer@oakfield.example", "partner@icb.example", "admin@network.example"):
        assert version_to_sign(User.objects.get(email=email)) is None
    assert AgreementSignature.objects.count() == User.objects.count() - 1
    tom = User.objects.get(email="carer@oakfield.example")
    assert tom.full_name == "Tom Walsh" and tom.show_email
    oakfield = Organisation.objects.get(name="Oakfield House")
    assert oakfield.about and oakfield.postcode and oakfield.full_clean() is None


@pytest.mark.django_db
def test_running_the_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = _snapshot()
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == first
