import pytest
from django.core.exceptions import ValidationError

from network.models import Area, Organisation
from tests.factories import AreaFactory, OrganisationFactory


@pytest.mark.parametrize("cqc_id", ["1-123456789", "1-1000123456"])
def test_valid_cqc_location_ids(db, cqc_id):
    OrganisationFactory.build(cqc_location_id=cqc_id, area=AreaFactory()).full_clean()


@pytest.mark.parametrize("cqc_id", ["123456789", "1-12ab", "2-123456789", "1-", "1-12345"])
def test_invalid_cqc_location_ids_are_refused(db, cqc_id):
    home = OrganisationFactory.build(cqc_location_id=cqc_id, area=AreaFactory())
    with pytest.raises(ValidationError) as error:
        home.full_clean()
    assert "like 1-123456789" in str(error.value)


def test_only_care_homes_have_cqc_ids_and_beds(db):
    icb = Organisation(
        name="ICB",
        kind="icb",
        area=AreaFactory(),
        cqc_location_id="1-123456789",
        registered_beds=10,
    )
    with pytest.raises(ValidationError) as error:
        icb.full_clean()
    assert set(error.value.message_dict) == {"cqc_location_id", "registered_beds"}


@pytest.mark.parametrize(
    ("code", "ok"), [("RHM", True), ("QRL", True), ("rhm", False), ("R", False), ("RHM-01", False)]
)
def test_ods_codes(db, code, ok):
    trust = Organisation(name="Trust", kind="nhs_trust", area=AreaFactory(), ods_code=code)
    if ok:
        trust.full_clean()
    else:
        with pytest.raises(ValidationError):
            trust.full_clean()


def test_area_tree_is_region_then_icb_then_locality(db):
    region = AreaFactory(kind="region")
    icb = AreaFactory(kind="icb", parent=region)
    Area(name="Town", kind="locality", parent=icb).full_clean()
    with pytest.raises(ValidationError, match="must sit inside a integrated care board area"):
        Area(name="Town", kind="locality", parent=region).full_clean()
    with pytest.raises(ValidationError, match="cannot sit inside another area"):
        Area(name="Region", kind="region", parent=region).full_clean()


def test_emails_are_unique_whatever_the_case(db):
    from django.db import IntegrityError

    from network.models import User

    User.objects.create_user("Sam@Example.org", "x" * 12, full_name="Sam")
    with pytest.raises(IntegrityError):
        User.objects.create(email="SAM@example.org", full_name="Other Sam")
