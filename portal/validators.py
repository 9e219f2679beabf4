"""Free text must not identify residents. These validators say why when they refuse."""

import re

from django.core.exceptions import ValidationError

_TEN_DIGITS = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
_DATE_OF_BIRTH = re.compile(
    r"\b(d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*\d{1,2}[/.\- ]\d{1,2}[/.\- ]\d{2,4}",
    re.IGNORECASE,
)


def is_valid_nhs_number(digits: str) -> bool:
    """The NHS number's modulus 11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


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
