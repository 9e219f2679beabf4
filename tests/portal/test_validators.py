import pytest
from django.core.exceptions import ValidationError

from portal.validators import is_valid_nhs_number, no_resident_identifiers


def test_nhs_number_check_digit():
    assert is_valid_nhs_number("9434765919")
    assert not is_valid_nhs_number("9434765918")
    assert not is_valid_nhs_number("123")


@pytest.mark.parametrize(
    "text", ["Resident 943 476 5919 fell", "NHS no 943-476-5919", "9434765919"]
)
def test_valid_nhs_numbers_are_refused(text):
    with pytest.raises(ValidationError, match="Remove the NHS number"):
        no_resident_identifiers(text)


@pytest.mark.parametrize("text", ["DOB 12/03/1941", "date of birth: 1.2.39", "born on 3-4-1930"])
def test_dates_of_birth_are_refused(text):
    with pytest.raises(ValidationError, match="Remove the date of birth"):
        no_resident_identifiers(text)


@pytest.mark.parametrize(
    "text",
    ["We had 12 falls in March", "Call 023 8000 1234", "Meeting on 12/03/2026", "9434765918", ""],
)
def test_ordinary_text_passes(text):
    no_resident_identifiers(text)
