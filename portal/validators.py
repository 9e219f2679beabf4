"""Free text must not identify residents. These validators say why when they refuse."""

import re

import nhs_number
from django.core.exceptions import ValidationError

_TEN_DIGITS = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
_DATE_OF_BIRTH = re.compile(
    r"\b(d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*\d{1,2}[/.\- ]\d{1,2}[/.\- ]\d{2,4}",
    re.IGNORECASE,
)


def is_valid_nhs_number(digits: str) -> bool:
    """Ten digits whose modulus 11 check digit is right (the nhs-number package decides)."""
    return len(digits) == 10 and digits.isdigit() and nhs_number.is_valid(digits)


def no_resident_identifiers(text: str) -> None:
    """Refuse text holding a valid NHS number or a date of birth."""
    for match in _TEN_DIGITS.finditer(text or ""):
        if is_valid_nhs_number("".join(match.groups())):
            raise ValidationError(
                "Remove the NHS number. Do not write anything here that could identify a "
                "resident: other homes and partners may read it.",
                code="nhs_number",
            )
    if _DATE_OF_BIRTH.search(text or ""):
        raise ValidationError(
            "Remove the date of birth. Do not write anything here that could identify a "
            "resident: other homes and partners may read it.",
            code="date_of_birth",
        )
