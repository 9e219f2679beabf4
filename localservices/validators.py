"""Checks on a service's contact details, each with a message that says what to type."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

PHONE_MESSAGE = "Enter a phone number, like 01632 960 001 or +44 1632 960 001"
URL_MESSAGE = "Enter the address in full, like https://www.example.org/"
EMAIL_MESSAGE = "Enter an email address in the right format, like name@example.org"

_SEPARATORS = re.compile(r"[\s\-().]")
# NHS and emergency numbers a service may give instead of a full number.
SHORT_NUMBERS = {"111", "999", "116123"}


def uk_phone(value: str) -> None:
    """A UK phone number: 0 then 9 or 10 digits (spaces, brackets and dashes allowed),
    or the same written with +44 instead of the 0, or 111."""
    digits = _SEPARATORS.sub("", value or "")
    if digits in SHORT_NUMBERS:
        return
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("0")
    if not (digits.isdigit() and digits.startswith("0") and 10 <= len(digits) <= 11):
        raise ValidationError(PHONE_MESSAGE, code="phone")


web_address = URLValidator(schemes=["http", "https"], message=URL_MESSAGE)
