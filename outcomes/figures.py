"""Checking a home's figures: shared by the forms (to show errors beside each box) and the
services (which check again before saving)."""

from __future__ import annotations

import re

from outcomes.models import NetworkMeasure

MAX_VALUE = 100_000


def field_name(measure: NetworkMeasure) -> str:
    return f"m{measure.pk}"


def lower_first(text: str) -> str:
    """ "Referrals to community nursing" -> "referrals to community nursing" (leaves "GP
    visits" alone)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def parse(raw) -> tuple[int | None, str]:
    """A typed figure as a whole number, or an error code: "missing", "not_number",
    "negative", "not_whole", "too_big"."""
    if isinstance(raw, int):
        text = str(raw)
    else:
        text = str(raw if raw is not None else "").strip().replace(",", "")
    if not text:
        return None, "missing"
    if re.fullmatch(r"-[0-9]+(\.[0-9]+)?", text):
        return None, "negative"
    if re.fullmatch(r"[0-9]+", text):
        if len(text) > len(str(MAX_VALUE)):
            return None, "too_big"
        value = int(text)
        return (value, "") if value <= MAX_VALUE else (None, "too_big")
    if re.fullmatch(r"[0-9]*\.[0-9]+", text):
        return None, "not_whole"
    return None, "not_number"


def message(measure: NetworkMeasure, code: str) -> str:
    what = lower_first(measure.title)
    return {
        "missing": f"Enter the number of {what} (enter 0 if there were none)",
        "not_number": f"{measure.title} must be a number, like 3",
        "negative": f"{measure.title} cannot be less than 0",
        "not_whole": f"{measure.title} must be a whole number, like 3",
        "too_big": f"{measure.title} must be {MAX_VALUE:,} or fewer",
    }[code]


def check(
    measures: list[NetworkMeasure],
    raw: dict[int, object],
    rules: list[tuple[NetworkMeasure, NetworkMeasure]],
) -> tuple[dict[int, int], dict[str, str]]:
    """The figures as whole numbers by measure id, and errors by form field name.

    Every measure needs a figure; a numerator cannot be more than its denominator
    ("Appropriate referrals cannot be more than referrals to community nursing")."""
    values: dict[int, int] = {}
    errors: dict[str, str] = {}
    for measure in measures:
        value, code = parse(raw.get(measure.pk))
        if code:
            errors[field_name(measure)] = message(measure, code)
        else:
            values[measure.pk] = value
    for numerator, denominator in rules:
        part, whole = values.get(numerator.pk), values.get(denominator.pk)
        if part is not None and whole is not None and part > whole:
            errors.setdefault(
                field_name(numerator),
                f"{numerator.title} cannot be more than {lower_first(denominator.title)}",
            )
    return values, errors
